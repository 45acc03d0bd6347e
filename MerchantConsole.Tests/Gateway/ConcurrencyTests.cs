using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Tests.Gateway;

/// <summary>Many staff (or a merchant's retrying server) cancelling the same sale at once.</summary>
public sealed class ConcurrencyTests(InstantRefundsFixture fixture) : IClassFixture<InstantRefundsFixture>
{
    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task Twenty_parallel_partial_cancels_refund_at_most_ten_times_never_more_than_captured_and_match_Amazon_to_the_yen()
    {
        const long captured = 1_000_000;
        const long part = 60_000;
        var id = await H.SalesAsync(captured);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => H.CancelAsync(id, part, 0))));

        var succeeded = results.Count(r => r.IsSuccess);
        Assert.InRange(succeeded, 1, 10);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.True(
            r.Error!.ErrInfo is "E82000001" or "E90010001" || r.Error.ErrInfo.StartsWith("E11", StringComparison.Ordinal), r.Error.ToString()));

        // Then one at a time until the rule of ten stops it: the limit holds across both phases.
        var sequential = 0;
        GatewayResult<GatewayTransaction> last;
        while ((last = await H.CancelAsync(id, part, 0)).IsSuccess)
        {
            sequential++;
        }

        Assert.Equal(GatewayErrors.PartialRefundLimit.ErrInfo, last.Error?.ErrInfo);
        Assert.Equal(10, succeeded + sequential);

        var row = await H.RowAsync(id);
        Assert.Equal((TransactionState.Sales, 10), (row.State, row.PartialRefunds));
        Assert.Equal(10 * part, row.CancelledAmount);
        Assert.True(row.CancelledAmount + row.CancelledTax <= row.CapturedAmount + row.CapturedTax);
        Assert.Equal(10, row.Refunds.Count(r => r.State == GatewayRefundState.Refunded));
        await using var db = await H.DbAsync();
        var refunds = await db.SandboxRefunds.Where(r => r.ChargeId == row.ChargeId).ToListAsync();
        Assert.Equal(row.CancelledAmount + row.CancelledTax, refunds.Where(r => r.State == "Refunded").Sum(r => r.Amount));
        Assert.Equal(10, refunds.Count);
        Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
    }
}

using MerchantConsole.Core;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;

namespace MerchantConsole.Tests.Gateway;

/// <summary>
/// The engine itself, called with a shop that does not own the transaction (every console and API path checks first;
/// this is the engine's own line): "no such order", the row untouched, nothing journaled — never an exception.
/// </summary>
public sealed class ForeignShopTests(InstantRefundsFixture fixture) : IClassFixture<InstantRefundsFixture>
{
    private const string OtherShop = "another-shop";

    private GatewayHarness H => fixture.Harness;

    [Fact]
    public async Task Every_operation_on_another_shops_transaction_answers_order_not_found_and_changes_nothing()
    {
        var authorized = await H.AuthorizedAsync(5_000);
        var (entered, _) = await H.EntryAsync(PaymentType.OneTime, JobCd.Auth, 3_000);
        var before = (await H.RowAsync(authorized), await H.RowAsync(entered));
        var journal = (await H.JournalAsync(authorized)).Count + (await H.JournalAsync(entered)).Count;

        var answers = new[]
        {
            await H.Gateway.CaptureAsync(OtherShop, authorized, null, null, H.Staff),
            await H.Gateway.CancelAsync(OtherShop, authorized, null, null, H.Staff),
            await H.Gateway.CancelAsync(OtherShop, authorized, new Yen(100), Yen.Zero, H.Staff),
            await H.Gateway.ChangeAmountAsync(OtherShop, authorized, new Yen(4_000), Yen.Zero, H.Staff),
        };
        var exec = await H.Gateway.ExecAsync(OtherShop, entered, new ExecInput("https://merchant.example/result"), new Uri("http://127.0.0.1/"), H.Staff);

        Assert.All(answers, answer => Assert.Equal(GatewayErrors.OrderNotFound.ErrInfo, answer.Error?.ErrInfo));
        Assert.Equal(GatewayErrors.OrderNotFound.ErrInfo, exec.Error?.ErrInfo);
        var after = (await H.RowAsync(authorized), await H.RowAsync(entered));
        Assert.Equal((before.Item1.State, before.Item1.Version, before.Item2.State, before.Item2.Version),
            (after.Item1.State, after.Item1.Version, after.Item2.State, after.Item2.Version));
        Assert.Equal(journal, (await H.JournalAsync(authorized)).Count + (await H.JournalAsync(entered)).Count);
    }
}

using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Transactions;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Transactions;

/// <summary>一括実売上 against the real app and sandbox: only AUTH rows are taken, each row's result is kept.</summary>
public sealed class BulkCaptureTests : IAsyncLifetime
{
    private GatewayHarness harness = null!;

    public async Task InitializeAsync() => harness = await GatewayHarness.StartAsync();

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_AUTH_row_matching_the_filter_is_captured_once_and_a_declined_one_is_reported_with_its_reason()
    {
        var authorized = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            authorized.Add(await harness.AuthorizedAsync(1000 + i));
        }

        var alreadySold = await harness.SalesAsync(700);
        var bulk = harness.Service<BulkCapture>();
        var owner = harness.Sandbox.Owner;

        var preview = await bulk.PreviewAsync(owner, null, new TransactionFilter());
        Assert.Equal(4, preview!.Count);
        Assert.Equal(new Yen(1000 + 1001 + 1002 + 1003), preview.Total);
        Assert.DoesNotContain(alreadySold, preview.Ids);

        await harness.AddFaultAsync(SandboxFaultKind.CaptureDecline);
        var jobId = await bulk.StartAsync(owner, preview);
        var worker = harness.Console.Services.GetRequiredService<BulkCaptureWorker>();
        BulkCaptureJob? job;
        do
        {
            await worker.RunOnceAsync();
            job = await bulk.JobAsync(owner, jobId!.Value);
        }
        while (job!.FinishedAt is null);

        Assert.Equal(3, job.Items.Count(i => i.Status == BulkItemStatus.Succeeded));
        var failed = Assert.Single(job.Items, i => i.Status == BulkItemStatus.Failed);
        Assert.StartsWith("E30", failed.ErrorCode, StringComparison.Ordinal);
        foreach (var item in job.Items)
        {
            var row = await harness.RowAsync(item.TransactionId);
            Assert.Equal(item.Status == BulkItemStatus.Succeeded ? TransactionState.Sales : TransactionState.Auth, row.State);
        }
    }

    [Fact]
    public async Task A_row_an_earlier_attempt_already_captured_is_reported_as_captured_not_failed()
    {
        var first = await harness.AuthorizedAsync(1200);
        var second = await harness.AuthorizedAsync(1300);
        var bulk = harness.Service<BulkCapture>();
        var owner = harness.Sandbox.Owner;
        var jobId = await bulk.StartAsync(owner, (await bulk.PreviewAsync(owner, [first, second], null))!);

        // What a claim that died after the gateway captured leaves behind: the row is SALES, the bulk item still waits.
        Assert.True((await harness.CaptureAsync(first)).IsSuccess);
        var worker = harness.Console.Services.GetRequiredService<BulkCaptureWorker>();
        BulkCaptureJob? job;
        do
        {
            await worker.RunOnceAsync();
            job = await bulk.JobAsync(owner, jobId!.Value);
        }
        while (job!.FinishedAt is null);

        Assert.All(job.Items, i => Assert.Equal(BulkItemStatus.Succeeded, i.Status));
        Assert.Contains("earlier attempt", job.Items.Single(i => i.TransactionId == first).Message, StringComparison.Ordinal);
        Assert.Equal(TransactionState.Sales, (await harness.RowAsync(first)).State);
        Assert.Equal(TransactionState.Sales, (await harness.RowAsync(second)).State);
    }

    [Fact]
    public async Task Rows_picked_by_hand_are_narrowed_to_AUTH_and_a_Viewer_cannot_start_a_job()
    {
        var auth = await harness.AuthorizedAsync(900);
        var sold = await harness.SalesAsync(800);
        var bulk = harness.Service<BulkCapture>();

        var preview = await bulk.PreviewAsync(harness.Sandbox.Owner, [auth, sold], null);
        Assert.Equal([auth], preview!.Ids);

        await using (var db = await harness.DbAsync())
        {
            db.ShopMembers.Single().Role = MerchantConsole.Core.Shops.ShopRole.Viewer;
            await db.SaveChangesAsync();
        }

        Assert.Null(await bulk.PreviewAsync(harness.Sandbox.Owner, [auth], null));
        Assert.Null(await bulk.StartAsync(harness.Sandbox.Owner, preview));
    }
}

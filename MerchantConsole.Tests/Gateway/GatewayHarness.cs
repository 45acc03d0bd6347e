using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Gateway;

/// <summary>A transaction the harness drove through the real engine: its row ID, AccessID and checkout session.</summary>
public sealed record Driven(long Id, string AccessId, string? SessionId, GatewayResult<GatewayTransaction> Result);

/// <summary>
/// The real console with its sandbox and a shop whose Amazon Pay settings passed the connection test, so the
/// engine talks to the sandbox with the shop's own key. Every starting state of the manual's tables is reached
/// through the engine's own operations, never by writing rows. The sync loop is parked (one pass at startup,
/// then hourly) so tests drive it with explicit passes.
/// </summary>
public sealed class GatewayHarness : IAsyncDisposable
{
    private static int orders;

    private readonly bool ownsConsole;

    private GatewayHarness(SandboxHarness sandbox, string shopId, bool ownsConsole = true)
    {
        Sandbox = sandbox;
        ShopId = shopId;
        this.ownsConsole = ownsConsole;
    }

    public SandboxHarness Sandbox { get; }

    /// <summary>The shop this harness drives: the test shop, or another shop of the same console.</summary>
    public string ShopId { get; }

    public TestConsole Console => Sandbox.Console;

    public GatewayActor Staff => GatewayActor.Staff(Sandbox.Owner);

    public PaymentGateway Gateway => Service<PaymentGateway>();

    public PermissionOperations Permissions => Service<PermissionOperations>();

    public GatewaySync Sync => Service<GatewaySync>();

    public GatewayWorker Worker => Console.Services.GetRequiredService<GatewayWorker>();

    public static Task<GatewayHarness> StartAsync(params string[] extraArgs) => StartOnDatabaseAsync(null, extraArgs);

    /// <summary>Starts the console (on <paramref name="databasePath"/> when given, so a later console can reopen it) and configures the shop.</summary>
    public static async Task<GatewayHarness> StartOnDatabaseAsync(string? databasePath, params string[] extraArgs)
    {
        var sandbox = await SandboxHarness.StartAsync([
            "--Gateway:Sync:FirstDelaySeconds=0",
            "--Gateway:Sync:IntervalSeconds=3600",
            .. databasePath is null ? Array.Empty<string>() : [$"--ConnectionStrings:Default=DataSource={databasePath}"],
            .. extraArgs]);
        try
        {
            await ConfigureShopAsync(sandbox);
            return new GatewayHarness(sandbox, TestConsole.ShopId);
        }
        catch
        {
            await sandbox.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A second shop on the same console (created by the first shop's Owner, who is the gateway admin), with its own
    /// Owner, its own sandbox key and its Amazon Pay settings configured the same way. Disposing it leaves the console running.
    /// </summary>
    public async Task<GatewayHarness> AddShopAsync(string shopId, string shopName, string ownerEmail, string ownerPassword)
    {
        var created = await Service<ShopAdministration>().CreateShopAsync(new NewShop(shopId, shopName, ownerEmail, ownerPassword), Sandbox.Owner);
        Assert.True(created.Succeeded, created.ErrorKey + " " + created.Detail);
        var sandbox = await SandboxHarness.ForShopAsync(Console, await SandboxHarness.OwnerAsync(Console, ownerEmail));
        await ConfigureShopAsync(sandbox);
        return new GatewayHarness(sandbox, shopId, ownsConsole: false);
    }

    /// <summary>The settings screen's path: IDs saved, the key uploaded, the connection test passed (which activates the key).</summary>
    private static async Task ConfigureShopAsync(SandboxHarness sandbox)
    {
        T Get<T>()
            where T : notnull => sandbox.Console.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

        var settings = Get<AmazonPaySettingsService>();
        var view = (await settings.GetAsync(sandbox.Owner))!;
        var saved = await settings.SaveAsync(sandbox.Owner, new SettingsInput(
            "テスト商店 本店", false, sandbox.Key.PublicKeyId, sandbox.Key.MerchantId, sandbox.Key.StoreId,
            AmazonPayEnvironment.Sandbox, null, 100_000, view.Version));
        Assert.True(saved.Succeeded, saved.Refusal?.English);
        view = (await settings.GetAsync(sandbox.Owner))!;
        var uploaded = await settings.UploadKeyAsync(sandbox.Owner, Encoding.UTF8.GetBytes(sandbox.Key.PrivateKeyPem), view.Version);
        Assert.True(uploaded.Succeeded, uploaded.Refusal?.English);
        var report = await Get<ConnectionTester>().RunAsync(sandbox.Owner);
        Assert.True(report!.Passed, report.English + " " + report.Technical);
    }

    public T Service<T>()
        where T : notnull => Console.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public async Task<ApplicationDbContext> DbAsync() =>
        await Console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    public async Task<GatewayTransaction> RowAsync(long id)
    {
        await using var db = await DbAsync();
        return await db.GatewayTransactions.AsNoTracking().Include(t => t.Refunds).Include(t => t.AmountChanges).SingleAsync(t => t.Id == id);
    }

    public async Task<List<GatewayJournalEntry>> JournalAsync(long id)
    {
        await using var db = await DbAsync();
        return await db.GatewayJournal.AsNoTracking().Where(j => j.TransactionId == id).OrderBy(j => j.Id).ToListAsync();
    }

    public async Task<GatewayPermission> PermissionAsync(string chargePermissionId)
    {
        await using var db = await DbAsync();
        return await db.GatewayPermissions.AsNoTracking().Include(p => p.Charges).SingleAsync(p => p.ChargePermissionId == chargePermissionId);
    }

    public static string NewOrderId() => $"o{Environment.ProcessId % 1000:000}-{Interlocked.Increment(ref orders):000000}-{Guid.NewGuid():N}"[..27];

    /// <summary>取引登録: a new UNPROCESSED transaction.</summary>
    public async Task<(long Id, string AccessId)> EntryAsync(PaymentType type, JobCd jobCd, long amount, long tax = 0)
    {
        var entry = await Gateway.EntryAsync(ShopId, new EntryInput(NewOrderId(), type, jobCd, new Yen(amount), new Yen(tax)), Staff);
        Assert.True(entry.IsSuccess, entry.Error?.ToString());
        await using var db = await DbAsync();
        var id = await db.GatewayTransactions.Where(t => t.AccessId == entry.Value.AccessId).Select(t => t.Id).SingleAsync();
        return (id, entry.Value.AccessId);
    }

    /// <summary>What the Amazon Pay button does in the buyer's browser: a session is created and the buyer picks who pays.</summary>
    public async Task<string> ButtonSessionAsync(bool recurring = false, bool allowOvercharge = false)
    {
        var created = await Sandbox.Client.CreateCheckoutSessionAsync(
            Sandbox.Credentials, Sandbox.NewSession(recurring ? ChargePermissionType.Recurring : ChargePermissionType.OneTime, allowOvercharge),
            AmazonPayClient.NewIdempotencyKey());
        Assert.True(created.IsSuccess, created.Error?.Message);
        var id = created.Value!.CheckoutSessionId;
        var buyer = SandboxBuyers.All[0];
        var chosen = await Sandbox.Buyers.ChooseAsync(id, buyer.BuyerId, buyer.PaymentMethods[0].Id, Sandbox.Origin);
        Assert.True(chosen.Succeeded, chosen.ErrorKey);
        return id;
    }

    public Task<GatewayResult<ExecResult>> ExecAsync(long id, string sessionId, PaymentType type) =>
        Gateway.ExecAsync(ShopId, id, new ExecInput(
            "https://merchant.example/ret", CheckoutSessionId: sessionId, Description: "テスト注文",
            FrequencyUnit: type == PaymentType.OneTime ? null : FrequencyUnit.Month,
            FrequencyValue: type == PaymentType.OneTime ? null : 1), Console.Address, Staff);

    /// <summary>取引登録 → button → 決済実行 (REQSUCCESS): the transaction and its start token.</summary>
    public async Task<(long Id, string AccessId, string SessionId, string Token)> ReqSuccessAsync(
        PaymentType type, JobCd jobCd, long amount, long tax = 0, bool allowOvercharge = false)
    {
        var (id, accessId) = await EntryAsync(type, jobCd, amount, tax);
        var session = await ButtonSessionAsync(type != PaymentType.OneTime, allowOvercharge);
        var exec = await ExecAsync(id, session, type);
        Assert.True(exec.IsSuccess, exec.Error?.ToString());
        Assert.Equal(TransactionState.ReqSuccess, exec.Value.Transaction.State);
        return (id, accessId, session, exec.Value.Token!);
    }

    /// <summary>… → 支払手続き開始 (AUTHPROCESS).</summary>
    public async Task<(long Id, string AccessId, string SessionId)> AuthProcessAsync(
        PaymentType type, JobCd jobCd, long amount, long tax = 0, bool allowOvercharge = false)
    {
        var (id, accessId, session, token) = await ReqSuccessAsync(type, jobCd, amount, tax, allowOvercharge);
        var start = await Gateway.StartAsync(accessId, token, Console.Address);
        Assert.True(start.IsSuccess, start.Error?.ToString());
        return (id, accessId, session);
    }

    /// <summary>… → the buyer answers on Amazon's page → the return (the customer's result).</summary>
    public async Task<Driven> PaidAsync(
        JobCd jobCd, long amount, long tax = 0, PaymentType type = PaymentType.OneTime, string outcome = "Approve", bool allowOvercharge = false)
    {
        var (id, accessId, session) = await AuthProcessAsync(type, jobCd, amount, tax, allowOvercharge);
        var confirmed = await Sandbox.Buyers.ConfirmAsync(session, outcome);
        Assert.True(confirmed.Succeeded, confirmed.ErrorKey);
        return new Driven(id, accessId, session, await Gateway.ReturnAsync(accessId, session));
    }

    public async Task<long> AuthorizedAsync(long amount, long tax = 0, bool allowOvercharge = false, PaymentType type = PaymentType.OneTime)
    {
        var paid = await PaidAsync(JobCd.Auth, amount, tax, type, allowOvercharge: allowOvercharge);
        Assert.True(paid.Result.IsSuccess, paid.Result.Error?.ToString());
        Assert.Equal(TransactionState.Auth, paid.Result.Value.State);
        return paid.Id;
    }

    public async Task<long> SalesAsync(long amount, long tax = 0)
    {
        var id = await AuthorizedAsync(amount, tax);
        var captured = await Gateway.CaptureAsync(ShopId, id, null, null, Staff);
        Assert.True(captured.IsSuccess, captured.Error?.ToString());
        Assert.Equal(TransactionState.Sales, captured.Value.State);
        return id;
    }

    public async Task<long> CapturedAsync(long amount, long tax = 0)
    {
        var paid = await PaidAsync(JobCd.Capture, amount, tax);
        Assert.True(paid.Result.IsSuccess, paid.Result.Error?.ToString());
        Assert.Equal(TransactionState.Capture, paid.Result.Value.State);
        return paid.Id;
    }

    /// <summary>利用承諾のみ to REGISTER: the registration transaction and the charge permission ID.</summary>
    public async Task<(long Id, string ChargePermissionId)> RegisteredAsync()
    {
        var paid = await PaidAsync(JobCd.Auth, 0, 0, PaymentType.RegistrationOnly);
        Assert.True(paid.Result.IsSuccess, paid.Result.Error?.ToString());
        Assert.Equal(TransactionState.Register, paid.Result.Value.State);
        return (paid.Id, paid.Result.Value.ChargePermissionId!);
    }

    /// <summary>随時決済: 取引登録 then 決済実行 on the permission.</summary>
    public async Task<(long Id, GatewayResult<ExecResult> Result)> RecurringAsync(string chargePermissionId, JobCd jobCd, long amount, long tax = 0)
    {
        var (id, _) = await EntryAsync(PaymentType.Recurring, jobCd, amount, tax);
        var exec = await Gateway.ExecAsync(ShopId, id,
            new ExecInput("https://merchant.example/ret", ChargePermissionId: chargePermissionId), Console.Address, Staff);
        return (id, exec);
    }

    public Task<GatewayResult<GatewayTransaction>> CaptureAsync(long id) => Gateway.CaptureAsync(ShopId, id, null, null, Staff);

    public Task<GatewayResult<GatewayTransaction>> CancelAsync(long id, long? amount = null, long? tax = null) =>
        Gateway.CancelAsync(ShopId, id, amount is null ? null : new Yen(amount.Value), tax is null ? null : new Yen(tax.Value), Staff);

    public Task<GatewayResult<GatewayTransaction>> ChangeAmountAsync(long id, long amount, long tax = 0) =>
        Gateway.ChangeAmountAsync(ShopId, id, new Yen(amount), new Yen(tax), Staff);

    /// <summary>Amazon finishes everything it has pending (the sandbox's control), then the gateway asks about one transaction.</summary>
    public async Task<bool> SettleAtAmazonThenSyncAsync(long id)
    {
        await Sandbox.ControlAsync(HttpMethod.Post, "settle");
        return await Sync.SettleOneAsync(id);
    }

    public Task AddFaultAsync(SandboxFaultKind kind, int remaining = 1) => Sandbox.AddFaultAsync(kind, remaining);

    public ValueTask DisposeAsync()
    {
        if (ownsConsole)
        {
            return Sandbox.DisposeAsync();
        }

        Sandbox.Credentials.Key.Dispose();
        Sandbox.Http.Dispose();
        return ValueTask.CompletedTask;
    }
}

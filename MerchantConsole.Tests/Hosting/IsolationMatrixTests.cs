using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Api;
using MerchantConsole.Tests.Gateway;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using MerchantConsole.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// Shop A (the test shop) with an Owner, an Operator and a Viewer who belong to A only; shop B with its own Owner, sandbox
/// key and every kind of object: an authorization, a captured sale, a registration with a recurring charge on it, a
/// finished bulk capture job, a sandbox fault. Amounts of B are odd figures that appear nowhere else.
/// </summary>
public sealed class IsolationFixture : IAsyncLifetime
{
    public const string Password = "isolation long password";
    public const string OwnerBEmail = "owner-b@example.test";
    public const string ShopBName = "秘密の二号店";

    private GatewayHarness? a;
    private GatewayHarness? b;

    public GatewayHarness A => a ?? throw new InvalidOperationException("Not started.");

    public GatewayHarness B => b ?? throw new InvalidOperationException("Not started.");

    public Dictionary<ShopRole, ActorRef> StaffOfA { get; } = [];

    public ActorRef OwnerB { get; private set; } = null!;

    public long AuthB { get; private set; }

    public long SalesB { get; private set; }

    public long RegistrationB { get; private set; }

    public long RecurringB { get; private set; }

    public string PermissionB { get; private set; } = "";

    public long BulkJobB { get; private set; }

    public long FaultB { get; private set; }

    /// <summary>Everything of B that must never appear in an answer to A: IDs, passes, names and amounts (in every format shown).</summary>
    public List<string> SecretsOfB { get; } = [];

    public Dictionary<long, (string OrderId, string AccessId, string AccessPass, string? SessionId)> KeysOfB { get; } = [];

    public async Task InitializeAsync()
    {
        // Notifications are attempted once at startup and then hourly, so nothing writes behind the snapshots' backs.
        a = await GatewayHarness.StartAsync("--Gateway:Notifications:PollSeconds=3600");
        b = await a.AddShopAsync("shopb0001", ShopBName, OwnerBEmail, Password);
        OwnerB = await SandboxHarness.OwnerAsync(A.Console, OwnerBEmail);
        var staff = A.Service<StaffDirectory>();
        foreach (var role in new[] { ShopRole.Owner, ShopRole.Operator, ShopRole.Viewer })
        {
            var email = $"a-{role.ToString().ToLowerInvariant()}@example.test";
            var added = await staff.AddAsync(A.Sandbox.Owner, email, role, Password);
            Assert.True(added.Succeeded, added.ErrorKey);
            StaffOfA[role] = await SandboxHarness.OwnerAsync(A.Console, email);
        }

        AuthB = await B.AuthorizedAsync(7_654_321, 123_457);
        SalesB = await B.SalesAsync(6_543_217, 234_561);
        (RegistrationB, PermissionB) = await B.RegisteredAsync();
        var actionsOfB = B.Service<TransactionActions>();
        var charged = await actionsOfB.ChargeNowAsync(OwnerB, PermissionB, JobCd.Auth, new Yen(87_659), new Yen(3_413));
        Assert.True(charged.IsSuccess, charged.Error?.ToString());
        RecurringB = charged.Value.Id;

        // A bulk capture job of B, finished before any snapshot is taken.
        var toCapture = await B.AuthorizedAsync(5_432_189);
        var bulk = B.Service<BulkCapture>();
        var preview = await bulk.PreviewAsync(OwnerB, [toCapture], null);
        BulkJobB = (await bulk.StartAsync(OwnerB, preview!))!.Value;
        for (var i = 0; i < 600 && (await bulk.JobAsync(OwnerB, BulkJobB))!.Items.Any(item => item.Status == BulkItemStatus.Waiting); i++)
        {
            await Task.Delay(100);
        }

        Assert.DoesNotContain((await bulk.JobAsync(OwnerB, BulkJobB))!.Items, item => item.Status == BulkItemStatus.Waiting);
        Assert.True((await B.Service<SandboxSellerCentral>().AddFaultAsync(OwnerB, SandboxFaultKind.RefundDecline, 0, 1, 0)).Succeeded);

        await using var db = await A.DbAsync();
        FaultB = await db.SandboxFaults.Where(f => f.ShopId == B.ShopId).Select(f => f.Id).SingleAsync();
        var gateway = A.Gateway;
        foreach (var row in await db.GatewayTransactions.AsNoTracking().Where(t => t.ShopId == B.ShopId).ToListAsync())
        {
            KeysOfB[row.Id] = (row.OrderId, row.AccessId, gateway.RevealAccessPass(row), row.CheckoutSessionId);
            SecretsOfB.AddRange(new[] { row.OrderId, row.AccessId, gateway.RevealAccessPass(row), row.ChargeId, row.ChargePermissionId, row.CheckoutSessionId }
                .OfType<string>());
        }

        foreach (var yen in new long[] { 7_654_321, 123_457, 6_543_217, 234_561, 87_659, 5_432_189, 7_777_778, 6_777_778, 91_072 })
        {
            SecretsOfB.Add(yen.ToString("N0", CultureInfo.InvariantCulture));
            SecretsOfB.Add(yen.ToString(CultureInfo.InvariantCulture));
        }

        SecretsOfB.AddRange([ShopBName, OwnerBEmail, B.ShopId, B.Sandbox.Key.PublicKeyId, B.Sandbox.Key.MerchantId, B.Sandbox.Key.StoreId,
            .. await db.SandboxCharges.Where(c => c.ShopId == B.ShopId).Select(c => c.Id).ToListAsync()]);
    }

    public async Task DisposeAsync()
    {
        if (b is not null)
        {
            await b.DisposeAsync();
        }

        if (a is not null)
        {
            await a.DisposeAsync();
        }
    }
}

/// <summary>
/// Issue #10 item 4's matrix: every page, grid query, export, dialog action and merchant API call a user or merchant of
/// shop A can make with shop B's IDs, for each of A's roles — no answer carries anything of B and the database (every
/// table, fingerprinted) is exactly as before; and each role against each action on its own shop, where the Viewer (and
/// the Operator, for settings and staff) is refused on the server and changes nothing.
/// </summary>
public sealed class IsolationMatrixTests(IsolationFixture fixture, ITestOutputHelper output) : IClassFixture<IsolationFixture>
{
    private GatewayHarness A => fixture.A;

    private IsolationFixture F => fixture;

    private T Service<T>()
        where T : notnull => A.Service<T>();

    private Task<DatabaseSnapshot> SnapshotAsync() =>
        DatabaseSnapshot.TakeAsync(A.Console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>());

    /// <summary>One cell: runs the probe, then checks that its answer names nothing of B and that no table changed.</summary>
    private async Task<List<string>> ProbeAsync(IEnumerable<(string Name, Func<Task<string>> Probe)> cells)
    {
        var failures = new List<string>();
        var count = 0;
        var before = await SnapshotAsync();
        foreach (var (name, probe) in cells)
        {
            count++;
            string answer;
            try
            {
                answer = await probe();
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException)
            {
                answer = "threw " + e.GetType().Name;
                failures.Add($"{name}: {answer}: {e.Message}");
            }

            // A value the request itself carried (a page echoing its own search box) is not a leak; anything else of B is.
            var leaked = F.SecretsOfB.Where(secret => !name.Contains(secret, StringComparison.Ordinal))
                .Select(secret => WholeToken(answer, secret)).OfType<string>().ToList();
            if (leaked.Count > 0)
            {
                failures.Add($"{name}: leaked {string.Join(", ", leaked)}");
            }

            // Each cell's "after" is the next cell's "before": every cell is still compared with the state just before it.
            var after = await SnapshotAsync();
            var changed = after.ChangedSince(before);
            if (changed.Count > 0)
            {
                failures.Add($"{name}: changed {string.Join(", ", changed)}");
            }

            before = after;
        }

        output.WriteLine($"{count} cells, {failures.Count} failures");
        return failures;
    }

    /// <summary>
    /// Where <paramref name="secret"/> stands in <paramref name="answer"/> as a token of its own (no ASCII letter or digit
    /// touching either end), the match with its surroundings; otherwise null. B's amounts are bare digits, and a page's
    /// random hex (Blazor's per-request prerender ID, a GUID) holds five-digit runs by chance — CI once saw B's 91072
    /// inside one. Anything of B that a page or export really shows stands alone: "¥91,072", "91072" in JSON or CSV.
    /// </summary>
    internal static string? WholeToken(string answer, string secret)
    {
        for (var at = answer.IndexOf(secret, StringComparison.Ordinal); at >= 0; at = answer.IndexOf(secret, at + 1, StringComparison.Ordinal))
        {
            var end = at + secret.Length;
            if ((at == 0 || !char.IsAsciiLetterOrDigit(answer[at - 1])) && (end == answer.Length || !char.IsAsciiLetterOrDigit(answer[end])))
            {
                var from = Math.Max(0, at - 40);
                return $"{secret} in “{answer[from..Math.Min(answer.Length, end + 40)]}”";
            }
        }

        return null;
    }

    private static string Show<T>(GatewayResult<T> result) =>
        result.IsSuccess ? "SUCCEEDED " + System.Text.Json.JsonSerializer.Serialize(result.Value) : "refused " + result.Error;

    private static string Show(object? value) => value is null ? "null" : System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>The grid, dialog and engine calls a circuit of A's <paramref name="role"/> can make, each given B's IDs.</summary>
    private IEnumerable<(string, Func<Task<string>>)> CircuitCells(ShopRole role)
    {
        var actor = F.StaffOfA[role];
        var actions = Service<TransactionActions>();
        var bIds = F.KeysOfB.Keys.ToList();
        var some = F.KeysOfB[F.AuthB].OrderId;
        foreach (var id in bIds)
        {
            yield return ($"{role} detail #{id}", async () => Show(await actions.LoadAsync(actor, id)));
            yield return ($"{role} sync now #{id}", async () => Show(await actions.SyncNowAsync(actor, id)));
            foreach (var operation in new[] { Operation.Capture, Operation.CancelFull, Operation.CancelPartial, Operation.ChangeAmount, Operation.EndRegistration })
            {
                yield return ($"{role} {operation} #{id}", async () => Show(await actions.RunAsync(actor, id, operation, new Yen(100), Yen.Zero)));
            }
        }

        foreach (var search in F.KeysOfB.Values.SelectMany(k => new[] { k.OrderId, k.AccessId }).Append(F.PermissionB))
        {
            yield return ($"{role} grid q={search}", async () => Show(await Service<TransactionDirectory>().SearchAsync(actor, new TransactionFilter { Search = search }, 0, 200)));
        }

        yield return ($"{role} grid all", async () => Show(await Service<TransactionDirectory>().SearchAsync(actor, new TransactionFilter(), 0, 200)));
        yield return ($"{role} expiring", async () => Show(await Service<TransactionDirectory>().ExpiringCountAsync(actor)));
        yield return ($"{role} registrations", async () => Show(await Service<RegistrationDirectory>().ListAsync(actor)));
        yield return ($"{role} audit who=B", async () => Show(await Service<AuditLog>().SearchAsync(actor, new AuditFilter(Who: IsolationFixture.OwnerBEmail))));
        yield return ($"{role} audit all", async () => Show(await Service<AuditLog>().SearchAsync(actor, new AuditFilter())));
        yield return ($"{role} notifications", async () => Show(await Service<NotificationService>().RecentAsync(actor)));
        yield return ($"{role} staff list", async () => Show(await Service<StaffDirectory>().ListAsync(actor)));
        yield return ($"{role} settings", async () => Show(await Service<AmazonPaySettingsService>().GetAsync(actor)));
        yield return ($"{role} seller central", async () => Show(await Service<SandboxSellerCentral>().GetAccountAsync(actor)));
        yield return ($"{role} bulk recent", async () => Show(await Service<BulkCapture>().RecentAsync(actor)));
        yield return ($"{role} bulk job B", async () => Show(await Service<BulkCapture>().JobAsync(actor, F.BulkJobB)));
        yield return ($"{role} bulk preview B ids", async () => Show(await Service<BulkCapture>().PreviewAsync(actor, bIds, null)));
        yield return ($"{role} bulk preview filter", async () => Show(await Service<BulkCapture>().PreviewAsync(actor, null, new TransactionFilter { Search = some })));
        yield return ($"{role} bulk start crafted", async () => Show(await Service<BulkCapture>().StartAsync(actor,
            new BulkCapturePreview(bIds.Count, new Yen(7_777_778), bIds))));
        yield return ($"{role} end registration B", async () => Show(await actions.EndRegistrationAsync(actor, F.PermissionB)));
        yield return ($"{role} charge now on B", async () => Show(await actions.ChargeNowAsync(actor, F.PermissionB, JobCd.Auth, new Yen(91_072), Yen.Zero)));
        yield return ($"{role} staff role of B's Owner", async () => Show(await Service<StaffDirectory>().ChangeRoleAsync(actor, F.OwnerB.Id, ShopRole.Viewer)));
        yield return ($"{role} disable B's Owner", async () => Show(await Service<StaffDirectory>().SetDisabledAsync(actor, F.OwnerB.Id, true)));
        yield return ($"{role} revoke B's key", async () => Show(await Service<SandboxSellerCentral>().RevokeKeyAsync(actor, F.B.Sandbox.Key.PublicKeyId)));
        yield return ($"{role} remove B's fault", async () => Show(await Service<SandboxSellerCentral>().RemoveFaultAsync(actor, F.FaultB)));
    }

    /// <summary>Every console page and the CSV export, fetched by A's signed-in <paramref name="role"/> with B's IDs in the URL.</summary>
    private IEnumerable<(string, Func<Task<string>>)> PageCells(ShopRole role, HttpClient client)
    {
        var urls = new List<string> { "/", "/transactions", "/registrations", "/audit", "/settings", "/staff", "/sandbox/seller-central", "/admin/shops" };
        foreach (var (id, keys) in F.KeysOfB)
        {
            urls.Add($"/transactions/{id}");
            urls.Add($"/transactions?q={Uri.EscapeDataString(keys.OrderId)}");
            urls.Add($"{TransactionExport.Path}?q={Uri.EscapeDataString(keys.OrderId)}");
            urls.Add($"{TransactionExport.Path}?q={Uri.EscapeDataString(keys.AccessId)}&encoding=sjis");
        }

        urls.Add($"/transactions?q={F.PermissionB}");
        urls.Add($"/registrations?q={F.PermissionB}");
        urls.Add($"/audit?who={Uri.EscapeDataString(IsolationFixture.OwnerBEmail)}");
        urls.Add($"/transactions?job={F.BulkJobB}");
        urls.Add(TransactionExport.Path);
        foreach (var url in urls)
        {
            yield return ($"{role} GET {url}", async () =>
            {
                using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
                var bytes = await response.Content.ReadAsByteArrayAsync();
                return $"{(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)} {Windows31JText(bytes)}";
            }
            );
        }
    }

    private static string Windows31JText(byte[] bytes) => MerchantConsole.Api.Windows31J.Lenient.GetString(bytes);

    [Fact]
    public async Task Staff_of_A_in_every_role_see_and_change_nothing_of_B_through_pages_exports_grids_dialogs_and_the_engine()
    {
        var failures = new List<string>();
        var cells = 0;
        foreach (var role in new[] { ShopRole.Owner, ShopRole.Operator, ShopRole.Viewer })
        {
            using var client = A.Console.CreateClient();
            var signedIn = await A.Console.SignInAsync(client, $"a-{role.ToString().ToLowerInvariant()}@example.test", IsolationFixture.Password);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
            var all = PageCells(role, client).Concat(CircuitCells(role)).ToList();
            cells += all.Count;
            failures.AddRange(await ProbeAsync(all));
        }

        output.WriteLine($"Cross-shop cells: {cells}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_merchant_with_A_s_ShopID_and_ShopPass_gets_nothing_of_B_by_its_AccessIDs_passes_order_IDs_or_permission()
    {
        using var http = new HttpClient { BaseAddress = A.Console.Address };
        var api = new ApiClient(http);
        var asB = new ApiClient(http, F.B.ShopId, TestConsole.ShopPass);
        var cells = new List<(string, Func<Task<string>>)>();
        foreach (var (id, keys) in F.KeysOfB)
        {
            (string, string)[] access = [("AccessID", keys.AccessId), ("AccessPass", keys.AccessPass), ("OrderID", keys.OrderId)];
            var calls = new (string Api, (string, string)[] Fields)[]
            {
                ("ExecTranAmazonpay", [.. access, ("RetURL", "https://merchant.example/ret"), ("AmazonChargePermissionID", F.PermissionB)]),
                ("AmazonpaySales", [.. access, ("Amount", "100")]),
                ("AmazonpayCancel", [.. access, ("CancelAmount", "100")]),
                ("AmazonpayCancel", access),
                ("AmazonpayChange", [.. access, ("Amount", "100")]),
                ("SearchTradeMulti", [("OrderID", keys.OrderId), ("PayType", "38")]),
                ("SearchAddressAmazonpay", [("OrderID", keys.OrderId), ("AmazonCheckoutSessionID", keys.SessionId ?? "none")]),
            };
            foreach (var (name, fields) in calls)
            {
                cells.Add(($"idPass {name} #{id} {fields.Length}", async () => (await api.IdPassAsync(name, fields)).Raw));
                cells.Add(($"json {name} #{id} {fields.Length}", async () =>
                {
                    var body = new JsonObject();
                    foreach (var (key, value) in fields)
                    {
                        body[char.ToLowerInvariant(key[0]) + key[1..]] = value;
                    }

                    var answer = await api.JsonAsync(name, body);
                    return answer.Status + " " + answer.Body.ToJsonString();
                }
                ));
                cells.Add(($"idPass as B with A's pass {name} #{id}", async () => (await asB.IdPassAsync(name, fields)).Raw));
            }
        }

        foreach (var name in new[] { "CloseChargePermissionAmazonpay", "SearchChargePermissionAmazonpay" })
        {
            cells.Add(($"idPass {name}", async () => (await api.IdPassAsync(name, ("AmazonChargePermissionID", F.PermissionB))).Raw));
            cells.Add(($"json {name}", async () => (await api.JsonAsync(name, new JsonObject { ["amazonChargePermissionID"] = F.PermissionB })).Body.ToJsonString()));
        }

        var failures = await ProbeAsync(cells);

        output.WriteLine($"API cells: {cells.Count}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>A's own objects for one role's turn at every action.</summary>
    private sealed record OwnObjects(long Capture, long Cancel, long Partial, long Change, long Bulk, long Registration, string Permission, string ChargePermission);

    private async Task<OwnObjects> OwnObjectsAsync()
    {
        var (registration, permission) = await A.RegisteredAsync();
        var (_, chargePermission) = await A.RegisteredAsync();
        return new OwnObjects(
            await A.AuthorizedAsync(1_000), await A.AuthorizedAsync(1_100), await A.SalesAsync(1_200), await A.AuthorizedAsync(1_300, allowOvercharge: true),
            await A.AuthorizedAsync(1_400), registration, permission, chargePermission);
    }

    /// <summary>Seller Central's fault switch: added, then removed again so the shop's later calls are not failed by it.</summary>
    private async Task<bool> AddAndRemoveFaultAsync(ActorRef actor)
    {
        var sellerCentral = Service<SandboxSellerCentral>();
        if (!(await sellerCentral.AddFaultAsync(actor, SandboxFaultKind.RefundDecline, 0, 1, 0)).Succeeded)
        {
            return false;
        }

        await using var db = await A.DbAsync();
        var id = await db.SandboxFaults.Where(f => f.ShopId == TestConsole.ShopId).Select(f => f.Id).SingleAsync();
        return (await sellerCentral.RemoveFaultAsync(actor, id)).Succeeded;
    }

    [Fact]
    public async Task Each_role_may_do_exactly_what_its_role_allows_on_its_own_shop_and_a_refused_action_changes_nothing()
    {
        var failures = new List<string>();
        var cells = 0;
        foreach (var role in new[] { ShopRole.Viewer, ShopRole.Operator, ShopRole.Owner })
        {
            var actor = F.StaffOfA[role];
            var own = await OwnObjectsAsync();
            var operate = role.Allows(ShopPermission.OperatePayments);
            var owner = role.Allows(ShopPermission.EditSettings);
            var actions = Service<TransactionActions>();
            var settingsVersion = (await Service<AmazonPaySettingsService>().GetAsync(actor))!.Version;
            var list = new (string Name, bool Allowed, Func<Task<bool>> Act)[]
            {
                ("capture", operate, async () => (await actions.RunAsync(actor, own.Capture, Operation.Capture, null, null)).IsSuccess),
                ("cancel", operate, async () => (await actions.RunAsync(actor, own.Cancel, Operation.CancelFull, null, null)).IsSuccess),
                ("partial cancel", operate, async () => (await actions.RunAsync(actor, own.Partial, Operation.CancelPartial, new Yen(100), Yen.Zero)).IsSuccess),
                ("change amount", operate, async () => (await actions.RunAsync(actor, own.Change, Operation.ChangeAmount, new Yen(1_500), Yen.Zero)).IsSuccess),
                ("end registration", operate, async () => (await actions.EndRegistrationAsync(actor, own.Permission)).IsSuccess),
                ("charge now", operate, async () => (await actions.ChargeNowAsync(actor, own.ChargePermission, JobCd.Auth, new Yen(500), Yen.Zero)).IsSuccess),
                ("sync now", operate, async () => (await actions.SyncNowAsync(actor, own.Capture)).IsSuccess),
                ("save settings", owner, async () => (await Service<AmazonPaySettingsService>().SaveAsync(actor, new SettingsInput(
                    "テスト商店 本店", false, A.Sandbox.Key.PublicKeyId, A.Sandbox.Key.MerchantId, A.Sandbox.Key.StoreId,
                    AmazonPayEnvironment.Sandbox, null, 100_000, settingsVersion))).Succeeded),
                ("upload key", owner, async () => (await Service<AmazonPaySettingsService>().UploadKeyAsync(actor,
                    Encoding.UTF8.GetBytes(A.Sandbox.Key.PrivateKeyPem), (await Service<AmazonPaySettingsService>().GetAsync(actor))!.Version)).Succeeded),
                ("reveal ShopPass", owner, async () => (await Service<ShopPassService>().RevealAsync(actor)).Succeeded),
                ("add staff", owner, async () => (await Service<StaffDirectory>().AddAsync(actor, $"new-{role}@example.test", ShopRole.Viewer, IsolationFixture.Password)).Succeeded),
                ("sandbox fault add and remove", owner, () => AddAndRemoveFaultAsync(actor)),
            };
            if (!owner)
            {
                // For an Owner these succeed and would change what the other tests use (the ShopPass) or need a notification URL.
                list = [.. list,
                    ("regenerate ShopPass", false, async () => (await Service<ShopPassService>().RegenerateAsync(actor)).Succeeded),
                    ("test notification", false, async () => (await Service<NotificationService>().SendTestAsync(actor)).IsSuccess)];
            }

            // Last: an accepted job is worked in the background, which would move the other cells' snapshots.
            list = [.. list, ("bulk capture", operate, async () => await Service<BulkCapture>().StartAsync(actor, new BulkCapturePreview(1, new Yen(1_400), [own.Bulk])) is not null)];

            foreach (var (name, allowed, act) in list)
            {
                cells++;
                var before = await SnapshotAsync();
                var succeeded = await act();
                var changed = (await SnapshotAsync()).ChangedSince(before);
                if (succeeded != allowed)
                {
                    failures.Add($"{role} {name}: {(succeeded ? "succeeded" : "refused")}, expected {(allowed ? "success" : "refusal")}");
                }

                if (!allowed && changed.Count > 0)
                {
                    failures.Add($"{role} {name}: refused but changed {string.Join(", ", changed)}");
                }
            }

            await using var db = await A.DbAsync();
            for (var i = 0; i < 600 && await db.BulkCaptureItems.AnyAsync(item => item.Status == BulkItemStatus.Waiting); i++)
            {
                await Task.Delay(100);
            }

        }

        output.WriteLine($"Role cells: {cells}");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }
}

/// <summary>The matrix's leak matcher: a value of B counts where it stands as a token of its own, not inside random hex.</summary>
public sealed class LeakMatcherTests
{
    [Theory]
    [InlineData("<!--Blazor:{\"prerenderId\":\"7d16cf0d7de91072a95211bbac6e83b7\"}-->")]
    [InlineData("\"locationHash\":\"5D7303A5141791072AE4B9BF\"")]
    [InlineData("¥191,072 and 910723")]
    public void A_value_of_B_inside_a_longer_run_of_letters_or_digits_is_not_a_leak(string answer) =>
        Assert.Null(IsolationMatrixTests.WholeToken(answer, "91072"));

    [Theory]
    [InlineData("<td>¥91,072</td>", "91,072")]
    [InlineData("{\"amount\":91072}", "91072")]
    [InlineData("ORDER-1,91072,Captured", "91072")]
    [InlineData("91072", "91072")]
    [InlineData("秘密の二号店の注文", "秘密の二号店")]
    public void A_value_of_B_standing_alone_is_a_leak_and_is_shown_with_its_surroundings(string answer, string secret) =>
        Assert.Contains(answer, IsolationMatrixTests.WholeToken(answer, secret), StringComparison.Ordinal);

    [Fact]
    public void A_later_standalone_occurrence_is_found_after_an_embedded_one() =>
        Assert.NotNull(IsolationMatrixTests.WholeToken("id a91072b then total 91072.", "91072"));
}

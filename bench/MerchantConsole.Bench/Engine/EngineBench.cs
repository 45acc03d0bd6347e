using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime;
using System.Text;
using MerchantConsole.Api;
using MerchantConsole.Bench.Transactions;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Bench.Engine;

/// <summary>
/// Issue #9, engine throughput: captures of authorized orders through the merchant API (<c>AmazonpaySales</c>, the
/// real console on loopback with its embedded sandbox as Amazon) against the same number of <c>CaptureCharge</c>
/// calls signed with the same key and sent straight to the sandbox's HTTP endpoint. The difference is what the
/// gateway adds per capture (parsing, shop and access checks, the journaled state change, the answer).
/// Setup (the orders taken to AUTH through EntryTran, the buyer's checkout and ExecTran) is timed apart.
/// Both sides run in rounds that alternate which goes first, so a burst of other work falls on both.
/// </summary>
internal static class EngineBench
{
    private const string ShopId = "benchengine";
    private const string ShopPass = "BenchShopPass0001";
    private const string OwnerEmail = "owner@bench.example";
    private const string RetUrl = "https://merchant.example/result";
    private const double OverheadTarget = 0.5;
    private const int Listened = 20;

    private sealed record Options(int Captures, int Rounds, int Concurrency, string Data, string? Markdown);

    private sealed record Order(string OrderId, string AccessId, string AccessPass, string ChargeId, long Amount);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        var folder = Path.Combine(options.Data, "engine-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        try
        {
            return await RunInAsync(options, folder);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunInAsync(Options options, string folder)
    {
        var loadBefore = LoadAverage();
        var setupStarted = Stopwatch.GetTimestamp();
        var app = Program.CreateApp(
        [
            "--urls=http://127.0.0.1:0",
            "--environment=Production",
            "--Logging:LogLevel:Default=Warning",
            "--ConnectionStrings:Default=DataSource=" + Path.Combine(folder, "engine.db"),
            $"--Bootstrap:ShopId={ShopId}",
            "--Bootstrap:ShopName=ベンチ商店",
            $"--Bootstrap:OwnerEmail={OwnerEmail}",
            "--Bootstrap:OwnerPassword=correct horse battery staple",
            $"--Bootstrap:ShopPass={ShopPass}",

            // The setup places orders as fast as it can for one shop: its rate limit (E92000001) is not what is measured.
            "--Gateway:Admission:ShopRequestsPerSecond=0",
        ]);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
            var (credentials, storeId) = await ConfigureShopAsync(app, address);
            using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 }) { BaseAddress = address };
            var amazon = new AmazonPayClient(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }), TimeProvider.System);

            // Setup, untimed against each other: 2 × N orders taken to AUTH; half are captured through the gateway,
            // the other half's charges straight at the sandbox (both sides capture an authorized charge once).
            Console.WriteLine($"== setup: {2 * options.Captures} orders to AUTH through EntryTran, the buyer's checkout and ExecTran");
            var orders = new List<Order>();
            var made = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, 2 * options.Captures), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, _) =>
            {
                var order = await AuthorizedOrderAsync(app, http, amazon, credentials, storeId, address, i);
                lock (orders)
                {
                    orders.Add(order);
                }

                if (Interlocked.Increment(ref made) % 100 == 0)
                {
                    Console.WriteLine($"   {made} / {2 * options.Captures} ({Stopwatch.GetElapsedTime(setupStarted).TotalSeconds:F0} s)");
                }
            });
            orders.Sort((a, b) => string.CompareOrdinal(a.OrderId, b.OrderId));
            var viaGateway = orders.Where((_, i) => i % 2 == 0).ToList();
            var direct = orders.Where((_, i) => i % 2 == 1).ToList();
            var setupSeconds = Stopwatch.GetElapsedTime(setupStarted).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   setup took {setupSeconds:F0} s"));

            // Warm-up on both paths (JIT tiers, connection pools), with orders of their own that are not counted.
            var warm = Math.Min(40, options.Captures / 10);
            Console.WriteLine($"== warm-up: {warm} captures each way");
            await CaptureViaGatewayAsync(http, viaGateway[..warm], options.Concurrency);
            await CaptureDirectAsync(amazon, credentials, direct[..warm], options.Concurrency);
            viaGateway = viaGateway[warm..];
            direct = direct[warm..];
            await Task.Delay(TimeSpan.FromSeconds(1)); // the tier-1 compilations the warm-up queued

            // Where the overhead goes: the database work of each side, heard in a batch of its own (listening costs time,
            // so these captures are not in the timed rounds).
            Console.WriteLine($"== database work: {Listened} captures each way, EF Core's commands and commits heard");
            DatabaseWork gatewayWork, directWork;
            using (var ef = new EfCommands())
            {
                ef.Take();
                await CaptureViaGatewayAsync(http, viaGateway[..Listened], 1);
                gatewayWork = DatabaseWork.Of(ef.Take(), Listened);
                await CaptureDirectAsync(amazon, credentials, direct[..Listened], 1);
                directWork = DatabaseWork.Of(ef.Take(), Listened);
            }

            viaGateway = viaGateway[Listened..];
            direct = direct[Listened..];

            var perRound = viaGateway.Count / options.Rounds;
            var gatewaySeconds = new List<double>();
            var directSeconds = new List<double>();
            for (var round = 0; round < options.Rounds; round++)
            {
                var gatewayBatch = viaGateway.GetRange(round * perRound, perRound);
                var directBatch = direct.GetRange(round * perRound, perRound);
                for (var side = 0; side < 2; side++)
                {
                    if ((round + side) % 2 == 0)
                    {
                        gatewaySeconds.Add(await CaptureViaGatewayAsync(http, gatewayBatch, options.Concurrency));
                    }
                    else
                    {
                        directSeconds.Add(await CaptureDirectAsync(amazon, credentials, directBatch, options.Concurrency));
                    }
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   round {round + 1}: gateway {perRound / gatewaySeconds[^1]:F0} captures/s, direct {perRound / directSeconds[^1]:F0} calls/s"));
            }

            var measured = perRound * options.Rounds;
            await CheckJournaledAsync(app, viaGateway[..measured]);
            var loadAfter = LoadAverage();
            var section = Report(options, measured, perRound, setupSeconds, gatewaySeconds, directSeconds, $"{loadBefore} → {loadAfter}", gatewayWork, directWork);
            Console.WriteLine();
            Console.WriteLine(section);
            if (options.Markdown is { } path)
            {
                await File.WriteAllTextAsync(path, section);
            }

            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static Options Parse(string[] args)
    {
        var captures = 500;
        var rounds = 10;
        var concurrency = 1;
        var data = Path.Combine(Directory.GetCurrentDirectory(), "data");
        string? markdown = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--captures": captures = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--data": data = Path.GetFullPath(args[++i]); break;
                case "--markdown": markdown = Path.GetFullPath(args[++i]); break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Use --captures N --rounds R --concurrency C --data DIR --markdown FILE.");
            }
        }

        if (captures < 10 * rounds || rounds < 2 || concurrency < 1)
        {
            throw new ArgumentException("--captures must be at least 10 × --rounds, --rounds at least 2, --concurrency at least 1.");
        }

        return new Options(captures, rounds, concurrency, data, markdown);
    }

    /// <summary>The shop ready for the merchant API as its Owner makes it: a sandbox key, the IDs saved, the key uploaded, the connection test passed.</summary>
    private static async Task<(AmazonPayCredentials Credentials, string StoreId)> ConfigureShopAsync(WebApplication app, Uri address)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        ActorRef owner;
        await using (var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync(u => u.Email == OwnerEmail);
            owner = new ActorRef(user.Id, OwnerEmail);
        }

        var key = await services.GetRequiredService<SandboxSellerCentral>().GenerateKeyAsync(owner)
            ?? throw new InvalidOperationException("Sandbox Seller Central made no key for the bench Owner.");
        var settings = services.GetRequiredService<AmazonPaySettingsService>();
        var view = (await settings.GetAsync(owner))!;
        Check((await settings.SaveAsync(owner, new SettingsInput(
            "ベンチ商店", false, key.PublicKeyId, key.MerchantId, key.StoreId, AmazonPayEnvironment.Sandbox, null, 100_000, view.Version))).Refusal);
        Check((await settings.UploadKeyAsync(owner, Encoding.UTF8.GetBytes(key.PrivateKeyPem), (await settings.GetAsync(owner))!.Version)).Refusal);
        var report = await services.GetRequiredService<ConnectionTester>().RunAsync(owner);
        if (report is not { Passed: true })
        {
            throw new InvalidOperationException("The connection test failed: " + report?.English);
        }

        var loaded = PrivateKeyPem.Load(key.PrivateKeyPem);
        Check(loaded.Refusal);
        return (new AmazonPayCredentials(loaded.Value!, key.PublicKeyId, AmazonPayEnvironment.Sandbox, new Uri(address, SandboxApi.BasePath)), key.StoreId);

        static void Check(Core.Refusal? refusal)
        {
            if (refusal is not null)
            {
                throw new InvalidOperationException(refusal.English);
            }
        }
    }

    /// <summary>One order to AUTH the way a shop and its buyer do it: EntryTran, the Amazon Pay button's session and the buyer's choice, ExecTran, StartURL, confirm, back to RetURL.</summary>
    private static async Task<Order> AuthorizedOrderAsync(WebApplication app, HttpClient http, AmazonPayClient amazon, AmazonPayCredentials credentials, string storeId, Uri origin, int index)
    {
        var orderId = $"bench-{index:D6}";
        var amount = 1000 + index % 50 * 100;
        var entry = await IdPassAsync(http, "EntryTranAmazonpay", ("OrderID", orderId), ("JobCd", "AUTH"), ("Amount", amount.ToString(CultureInfo.InvariantCulture)));
        var (accessId, accessPass) = (entry["AccessID"], entry["AccessPass"]);

        var created = await amazon.CreateCheckoutSessionAsync(credentials, new CreateCheckoutSessionRequest(
            new WebCheckoutDetails(CheckoutReviewReturnUrl: "https://merchant.example/review"), storeId), AmazonPayClient.NewIdempotencyKey());
        var sessionId = created.Value?.CheckoutSessionId ?? throw new InvalidOperationException("CreateCheckoutSession: " + created.Error?.Message);
        using (var scope = app.Services.CreateScope())
        {
            var buyers = scope.ServiceProvider.GetRequiredService<SandboxBuyerDesk>();
            var buyer = SandboxBuyers.All[0];
            var chosen = await buyers.ChooseAsync(sessionId, buyer.BuyerId, buyer.PaymentMethods[0].Id, origin);
            if (!chosen.Succeeded)
            {
                throw new InvalidOperationException("The buyer's choice: " + chosen.ErrorKey);
            }
        }

        var exec = await IdPassAsync(http, "ExecTranAmazonpay", ("AccessID", accessId), ("AccessPass", accessPass), ("OrderID", orderId),
            ("RetURL", RetUrl), ("AmazonCheckoutSessionID", sessionId));
        var token = Windows31J.UrlDecode(exec.Raw.Split('&').Select(p => p.Split('=', 2)).Single(p => p[0] == "Token")[1].Replace("+", "%2B", StringComparison.Ordinal));
        using (var start = new FormUrlEncodedContent(new Dictionary<string, string> { ["AccessID"] = accessId, ["Token"] = token }))
        using (var toAmazon = await http.PostAsync(new Uri(exec["StartURL"]), start))
        {
            if (toAmazon.StatusCode != HttpStatusCode.SeeOther)
            {
                throw new InvalidOperationException($"StartURL answered {toAmazon.StatusCode}.");
            }
        }

        using (var scope = app.Services.CreateScope())
        {
            var confirmed = await scope.ServiceProvider.GetRequiredService<SandboxBuyerDesk>().ConfirmAsync(sessionId, "Approve");
            if (!confirmed.Succeeded)
            {
                throw new InvalidOperationException("The buyer's confirmation: " + confirmed.ErrorKey);
            }

            using var back = await http.GetAsync(new Uri(confirmed.RedirectUrl!));
            back.EnsureSuccessStatusCode();
        }

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var transaction = await db.GatewayTransactions.AsNoTracking().SingleAsync(t => t.ShopId == ShopId && t.OrderId == orderId);
        if (transaction.State != TransactionState.Auth || transaction.ChargeId is null)
        {
            throw new InvalidOperationException($"{orderId} is {transaction.State} after the checkout, not AUTH with a charge.");
        }

        return new Order(orderId, accessId, accessPass, transaction.ChargeId, amount);
    }

    /// <summary>The timed part on the gateway's side: <c>AmazonpaySales</c> of each order, as the shop's server sends it.</summary>
    private static async Task<double> CaptureViaGatewayAsync(HttpClient http, List<Order> orders, int concurrency)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (order, _) =>
        {
            var sales = await IdPassAsync(http, "AmazonpaySales", ("AccessID", order.AccessId), ("AccessPass", order.AccessPass), ("OrderID", order.OrderId),
                ("Amount", order.Amount.ToString(CultureInfo.InvariantCulture)));
            if (sales.Fields.GetValueOrDefault("Status") != "SALES")
            {
                throw new InvalidOperationException($"AmazonpaySales of {order.OrderId} answered {sales.Raw}.");
            }
        });
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The baseline: the Amazon call itself, signed with the shop's key and sent to the sandbox's endpoint.</summary>
    private static async Task<double> CaptureDirectAsync(AmazonPayClient amazon, AmazonPayCredentials credentials, List<Order> orders, int concurrency)
    {
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (order, cancellationToken) =>
        {
            var captured = await amazon.CaptureChargeAsync(credentials, order.ChargeId, new CaptureChargeRequest(new Yen(order.Amount)),
                AmazonPayClient.NewIdempotencyKey(), cancellationToken);
            if (!captured.IsSuccess)
            {
                throw new InvalidOperationException($"CaptureCharge of {order.ChargeId}: {captured.Error?.Message}");
            }
        });
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    /// <summary>The gateway's captures really happened: every measured order is SALES in the database.</summary>
    private static async Task CheckJournaledAsync(WebApplication app, List<Order> orders)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var ids = orders.Select(o => o.OrderId).ToList();
        var sales = await db.GatewayTransactions.AsNoTracking()
            .CountAsync(t => t.ShopId == ShopId && ids.Contains(t.OrderId) && t.State == TransactionState.Sales);
        if (sales != orders.Count)
        {
            throw new InvalidOperationException($"{sales} of {orders.Count} captured orders are SALES in the database.");
        }
    }

    private sealed record IdPass(string Raw, Dictionary<string, string> Fields)
    {
        public string this[string name] => Fields.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"No {name} in {Raw}");
    }

    private static async Task<IdPass> IdPassAsync(HttpClient http, string api, params (string Name, string Value)[] fields)
    {
        var all = new[] { ("ShopID", ShopId), ("ShopPass", ShopPass) }.Concat(fields).Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2));
        using var content = new ByteArrayContent(Windows31J.FormBody(all));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = Windows31J.CharsetName };
        using var response = await http.PostAsync(new Uri($"/payment/{api}.idPass", UriKind.Relative), content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var answer = new IdPass(Encoding.ASCII.GetString(bytes), Windows31J.ParseForm(bytes));
        if (answer.Fields.ContainsKey("ErrInfo"))
        {
            throw new InvalidOperationException($"{api} answered {answer.Raw}.");
        }

        return answer;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Report(
        Options options, int measured, int perRound, double setupSeconds, List<double> gateway, List<double> direct, string load, DatabaseWork gatewayWork, DatabaseWork directWork)
    {
        var inv = CultureInfo.InvariantCulture;
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        // Per capture: the round's seconds over its captures; medians over rounds (and the best round).
        var gatewayMs = gateway.Select(s => s * 1000 / perRound).ToArray();
        var directMs = direct.Select(s => s * 1000 / perRound).ToArray();
        var overhead = (Stats.Median(gatewayMs) - Stats.Median(directMs)) / Stats.Median(directMs);
        var bestOverhead = (gatewayMs.Min() - directMs.Min()) / directMs.Min();
        var s = new StringBuilder();
        s.AppendLine("## Engine throughput (captures)");
        s.AppendLine();
        var command = "bench/run-engine.sh" + (options.Captures == 500 ? "" : $" --captures {options.Captures}") + (options.Rounds == 10 ? "" : $" --rounds {options.Rounds}")
            + (options.Concurrency == 1 ? "" : $" --concurrency {options.Concurrency}");
        s.AppendLine(inv, $"Measured by `{command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {cpu}, {Environment.ProcessorCount} cores shared with other work");
        s.AppendLine(inv, $"(1-minute load average {load}); .NET {Environment.Version} ({(GCSettings.IsServerGC ? "server" : "workstation")} GC, as the console runs), SQLite (the default database).");
        if (load.Split(' ').Any(l => double.TryParse(l, CultureInfo.InvariantCulture, out var value) && value > Environment.ProcessorCount))
        {
            s.AppendLine("**The machine was loaded by other work during this run** (more runnable tasks than cores): absolute rates are low and");
            s.AppendLine("noisy; the ratio, both sides measured in alternating rounds, is the figure to read.");
        }

        s.AppendLine();
        s.AppendLine("The gateway side is the real console (`Program.CreateApp`, Kestrel on 127.0.0.1) with its embedded Amazon Pay sandbox as Amazon:");
        s.AppendLine("each capture is an `AmazonpaySales.idPass` call (Windows-31J form) of an authorized order, which checks the shop and access");
        s.AppendLine("pass, journals the operation, signs and sends `CaptureCharge` to the sandbox over loopback HTTP, and records SALES (checked in");
        s.AppendLine("the database afterwards). The baseline is the same number of `CaptureCharge` calls of other authorized charges, signed with the");
        s.AppendLine("same key by the same client library (`AmazonPayClient`) and sent straight to the sandbox's endpoint in the same process.");
        s.AppendLine(inv, $"Setup, not timed against either side: {2 * options.Captures:N0} orders taken to AUTH through EntryTran, the buyer's checkout in the");
        s.AppendLine(inv, $"sandbox and ExecTran ({setupSeconds:F0} s); then a warm-up of both paths; then {options.Rounds} rounds of {perRound} captures on each side");
        s.AppendLine(inv, $"({measured} each in all), {options.Concurrency} at a time, the two sides alternating which goes first. Times are medians over rounds, best round in brackets.");
        s.AppendLine();
        s.AppendLine("| path | captures/s | ms per capture | × direct call (time) |");
        s.AppendLine("|---|---:|---:|---:|");
        s.AppendLine(inv, $"| direct `CaptureCharge` to the sandbox (baseline) | {1000 / Stats.Median(directMs):F0} ({1000 / directMs.Min():F0}) | {Stats.Median(directMs):F2} ({directMs.Min():F2}) | 1.00 |");
        s.AppendLine(inv, $"| `AmazonpaySales` through the gateway | {1000 / Stats.Median(gatewayMs):F0} ({1000 / gatewayMs.Min():F0}) | {Stats.Median(gatewayMs):F2} ({gatewayMs.Min():F2}) | {Stats.Median(gatewayMs) / Stats.Median(directMs):F2} ({gatewayMs.Min() / directMs.Min():F2}) |");
        s.AppendLine();
        s.AppendLine(inv, $"The gateway's own overhead per capture: {Stats.Median(gatewayMs) - Stats.Median(directMs):F2} ms, **{overhead * 100:F0}%** of the Amazon call itself (best rounds: {bestOverhead * 100:F0}%).");
        s.AppendLine(inv, $"Target: overhead at most 50% of the Amazon call — **{(overhead <= OverheadTarget ? "met" : "NOT met")}**.");
        s.AppendLine();
        s.AppendLine(inv, $"Database work per capture, heard on EF Core's diagnostics in a separate batch of {Listened} captures each way (listening slows");
        s.AppendLine("them, so these are not the timed rounds). The direct side's work is the sandbox's own (Amazon's objects live in the same");
        s.AppendLine("SQLite file); the gateway side holds that too. Each INSERT, UPDATE or DELETE is one write. A commit's time is mostly SQLite writing the log to disk (`synchronous=FULL`).");
        s.AppendLine();
        s.AppendLine("| path | reads | writes | commits | ms in statements | ms in commits |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        s.AppendLine(inv, $"| direct `CaptureCharge` (the sandbox's work) | {directWork.Reads:F1} | {directWork.Writes:F1} | {directWork.Commits:F1} | {directWork.StatementMs:F2} | {directWork.CommitMs:F2} |");
        s.AppendLine(inv, $"| `AmazonpaySales` through the gateway | {gatewayWork.Reads:F1} | {gatewayWork.Writes:F1} | {gatewayWork.Commits:F1} | {gatewayWork.StatementMs:F2} | {gatewayWork.CommitMs:F2} |");
        var extraMs = gatewayWork.StatementMs + gatewayWork.CommitMs - directWork.StatementMs - directWork.CommitMs;
        s.AppendLine();
        s.AppendLine(inv, $"The gateway's own database work: {gatewayWork.Reads - directWork.Reads:F1} reads, {gatewayWork.Writes - directWork.Writes:F1} writes and {gatewayWork.Commits - directWork.Commits:F1} commits per capture, {extraMs:F2} ms");
        s.AppendLine(inv, $"inside SQLite (of which commits {gatewayWork.CommitMs - directWork.CommitMs:F2} ms), before EF Core's own work around each statement. The two commits are");
        s.AppendLine("the claim (the pending operation, durable before Amazon is asked, which recovery relies on) and the outcome.");
        return s.ToString();
    }

    /// <summary>Per capture: statements that read, statements that write, commits, and the time SQLite took for each kind.</summary>
    private sealed record DatabaseWork(double Reads, double Writes, double Commits, double StatementMs, double CommitMs)
    {
        public static DatabaseWork Of(IReadOnlyList<(SqlText Sql, double Ms)> heard, int captures)
        {
            var commits = heard.Where(h => h.Sql.Sql == EfCommands.Commit).ToList();
            var statements = heard.Where(h => h.Sql.Sql != EfCommands.Commit).ToList();
            var writes = statements.Count(h => IsWrite(h.Sql.Sql));
            return new DatabaseWork(
                (double)(statements.Count - writes) / captures, (double)writes / captures, (double)commits.Count / captures,
                statements.Sum(h => h.Ms) / captures, commits.Sum(h => h.Ms) / captures);
        }

        private static bool IsWrite(string sql) =>
            sql.Contains("INSERT ", StringComparison.OrdinalIgnoreCase) || sql.Contains("UPDATE ", StringComparison.OrdinalIgnoreCase)
            || sql.Contains("DELETE ", StringComparison.OrdinalIgnoreCase);
    }
}

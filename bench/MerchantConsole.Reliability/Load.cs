using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MerchantConsole.Bench.Circuits;

namespace MerchantConsole.Reliability;

/// <summary>
/// Issue #10 item 6: staff circuits browsing and filtering the transactions grid while the merchant API takes a fixed
/// rate of requests, for a fixed time, on loopback and without faults. The API rate is held by a token bucket (every
/// merchant API request takes one; the customers' pages at the sandbox, Amazon's side in production, take none), with
/// enough workers that the bucket, not the answers, sets the pace. Latency is the server's own: the console logs every
/// request it finished with its elapsed time (ASP.NET Core's hosting diagnostics), and those lines are read afterwards.
/// </summary>
public sealed partial class Load(Merchant merchant, int rate, TimeSpan warmup, TimeSpan duration, int staff, Func<TimeSpan> consoleCpu)
{
    private readonly ConcurrentQueue<Placed> authorized = new();
    private readonly ConcurrentQueue<Placed> captured = new();
    private readonly string[] recentOrders = new string[512];
    private readonly ConcurrentDictionary<string, int> apiCalls = new();
    private readonly ConcurrentDictionary<string, int> apiErrors = new();
    private readonly ConcurrentBag<double> navigations = [];
    private readonly ConcurrentBag<double> navigationTimes = []; // the measured period's
    private readonly ConcurrentBag<string> circuitErrors = [];
    private int orderNumber;
    private volatile bool measuring;
    private int ordersEntered;
    private int apiRequests;
    private int transportFailures;

    private sealed record Placed(string OrderId, string AccessId, string AccessPass, int Amount);

    /// <summary>The filtered and sorted views staff switch between (the grid's filter lives in the URL).</summary>
    private static readonly string[] Views =
    [
        "/transactions",
        "/transactions?state=AUTH",
        "/transactions?state=SALES,CAPTURE&sort=AmountDesc",
        "/transactions?state=AUTHPROCESS,REQSALES,REQCAPTURE,REQRETURN",
        "/transactions?job=AUTH&min=1000&max=5000",
        "/transactions?expiring=1",
        "/transactions?sort=CreatedAsc",
        "/transactions?type=OneTime&sort=OrderIdAsc",
        "/registrations",
    ];

    public int Staff => staff;

    /// <summary>
    /// Figures of the measured period (after the warm-up); errors count from the first request on. The CPU figures are
    /// the processor time the console's process and this one (the load generator and the staff clients) used in it.
    /// </summary>
    public sealed record Result(
        TimeSpan Elapsed, int ApiRequests, int TransportFailures, IReadOnlyDictionary<string, int> ApiCalls, IReadOnlyDictionary<string, int> ApiErrors,
        int CircuitsOpened, int Navigations, IReadOnlyList<double> NavigationMilliseconds, IReadOnlyList<string> CircuitErrors,
        TimeSpan ConsoleCpu, TimeSpan HarnessCpu);

    /// <summary>
    /// The whole run: staff sign in and open circuits, the same load runs through the warm-up (a fresh process JITs and
    /// fills its caches for a minute or so) and the measured period; <paramref name="measuring"/> is called between them.
    /// </summary>
    public async Task<Result> RunAsync(Func<Task<(HttpClient Http, CookieContainer Cookies)>> signIn, Action measuring)
    {
        // Staff sign in first (one session each), and open their circuits on the grid before the clock starts.
        var sessions = new List<(HttpClient Http, CookieContainer Cookies)>();
        for (var i = 0; i < staff; i++)
        {
            sessions.Add(await signIn());
        }

        var circuits = new BlazorCircuit?[staff];
        await Task.WhenAll(Enumerable.Range(0, staff).Select(async i =>
        {
            try
            {
                circuits[i] = await BlazorCircuit.OpenAsync(merchant.Console, "/transactions", sessions[i].Http, sessions[i].Cookies, CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or IOException)
            {
                circuitErrors.Add("open: " + e.Message);
            }
        }));
        var opened = circuits.Count(c => c is not null);
        Console.WriteLine($"   {opened} of {staff} staff circuits open on /transactions");

        using var stop = new CancellationTokenSource(warmup + duration);
        using var tokens = new SemaphoreSlim(0);
        var clock = Stopwatch.StartNew();
        var measured = new Stopwatch();
        var requestsBefore = 0;
        var navigationsBefore = 0;
        TimeSpan consoleCpuBefore = default, harnessCpuBefore = default;
        var start = Task.Run(async () =>
        {
            await Task.Delay(warmup, CancellationToken.None);
            consoleCpuBefore = consoleCpu();
            harnessCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            requestsBefore = Volatile.Read(ref apiRequests);
            navigationsBefore = navigations.Count;
            apiCalls.Clear();
            measuring();
            this.measuring = true;
            measured.Start();
            Console.WriteLine($"  {clock.Elapsed:mm\\:ss} warm-up over: measuring");
        });
        var issuer = IssueAsync(tokens, stop.Token);
        var progress = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None);
                Console.WriteLine($"  {clock.Elapsed:mm\\:ss} {Volatile.Read(ref apiRequests):N0} API requests, {navigations.Count:N0} grid views");
            }
        });
        // Twice the rate in workers: a worker waits for its answer before it takes the next token.
        var workers = Enumerable.Range(0, Math.Max(16, rate * 2)).Select(_ => Task.Run(() => WorkAsync(tokens, stop.Token))).ToList();
        var browsing = circuits.OfType<BlazorCircuit>().Select(c => Task.Run(() => BrowseAsync(c, stop.Token))).ToList();
        await Task.WhenAll(workers.Concat(browsing).Append(issuer).Append(start));
        var elapsed = measured.Elapsed;
        var consoleCpuUsed = consoleCpu() - consoleCpuBefore;
        var harnessCpuUsed = Process.GetCurrentProcess().TotalProcessorTime - harnessCpuBefore;
        await progress;

        foreach (var circuit in circuits.OfType<BlazorCircuit>())
        {
            if (circuit.Error is { } error)
            {
                circuitErrors.Add(error);
            }

            await circuit.DisposeAsync();
        }

        foreach (var (http, _) in sessions)
        {
            http.Dispose();
        }

        return new Result(elapsed, apiRequests - requestsBefore, transportFailures, apiCalls, apiErrors, opened, navigations.Count - navigationsBefore,
            [.. navigationTimes], [.. circuitErrors], consoleCpuUsed, harnessCpuUsed);
    }

    /// <summary>Tokens at the rate, a hundredth of a second's worth at a time; never more than a tenth of a second banked.</summary>
    private async Task IssueAsync(SemaphoreSlim tokens, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var clock = Stopwatch.StartNew();
        long issued = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var due = (long)(clock.Elapsed.TotalSeconds * rate);
                var add = (int)Math.Min(due - issued, Math.Max(1, rate / 10) - tokens.CurrentCount);
                if (add > 0)
                {
                    tokens.Release(add);
                }

                issued = due;
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    /// <summary>What one merchant server does, over and over: mostly 取引状態参照, checkouts, then 実売上 and キャンセル.</summary>
    private async Task WorkAsync(SemaphoreSlim tokens, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var pick = Random.Shared.NextDouble();
                if (pick < 0.25 && authorized.TryDequeue(out var auth))
                {
                    var sales = await CallAsync(tokens, "AmazonpaySales", Access(auth, new() { ["amount"] = $"{auth.Amount}", ["tax"] = "0" }), stop);
                    if (sales?.Ok == true)
                    {
                        captured.Enqueue(auth);
                    }
                }
                else if (pick < 0.35 && captured.TryDequeue(out var sale))
                {
                    await CallAsync(tokens, "AmazonpayCancel", Access(sale, new() { ["cancelAmount"] = "100", ["cancelTax"] = "0" }), stop);
                }
                else if (pick < 0.6 || RecentOrder() is not { } orderId)
                {
                    await CheckoutAsync(tokens, stop);
                }
                else
                {
                    await CallAsync(tokens, "SearchTradeMulti", new() { ["orderID"] = orderId, ["payType"] = "38" }, stop);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over; an answer still on its way is counted by the server's log, not here.
        }
    }

    /// <summary>One of the last few hundred orders entered, or null before the first.</summary>
    private string? RecentOrder()
    {
        var entered = Math.Min(Volatile.Read(ref ordersEntered), recentOrders.Length);
        return entered == 0 ? null : Volatile.Read(ref recentOrders[Random.Shared.Next(entered)]);
    }

    private static Dictionary<string, string> Access(Placed order, Dictionary<string, string> fields)
    {
        fields["orderID"] = order.OrderId;
        fields["accessID"] = order.AccessId;
        fields["accessPass"] = order.AccessPass;
        return fields;
    }

    /// <summary>取引登録, the customer at the sandbox's pages, 決済実行, the customer's return: an authorized order.</summary>
    private async Task CheckoutAsync(SemaphoreSlim tokens, CancellationToken stop)
    {
        var session = await merchant.BuyerSessionAsync(recurring: false);
        if (session is not { } buyer)
        {
            Interlocked.Increment(ref transportFailures);
            apiErrors.AddOrUpdate("buyer pages", 1, (_, n) => n + 1);
            return;
        }

        using var customer = buyer.Customer;
        var orderId = $"LD-{Interlocked.Increment(ref orderNumber):D7}";
        var amount = Random.Shared.Next(1_000, 9_000);
        var entry = await CallAsync(tokens, "EntryTranAmazonpay", new() { ["orderID"] = orderId, ["jobCd"] = "AUTH", ["amount"] = $"{amount}", ["tax"] = "0" }, stop);
        if (entry?.Ok != true)
        {
            return;
        }

        recentOrders[(Interlocked.Increment(ref ordersEntered) - 1) % recentOrders.Length] = orderId;
        var placed = new Placed(orderId, entry.Field("accessID")!, entry.Field("accessPass")!, amount);
        var exec = await CallAsync(tokens, "ExecTranAmazonpay", Access(placed, new()
        {
            ["retURL"] = "https://merchant.example/result",
            ["amazonCheckoutSessionID"] = buyer.SessionId,
        }), stop);
        if (exec?.Ok != true)
        {
            return;
        }

        await tokens.WaitAsync(stop);
        var back = Count(await Merchant.ReturnAsync(customer, placed.AccessId, exec));
        if (back.Ok && back.Field("Status") == "AUTH")
        {
            authorized.Enqueue(placed);
        }
    }

    private async Task<Answer?> CallAsync(SemaphoreSlim tokens, string api, Dictionary<string, string> fields, CancellationToken stop)
    {
        await tokens.WaitAsync(stop);
        return Count(await merchant.CallAsync(api, fields));
    }

    private Answer Count(Answer answer)
    {
        Interlocked.Increment(ref apiRequests);
        apiCalls.AddOrUpdate(answer.Api, 1, (_, n) => n + 1);
        if (answer.NoAnswer is not null)
        {
            Interlocked.Increment(ref transportFailures);
            apiErrors.AddOrUpdate($"{answer.Api}: no answer ({answer.NoAnswer})", 1, (_, n) => n + 1);
        }
        else if (!answer.Ok)
        {
            apiErrors.AddOrUpdate($"{answer.Api}: {answer.ErrInfo}", 1, (_, n) => n + 1);
        }

        return answer;
    }

    /// <summary>
    /// A member of staff switching views inside the circuit, as a click on a filter does: every 5 to 15 seconds (reading
    /// a view takes a moment), so 100 staff switch about ten views a second between them.
    /// </summary>
    private async Task BrowseAsync(BlazorCircuit circuit, CancellationToken stop)
    {
        try
        {
            await Task.Delay(Random.Shared.Next(0, 5_000), stop); // not all at once
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(Random.Shared.Next(5_000, 15_000), stop);
                // One view in five is a search for an order, as staff answering a customer do.
                var view = Random.Shared.NextDouble() < 0.2 && RecentOrder() is { } orderId
                    ? "/transactions?q=" + orderId
                    : Views[Random.Shared.Next(Views.Length)];

                var took = (await circuit.NavigateTimedAsync(view, stop)).TotalMilliseconds;
                navigations.Add(took);
                if (measuring)
                {
                    navigationTimes.Add(took);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            circuitErrors.Add(e.Message);
        }
    }

    /// <summary>One finished request from the console's log: "Request finished HTTP/1.1 GET http://host/path?query - 200 … 12.3456ms".</summary>
    public sealed record Finished(string Endpoint, int Status, double Milliseconds, bool Measured);

    /// <summary>Every finished request in the log; those after line <paramref name="measuredFromLine"/> belong to the measured period.</summary>
    public static IReadOnlyList<Finished> ReadServerLog(IReadOnlyList<string> log, long measuredFromLine) =>
        log
            .Select((line, index) => (Match: RequestFinished().Match(line), Measured: index >= measuredFromLine))
            .Where(m => m.Match.Success)
            .Select(m => new Finished(
                $"{m.Match.Groups["method"].Value} {Normalize(new Uri(m.Match.Groups["url"].Value).AbsolutePath)}",
                int.Parse(m.Match.Groups["status"].Value, CultureInfo.InvariantCulture),
                double.Parse(m.Match.Groups["ms"].Value, CultureInfo.InvariantCulture),
                m.Measured))
            .ToList();

    /// <summary>One writer's turn at the SQLite write gate, from the console's Debug line: its wait for the gate and its hold.</summary>
    public sealed record GateTurn(double WaitMilliseconds, double HoldMilliseconds);

    /// <summary>The write gate's turns logged after line <paramref name="measuredFromLine"/> (the measured period's).</summary>
    public static IReadOnlyList<GateTurn> ReadGateLog(IReadOnlyList<string> log, long measuredFromLine) =>
        log
            .Skip((int)measuredFromLine)
            .Select(line => GateLine().Match(line))
            .Where(m => m.Success)
            .Select(m => new GateTurn(
                double.Parse(m.Groups["wait"].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups["hold"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    [GeneratedRegex(@"SQLite write gate: waited (?<wait>[\d.]+) ms, held (?<hold>[\d.]+) ms")]
    private static partial Regex GateLine();

    /// <summary>How many lines the log has now: the measured period's requests finish after them.</summary>
    public static long LineCount(string path) => Lines(path).LongCount();

    /// <summary>The whole log, read once after the run for both of its readers.</summary>
    public static IReadOnlyList<string> ReadLog(string path) => [.. Lines(path)];

    private static IEnumerable<string> Lines(string path)
    {
        // The harness's writer still holds the file open.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        while (reader.ReadLine() is { } line)
        {
            yield return line;
        }
    }

    /// <summary>IDs in a path (Amazon's objects, transactions) become {id}, so one endpoint is one row.</summary>
    private static string Normalize(string path) =>
        string.Join('/', path.Split('/').Select(segment => segment.Any(char.IsDigit) && segment.Length >= 8 || segment.All(char.IsDigit) && segment.Length > 0 ? "{id}" : segment));

    [GeneratedRegex(@"Request finished \S+ (?<method>[A-Z]+) (?<url>\S+) - (?<status>\d{3}) .*?(?<ms>[\d.]+)ms\s*$")]
    private static partial Regex RequestFinished();

    /// <summary>The report: API figures, circuit figures, then the server's latency per endpoint (the WebSocket itself excluded: it lasts as long as its circuit).</summary>
    public static string Report(Result result, IReadOnlyList<Finished> server, IReadOnlyList<GateTurn> gate, int rate, TimeSpan warmup, TimeSpan duration, int staff, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        var achieved = result.ApiRequests / result.Elapsed.TotalSeconds;
        var consoleCores = result.ConsoleCpu.TotalSeconds / result.Elapsed.TotalSeconds;
        var harnessCores = result.HarnessCpu.TotalSeconds / result.Elapsed.TotalSeconds;
        var consoleMsPerRequest = result.ConsoleCpu.TotalMilliseconds / Math.Max(1, result.ApiRequests);
        var gateWaits = gate.Select(t => t.WaitMilliseconds).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"""
            Last run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, SQLite, the embedded sandbox as Amazon (no faults), everything on 127.0.0.1 on one
            {Environment.ProcessorCount}-core machine (the load generator, the {staff} staff clients and the console share it). Load average {loadBefore} at the start, {loadAfter} at the end.

            | figure | value |
            |---|---|
            | merchant API requests (measured period) | **{result.ApiRequests:N0}** in {result.Elapsed.TotalSeconds:F0} s — {achieved:F1}/s against a target of {rate}/s for {duration.TotalSeconds:F0} s, after a warm-up of {warmup.TotalSeconds:F0} s under the same load |
            | by API | {Soak.Describe(result.ApiCalls)} |
            | API error answers (ErrInfo), warm-up included | {Soak.Describe(result.ApiErrors)} |
            | requests without an answer (client timeout, connection), warm-up included | **{result.TransportFailures:N0}** |
            | staff circuits open through the run | {result.CircuitsOpened:N0} of {staff:N0} |
            | grid views switched inside circuits | {result.Navigations:N0}; to the last render batch (client-observed on loopback): p50 {Percentile(result.NavigationMilliseconds, 50):F0} ms, p95 {Percentile(result.NavigationMilliseconds, 95):F0} ms, p99 {Percentile(result.NavigationMilliseconds, 99):F0} ms |
            | circuit errors, warm-up included | **{result.CircuitErrors.Count:N0}** |
            | server responses 5xx, warm-up included | **{server.Count(f => f.Status >= 500):N0}** |
            | SQLite's one writer at a time (the console's write gate) | {gate.Count:N0} writes, {gate.Count / result.Elapsed.TotalSeconds:F0}/s ({gate.Count / Math.Max(1.0, result.ApiRequests):F1} per merchant API request, the sandbox's included); held {gate.Sum(t => t.HoldMilliseconds) / result.Elapsed.TotalMilliseconds:P0} of the time, {(gate.Count == 0 ? 0 : gate.Average(t => t.HoldMilliseconds)):F2} ms per write on average; a writer waited for it p50 {Percentile(gateWaits, 50):F0} ms, p95 {Percentile(gateWaits, 95):F0} ms |
            | CPU in the measured period ({Environment.ProcessorCount} cores) | the console {consoleCores:F2} cores, {consoleMsPerRequest:F1} ms per merchant API request (its Amazon calls, answered by the sandbox in the same process, and its share of the {staff} circuits included); the load generator and the staff clients {harnessCores:F2} cores |

            Server-side latency per endpoint in the measured period (the console's own elapsed time per request, from its log):

            | endpoint | requests | p50 ms | p95 ms | p99 ms | max ms | non-2xx/3xx |
            |---|---|---|---|---|---|---|
            """);
        foreach (var group in server.Where(f => f.Measured && f.Endpoint != "GET /_blazor" && f.Endpoint != "CONNECT /_blazor").GroupBy(f => f.Endpoint).OrderByDescending(g => g.Count()))
        {
            var ms = group.Select(f => f.Milliseconds).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| `{group.Key}` | {ms.Count:N0} | {Percentile(ms, 50):F1} | {Percentile(ms, 95):F1} | {Percentile(ms, 99):F1} | {ms.Max():F1} | {group.Count(f => f.Status >= 400)} |");
        }

        foreach (var error in result.CircuitErrors.Distinct().Take(10))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- circuit: {error}");
        }

        return text.ToString();
    }

    /// <summary>A member of staff signs in through the login form (antiforgery token and all); the cookie serves their circuit.</summary>
    public static async Task<(HttpClient Http, CookieContainer Cookies)> SignInAsync(Uri console, string email, string password)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = console, Timeout = TimeSpan.FromMinutes(2) };
        var form = await http.GetStringAsync("Account/Login");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(Antiforgery().Match(form).Groups[1].Value),
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });
        using var response = await http.PostAsync("Account/Login", content);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            http.Dispose();
            throw new InvalidOperationException($"staff sign-in failed: {(int)response.StatusCode}");
        }

        return (http, cookies);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]*)\"")]
    private static partial Regex Antiforgery();

    public static bool Passed(Result result, IReadOnlyList<Finished> server, int rate, int staff) =>
        result.TransportFailures == 0 && result.ApiErrors.Count == 0 && result.CircuitErrors.Count == 0 && result.CircuitsOpened == staff
        && server.All(f => f.Status < 500) && result.ApiRequests / result.Elapsed.TotalSeconds >= rate * 0.95;

    private static double Percentile(IReadOnlyList<double> values, int percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Security.Claims;
using System.Text;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Transactions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Bench.Transactions;

/// <summary>
/// Issue #8: the transactions grid (count and page, through the real <see cref="TransactionDirectory"/>) and the
/// CSV export (the real <see cref="TransactionExport"/> handler) against the same work done by hand on the same
/// database file, in the same process and run. Both sides alternate round by round, so a burst of other work on
/// the shared machine falls on both; medians are compared with medians, bests with bests.
/// </summary>
internal static class GridBench
{
    private const double GridTarget = 2.0;
    private const double ExportThroughputTarget = 0.5;
    private const long ExportMemoryTarget = 100_000_000;

    private sealed record Options(int Rows, string Data, int Rounds, int ExportRounds, string? Markdown, bool GenerateOnly, string? ViewFilter, string Provider, string? Postgres);

    private sealed record ViewResult(GridView View, int Total, HandShape Shape, double[] App, double[] AppCount, double[] AppPage, double[] AppOther, double[] Hand, double[] HandCount, double[] HandPage, string Plans)
    {
        public double Ratio => Stats.Median(App) / Stats.Median(Hand);

        public double BestRatio => App.Min() / Hand.Min();
    }

    private sealed record ExportRun(string Path, double Seconds, long Bytes, long MemoryGrowth);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Parse(args);
        Directory.CreateDirectory(options.Data);
        // The one provider-specific choice; the rest of the harness is the same on both.
        BenchProvider provider = options.Provider switch
        {
            "sqlite" => new SqliteProvider(options.Data, options.Rows),
            "postgres" => new PostgresProvider(options.Postgres ?? throw new ArgumentException("--provider postgres needs --postgres CONNECTION_STRING."), options.Data, options.Rows),
            _ => throw new ArgumentException($"Unknown provider {options.Provider}: sqlite or postgres."),
        };
        if (!provider.Exists)
        {
            await GenerateAsync(provider, options.Rows);
        }
        else
        {
            Console.WriteLine($"== reusing {provider.Describe()}");
        }

        if (options.GenerateOnly)
        {
            return 0;
        }

        var loadBefore = LoadAverage();
        await using var app = BenchApp.Create(provider.AppConnectionString, provider.AppProvider);
        // A migration added since the file was generated (an index, say) is applied as the console's start-up would.
        await app.MigrateAsync();
        var shop = TransactionGenerator.MainShop;
        var rows = await provider.CountAsync(shop);
        if (rows != options.Rows)
        {
            throw new InvalidOperationException($"{provider.Describe()} holds {rows} rows of {shop}, not {options.Rows}: delete it and run again.");
        }

        using var ef = new EfCommands();
        var directory = app.Services.CreateScope().ServiceProvider.GetRequiredService<TransactionDirectory>();
        var views = Views(await provider.MiddleOrderIdAsync(shop));
        var selected = views.Where(v => options.ViewFilter is null || v.Name.Contains(options.ViewFilter, StringComparison.OrdinalIgnoreCase)).ToList();

        // Both sides at steady state before anything is timed, as a console that has served for a while is: EF's query
        // cache and SQLite's page cache filled, and the code of both paths called often enough for the JIT's tier 1
        // (after 30 calls, compiled in the background); with one warm-up call, sub-millisecond views measured EF Core's
        // unoptimised tier-0 code against Microsoft.Data.Sqlite's far smaller one.
        Console.WriteLine($"== warm-up: every view up to {WarmUpCalls} times (or {WarmUpBudget.TotalSeconds:F0} s), app and hand-written");
        ef.Listening = false;
        foreach (var view in selected)
        {
            await RepeatAsync(() => directory.SearchAsync(BenchApp.Viewer, view.Filter, view.Page, view.PageSize));
            foreach (var shape in HandShape.For(view))
            {
                await RepeatAsync(() => provider.GridAsync(view, shop, shape));
            }
        }

        ef.Listening = true;
        await Task.Delay(TimeSpan.FromSeconds(1)); // the tier-1 compilations queued by the warm-up

        var results = new List<ViewResult>();
        foreach (var view in selected)
        {
            results.Add(await MeasureViewAsync(provider, directory, ef, view, shop, options.Rounds));
        }

        var (exports, comparison) = options.ExportRounds > 0 ? await MeasureExportAsync(provider, app, rows, options.ExportRounds) : ([], "");
        var loadAfter = LoadAverage();

        if (results.Count < views.Count || exports.Count == 0)
        {
            Console.WriteLine("== a partial run (--views, or --export-rounds 0): no report written");
            return 0;
        }

        var section = Report(provider, options, rows, results, exports, comparison, $"{loadBefore} → {loadAfter}");
        Console.WriteLine();
        Console.WriteLine(section);
        if (options.Markdown is { } path)
        {
            await File.WriteAllTextAsync(path, section);
        }

        return 0;
    }

    private static Options Parse(string[] args)
    {
        var rows = 1_000_000;
        var data = Path.Combine(Directory.GetCurrentDirectory(), "data");
        var rounds = 7;
        var exportRounds = 3;
        string? markdown = null;
        var generateOnly = false;
        string? viewFilter = null;
        var providerName = "sqlite";
        string? postgres = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--data": data = Path.GetFullPath(args[++i]); break;
                case "--rounds": rounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--export-rounds": exportRounds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--markdown": markdown = Path.GetFullPath(args[++i]); break;
                case "--generate-only": generateOnly = true; break;
                case "--views": viewFilter = args[++i]; break;
                case "--provider": providerName = args[++i]; break;
                case "--postgres": postgres = args[++i]; break;
                default: throw new ArgumentException($"Unknown argument {args[i]}. Use --rows N --data DIR --rounds R --export-rounds R (0: none) --markdown FILE --generate-only --views TEXT --provider sqlite|postgres --postgres CONNECTION_STRING.");
            }
        }

        return new Options(rows, data, rounds, exportRounds, markdown, generateOnly, viewFilter, providerName, postgres);
    }

    /// <summary>What staff look at: the default view, filters, sorts and searches; first pages and page 2,000.</summary>
    private static List<GridView> Views(string middleOrderId)
    {
        var captured = new HashSet<TransactionState> { TransactionState.Sales, TransactionState.Capture };
        var day = TransactionGenerator.End.ToJst().AddDays(-8);
        return
        [
            new("All, newest first (the default) — page 1", new TransactionFilter(), 0),
            new("All, newest first — page 2,000", new TransactionFilter(), 1999),
            new("SALES + CAPTURE, newest first — page 1", new TransactionFilter { States = captured }, 0),
            new("SALES + CAPTURE, newest first — page 2,000", new TransactionFilter { States = captured }, 1999),
            new("AUTH, 2026-09-01 … 2026-11-27, oldest first — page 1", new TransactionFilter
            {
                States = new HashSet<TransactionState> { TransactionState.Auth },
                From = new DateOnly(2026, 9, 1),
                To = new DateOnly(2026, 11, 27),
                Sort = TransactionSort.CreatedAsc,
            }, 0),
            new("Waiting for Amazon (AUTHPROCESS, REQ*) — page 1", new TransactionFilter { States = TransactionFilter.Pending }, 0),
            new("Amount, largest first — page 1", new TransactionFilter { Sort = TransactionSort.AmountDesc }, 0),
            new("Amount, largest first — page 2,000", new TransactionFilter { Sort = TransactionSort.AmountDesc }, 1999),
            new($"Order ID search, exact (`{middleOrderId}`)", new TransactionFilter { Search = middleOrderId }, 0),
            new($"Order ID search, one day's prefix (`A{day:yyyyMMdd}-`)", new TransactionFilter { Search = $"A{day:yyyyMMdd}-" }, 0),
        ];
    }

    private static async Task GenerateAsync(BenchProvider provider, int rows)
    {
        provider.PrepareGeneration();
        var total = TransactionGenerator.TotalRows(rows);
        Console.WriteLine($"== generating {rows:N0} transactions of {TransactionGenerator.MainShop} ({total:N0} with the other shops) with {provider.Engine}");
        var started = Stopwatch.GetTimestamp();
        await using (var app = BenchApp.Create(provider.GenerationConnectionString, provider.AppProvider))
        {
            await app.MigrateAsync();
            await app.SeedShopsAndStaffAsync();
            await using var db = await app.DbAsync();
            await provider.BulkInsertAsync(db, TransactionGenerator.Generate(rows),
                written => Console.WriteLine($"   {written:N0} / {total:N0} ({Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s)"));
        }

        provider.CompleteGeneration();
        Console.WriteLine($"== generated in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");
    }

    private static async Task<ViewResult> MeasureViewAsync(BenchProvider provider, TransactionDirectory directory, EfCommands ef, GridView view, string shop, int rounds)
    {
        Console.WriteLine($"== {view.Name}");

        // Once untimed: the app's SQL and plan, the baseline's, and the same answer from both.
        ef.Take();
        var page = await directory.SearchAsync(BenchApp.Viewer, view.Filter, view.Page, view.PageSize)
            ?? throw new InvalidOperationException("The bench viewer may not view the shop: check the seeded membership.");
        var appCommands = ef.Take().Where(c => c.Sql.Sql.Contains("\"GatewayTransactions\"", StringComparison.Ordinal)).ToList();
        var shapes = HandShape.For(view);
        foreach (var candidate in shapes)
        {
            var hand = await provider.GridAsync(view, shop, candidate);
            if (hand.Total != page.Total || !hand.Rows.Select(r => r.Id).SequenceEqual(page.Rows.Select(r => r.Id)))
            {
                throw new InvalidOperationException($"{view.Name}: the hand-written SQL ({candidate}) answers {hand.Total} rows ({hand.Rows.Count} on the page), the app {page.Total} ({page.Rows.Count}).");
            }
        }

        var plans = new StringBuilder();
        foreach (var (sql, _) in appCommands)
        {
            await AppendPlanAsync(plans, provider, "app", sql);
        }

        // The baseline is the fastest hand-written shape (best of two tries each).
        var tries = new Dictionary<HandShape, double>();
        for (var i = 0; i < 2; i++)
        {
            foreach (var candidate in shapes)
            {
                var time = await TimeHandAsync(provider, view, shop, candidate);
                tries[candidate] = Math.Min(tries.GetValueOrDefault(candidate, double.MaxValue), time);
            }
        }

        var shape = tries.MinBy(t => t.Value).Key;
        await AppendPlanAsync(plans, provider, $"hand-written count ({shape})", provider.GridCountSql(view, shop, shape));
        await AppendPlanAsync(plans, provider, $"hand-written page ({shape})", provider.GridPageSql(view, shop, shape));
        Console.Write(plans);
        Console.WriteLine("   hand-written shapes, best of two: " + string.Join("; ", tries.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value:F1} ms"))));

        // Calls per round: one for views that take longer than a round, a batch for the quick ones.
        ef.Listening = false;
        var single = Math.Max(await PerCallAsync(1, () => directory.SearchAsync(BenchApp.Viewer, view.Filter, view.Page, view.PageSize)), tries[shape]);
        var batch = (int)Math.Clamp(Math.Ceiling(RoundMs / Math.Max(single, 0.001)), 1, 500);
        ef.Listening = true;

        var app = new List<double>();
        var appCount = new List<double>();
        var appPage = new List<double>();
        var appOther = new List<double>();
        var handTotal = new List<double>();
        var handCount = new List<double>();
        var handPage = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Alternate who goes first, so neither side always inherits the other's warm cache.
            for (var side = 0; side < 2; side++)
            {
                if ((round + side) % 2 == 0)
                {
                    ef.Listening = false;
                    app.Add(await PerCallAsync(batch, () => directory.SearchAsync(BenchApp.Viewer, view.Filter, view.Page, view.PageSize)));
                    // The split by statement from one more call, heard (and not timed as a whole).
                    ef.Listening = true;
                    ef.Take();
                    await directory.SearchAsync(BenchApp.Viewer, view.Filter, view.Page, view.PageSize);
                    var all = ef.Take();
                    var heard = all.Where(c => c.Sql.Sql.Contains("\"GatewayTransactions\"", StringComparison.Ordinal)).ToList();
                    appCount.Add(heard.Where(c => c.Sql.Sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Ms));
                    appPage.Add(heard.Where(c => !c.Sql.Sql.Contains("COUNT(*)", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Ms));
                    appOther.Add(all.Except(heard).Sum(c => c.Ms));
                }
                else
                {
                    HandPage? hand = null;
                    handTotal.Add(await PerCallAsync(batch, async () => hand = await provider.GridAsync(view, shop, shape)));
                    handCount.Add(hand!.CountMs);
                    handPage.Add(hand.PageMs);
                }
            }
        }

        var result = new ViewResult(view, page.Total, shape, [.. app], [.. appCount], [.. appPage], [.. appOther], [.. handTotal], [.. handCount], [.. handPage], plans.ToString());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"   rows {result.Total:N0}; app median {Stats.Median(app):F1} ms (best {app.Min():F1}; EF permission {Stats.Median(appOther):F1} + count {Stats.Median(appCount):F1} + page {Stats.Median(appPage):F1}); hand-written median {Stats.Median(handTotal):F1} ms (best {handTotal.Min():F1}, {shape}); ratio {result.Ratio:F2} (best {result.BestRatio:F2})"));
        return result;
    }

    private const int WarmUpCalls = 40;
    private static readonly TimeSpan WarmUpBudget = TimeSpan.FromSeconds(3);

    /// <summary>A round lasts at least this long: a sub-millisecond view is timed over a batch of calls, not one.</summary>
    private const double RoundMs = 25;

    private static async Task RepeatAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < WarmUpCalls && Stopwatch.GetElapsedTime(started) < WarmUpBudget; i++)
        {
            await call();
        }
    }

    /// <summary>Milliseconds per call, over <paramref name="calls"/> calls in a row.</summary>
    private static async Task<double> PerCallAsync(int calls, Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            await call();
        }

        return Stats.Ms(started) / calls;
    }

    private static async Task<double> TimeHandAsync(BenchProvider provider, GridView view, string shop, HandShape shape)
    {
        var started = Stopwatch.GetTimestamp();
        await provider.GridAsync(view, shop, shape);
        return Stats.Ms(started);
    }

    private static async Task AppendPlanAsync(StringBuilder plans, BenchProvider provider, string label, SqlText sql)
    {
        plans.AppendLine(CultureInfo.InvariantCulture, $"   -- {label}:");
        plans.AppendLine("      " + sql.Sql.ReplaceLineEndings(" "));
        if (sql.Parameters.Count > 0)
        {
            plans.AppendLine("      params: " + string.Join(", ", sql.Parameters.Select(p => $"{p.Key}={p.Value}")));
        }

        foreach (var line in await provider.ExplainAsync(sql))
        {
            plans.AppendLine("     " + line);
        }
    }

    /// <summary>
    /// The console's export handler, as a signed-in Viewer calls it, writing into a discarding body; and the engine's
    /// own CSV export of the same rows to /dev/null. Rounds rotate the order of the three.
    /// </summary>
    private static async Task<(List<ExportRun> Runs, string Comparison)> MeasureExportAsync(BenchProvider provider, BenchApp app, long rows, int rounds)
    {
        Console.WriteLine($"== CSV export of {rows:N0} rows");
        var shop = TransactionGenerator.MainShop;

        // Memory is measured against the process as it was before its first export (a collected heap), so the growth
        // the first export causes counts too, not only what later runs add on top of an already grown heap.
        var before = PeakMemory.CollectedResident();

        // Once untimed: the same cells from both (sqlite3 quotes more cells than the console does, so bytes differ).
        var appFile = Path.Combine(provider.DataFolder, "export-app.csv");
        var engineFile = Path.Combine(provider.DataFolder, "export-engine.csv");
        long firstGrowth;
        await using (var file = File.Create(appFile))
        {
            using var memory = PeakMemory.Start(before);
            await ExportAsync(app, file, shiftJis: false);
            memory.Stop();
            firstGrowth = memory.Growth;
        }

        await ShellAsync(provider.ExportCommand(shop, $"> '{engineFile}'"));
        var identical = SameCells(appFile, engineFile);
        File.Delete(appFile);
        File.Delete(engineFile);
        Console.WriteLine($"   console UTF-8 and {provider.ExportTool}: {identical}; first export's peak working set +{firstGrowth / 1e6:F0} MB");

        var runs = new List<ExportRun> { new("utf8-first", double.NaN, 0, firstGrowth) };
        var paths = new[] { "utf8", "sjis", "engine" };
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < paths.Length; i++)
            {
                var path = paths[(round + i) % paths.Length];
                if (path == "engine")
                {
                    var started = Stopwatch.GetTimestamp();
                    await ShellAsync(provider.ExportCommand(shop, "> /dev/null"));
                    runs.Add(new ExportRun(path, Stats.Ms(started) / 1000, 0, 0));
                }
                else
                {
                    var body = new DiscardingStream();
                    using var memory = PeakMemory.Start(before);
                    var started = Stopwatch.GetTimestamp();
                    await ExportAsync(app, body, shiftJis: path == "sjis");
                    var seconds = Stats.Ms(started) / 1000;
                    memory.Stop();
                    runs.Add(new ExportRun(path, seconds, body.Bytes, memory.Growth));
                }

                var run = runs[^1];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"   {run.Path,-6} {run.Seconds:F2} s, {rows / run.Seconds:N0} rows/s{(run.Path == "engine" ? "" : $", {run.Bytes / 1e6:F0} MB written, peak working set +{run.MemoryGrowth / 1e6:F0} MB")}"));
            }
        }

        return (runs, identical);
    }

    /// <summary>Compares two CSV files cell by cell (RFC 4180 quoting; no cell here spans lines).</summary>
    private static string SameCells(string first, string second)
    {
        using var a = new StreamReader(first, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var b = new StreamReader(second, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        for (long line = 1; ; line++)
        {
            var (x, y) = (a.ReadLine(), b.ReadLine());
            if (x is null && y is null)
            {
                return string.Create(CultureInfo.InvariantCulture, $"the same cells in all {line - 1:N0} lines");
            }

            if (x is null || y is null || !Cells(x).SequenceEqual(Cells(y)))
            {
                return $"DIFFERENT from line {line}: `{x}` / `{y}`";
            }
        }
    }

    private static List<string> Cells(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString());
        return cells;
    }

    private static async Task ExportAsync(BenchApp app, Stream body, bool shiftJis)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, BenchApp.Viewer.Id), new Claim(ClaimTypes.Name, BenchApp.Viewer.Name)], "bench"));
        http.Request.QueryString = new QueryString(shiftJis ? "?encoding=sjis" : "");
        http.Response.Body = body;
        await TransactionExport.ExportAsync(http, scope.ServiceProvider.GetRequiredService<IDbContextFactory<ApplicationDbContext>>(),
            scope.ServiceProvider.GetRequiredService<TransactionDirectory>(), scope.ServiceProvider.GetRequiredService<ExportProgress>());
        if (http.Response.StatusCode != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException($"The export answered {http.Response.StatusCode}.");
        }
    }

    private static async Task<string> ShellAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` failed ({process.ExitCode}): {await error}");
        }

        return await output;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    private static string Report(BenchProvider provider, Options options, long rows, List<ViewResult> views, List<ExportRun> exports, string comparison, string load)
    {
        var inv = CultureInfo.InvariantCulture;
        // Two decimals below 10 ms: the quick views take a fraction of a millisecond.
        string One(double ms) => ms.ToString(ms < 10 ? "F2" : "F1", inv);
        string Ms(double[] values) => $"{One(Stats.Median(values))} ({One(values.Min())})";
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        var s = new StringBuilder();
        s.AppendLine(provider.Heading);
        s.AppendLine();
        var command = provider.AppProvider == "Sqlite" ? "bench/run-grid.sh" : "bench/run-grid.sh --provider postgres";
        s.AppendLine(inv, $"Measured by `{command}` on {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {cpu}, {Environment.ProcessorCount} cores shared with other work");
        s.AppendLine(inv, $"(1-minute load average {load}); .NET {Environment.Version} ({(GCSettings.IsServerGC ? "server" : "workstation")} GC, as the console runs), {provider.Engine}, {provider.ExportTool}.");
        s.AppendLine(inv, $"Data: {rows:N0} transactions of one shop, plus {TransactionGenerator.TotalRows(options.Rows) - rows:N0} of three other shops in the same table, over two years in");
        s.AppendLine(inv, $"realistic proportions (`bench/MerchantConsole.Bench/Transactions/TransactionGenerator.cs`), schema by the app's migrations; {provider.Describe()}.");
        if (load.Split(' ').Any(l => double.TryParse(l, CultureInfo.InvariantCulture, out var value) && value > Environment.ProcessorCount))
        {
            s.AppendLine("**The machine was loaded by other work during this run** (more runnable tasks than cores): absolute times are inflated and");
            s.AppendLine("noisy; the ratios, both sides measured in alternating rounds, are the figures to read.");
        }

        s.AppendLine("Times are medians, with the best run in brackets; ratios compare medians (and bests).");
        s.AppendLine();
        s.AppendLine("### Grid: count and page of 50");
        s.AppendLine();
        s.AppendLine("The app is `TransactionDirectory.SearchAsync` as the grid calls it for a staff Viewer: permission check, count, page. The baseline");
        s.AppendLine(inv, $"is the same count and page hand-written in SQL with {provider.BaselineClient} on the same {(provider.AppProvider == "Sqlite" ? "file" : "database")} in the same process, in the fastest of");
        s.AppendLine("its shapes for each view: the page as LIMIT/OFFSET, as a deferred join (the page's IDs over an index, then those rows) or as the");
        s.AppendLine("matches' IDs by the index that filters best, then those rows sorted; a search");
        s.AppendLine(inv, $"as one OR or as a UNION of one indexed lookup per alternative. Both answer the same rows (checked). Both sides at steady state: every");
        s.AppendLine(inv, $"view called up to {WarmUpCalls} times on each side first (EF's query cache, {provider.Engine.Split(' ')[0]}'s page cache, the JIT's optimised tier), then {options.Rounds} rounds, the two");
        s.AppendLine(inv, $"sides alternating which goes first; a round of a view quicker than {RoundMs:F0} ms is a batch of calls, and its time the mean per call. The app is");
        s.AppendLine("timed with its diagnostics unobserved; its split is the app's own timing of its statements (to the first row: the permission check through EF Core, the count and page through GridQuery's SQL) in one more call per round.");
        s.AppendLine();
        s.AppendLine("| view | matching rows | app ms | hand-written ms | × hand-written | app statements ms: permission + count + page | hand-written ms: count + page (shape) | ≤ 2× |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var v in views)
        {
            s.AppendLine(inv,
                $"| {v.View.Name} | {v.Total:N0} | {Ms(v.App)} | {Ms(v.Hand)} | {v.Ratio:F2} ({v.BestRatio:F2}) | {One(Stats.Median(v.AppOther))} + {One(Stats.Median(v.AppCount))} + {One(Stats.Median(v.AppPage))} | {One(Stats.Median(v.HandCount))} + {One(Stats.Median(v.HandPage))} ({v.Shape}) | {(v.Ratio <= GridTarget ? "yes" : "**no**")} |");
        }

        var over = views.Where(v => v.Ratio > GridTarget).ToList();
        s.AppendLine();
        s.AppendLine(inv, $"Target: every view within 2 × the hand-written SQL — **{(over.Count == 0 ? "met" : $"met for {views.Count - over.Count} of {views.Count} views")}**.");
        foreach (var v in over)
        {
            var statements = Stats.Median(v.AppOther) + Stats.Median(v.AppCount) + Stats.Median(v.AppPage);
            s.AppendLine(inv,
                $"Over: {v.View.Name}, {One(Stats.Median(v.App))} ms against {One(Stats.Median(v.Hand))} ms; the app's three statements take {One(statements)} ms of it, the rest is the app's own work per query (EF Core's for the permission check) and per context.");
        }

        s.AppendLine();
        s.AppendLine("### CSV export of every row");
        s.AppendLine();
        s.AppendLine("The app is the `/transactions/export.csv` handler (`TransactionExport`) called as for a signed-in Viewer, with a response body that");
        s.AppendLine(inv, $"discards the bytes. The baseline is `{provider.ExportLabel}` running one SELECT that produces the same file (header, columns, JST dates, codes,");
        s.AppendLine(inv, $"labels, order) into /dev/null, timed as a whole process. Compared once, the console's UTF-8 file and the engine's hold {comparison}");
        s.AppendLine(inv, $"(the engine quotes more cells). {options.ExportRounds} rounds rotating the order of the three. Peak working set growth: the largest rise of the");
        s.AppendLine("resident set during any export above the process's collected heap before the first export, sampled every 5 ms and from Linux's");
        s.AppendLine("VmHWM; the first export (UTF-8, untimed) is where the heap grows to its working size, and later ones reuse it.");
        s.AppendLine();
        s.AppendLine("| path | seconds | rows/s | MB written | × engine rows/s | peak working set growth |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        var engine = exports.Where(e => e.Path == "engine").Select(e => e.Seconds).ToArray();
        s.AppendLine(inv, $"| `{provider.ExportLabel}` (UTF-8) | {Stats.Median(engine):F2} ({engine.Min():F2}) | {rows / Stats.Median(engine):N0} ({rows / engine.Min():N0}) | – | 1.00 | – |");
        var verdicts = new List<string>();
        foreach (var (path, label) in new[] { ("utf8", "console, UTF-8 with BOM"), ("sjis", "console, Windows-31J (Shift_JIS)") })
        {
            var runs = exports.Where(e => e.Path == path).ToList();
            var seconds = runs.Select(e => e.Seconds).ToArray();
            var largest = exports.Where(e => e.Path.StartsWith(path, StringComparison.Ordinal)).MaxBy(e => e.MemoryGrowth)!;
            var growth = largest.MemoryGrowth;
            var first = largest.Path.EndsWith("-first", StringComparison.Ordinal) ? " (the first export)" : "";
            var ratio = Stats.Median(engine) / Stats.Median(seconds);
            s.AppendLine(inv,
                $"| {label} | {Stats.Median(seconds):F2} ({seconds.Min():F2}) | {rows / Stats.Median(seconds):N0} ({rows / seconds.Min():N0}) | {runs[0].Bytes / 1e6:F0} | {ratio:F2} ({engine.Min() / seconds.Min():F2}) | {growth / 1e6:F0} MB{first} |");
            verdicts.Add(string.Create(inv, $"{label} {ratio:F2} × and +{growth / 1e6:F0} MB — **{(ratio >= ExportThroughputTarget && growth < ExportMemoryTarget ? "met" : "NOT met")}**"));
        }

        s.AppendLine();
        s.AppendLine(inv, $"Target: at least 0.5 × the engine's rows/s with peak working set growth under 100 MB: {string.Join("; ", verdicts)}.");
        s.AppendLine();
        s.AppendLine("<details><summary>The SQL and its query plans</summary>");
        s.AppendLine();
        foreach (var v in views)
        {
            s.AppendLine(inv, $"**{v.View.Name}**");
            s.AppendLine();
            s.AppendLine("```");
            s.Append(v.Plans);
            s.AppendLine("```");
            s.AppendLine();
        }

        s.AppendLine("</details>");
        return s.ToString();
    }
}

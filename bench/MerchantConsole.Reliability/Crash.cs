using System.Diagnostics;

namespace MerchantConsole.Reliability;

/// <summary>
/// 2,000 authorized orders, a bulk capture started by staff, and the console SIGKILLed at random moments while the job
/// runs, then started again on the same database — five times. Afterwards the job finishes (or says which rows it did
/// not capture and why) and every transaction still agrees with Amazon.
/// </summary>
public sealed class Crash(Func<Task<ConsoleProcess>> restart, Func<ConsoleProcess, Task> startBulk, string database, string shopId)
{
    public sealed record Kill(int Number, TimeSpan After, long DoneBefore, long ClaimedBefore);

    public sealed record JobReport(long Total, long Succeeded, long Failed, long Waiting, bool Finished, List<string> FailedRows, List<string> Mismatches);

    public List<Kill> Kills { get; } = [];

    public async Task<(ConsoleProcess Console, JobReport Report, TimeSpan Elapsed)> RunAsync(ConsoleProcess console, int kills, TimeSpan finishLimit)
    {
        await startBulk(console);
        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= kills; n++)
        {
            // A random moment while the job runs: 2 to 15 seconds after the console (re)started.
            var wait = TimeSpan.FromMilliseconds(Random.Shared.Next(2_000, 15_000));
            await Task.Delay(wait);
            var (done, claimed) = await ProgressAsync();
            await console.KillAsync();
            await console.DisposeAsync();
            Kills.Add(new Kill(n, wait, done, claimed));
            Console.WriteLine($"  kill {n}: SIGKILL {wait.TotalSeconds:F1} s after start, {done:N0} rows done, {claimed:N0} claimed and not done");
            console = await restart();
        }

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < finishLimit && !(await ReportAsync()).Finished)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        return (console, await ReportAsync(), clock.Elapsed);
    }

    private async Task<(long Done, long Claimed)> ProgressAsync()
    {
        await using var db = Agreement.Open(database);
        var done = await Agreement.ScalarAsync(db, "SELECT COUNT(*) FROM BulkCaptureItems i JOIN BulkCaptureJobs j ON j.Id = i.JobId WHERE j.ShopId = $shop AND i.Status <> 'Waiting'", shopId);
        var claimed = await Agreement.ScalarAsync(db, "SELECT COUNT(*) FROM BulkCaptureItems i JOIN BulkCaptureJobs j ON j.Id = i.JobId WHERE j.ShopId = $shop AND i.Status = 'Waiting' AND i.Attempts > 0", shopId);
        return (done, claimed);
    }

    /// <summary>The job as staff see it, checked row by row against the transactions: 成功 rows are captured, the others are not.</summary>
    public async Task<JobReport> ReportAsync()
    {
        await using var db = Agreement.Open(database);
        var items = await Agreement.QueryAsync(db, """
            SELECT i.OrderId, i.Status, i.ErrorCode, i.Message, t.State, j.FinishedAt IS NOT NULL
            FROM BulkCaptureItems i JOIN BulkCaptureJobs j ON j.Id = i.JobId JOIN GatewayTransactions t ON t.Id = i.TransactionId
            WHERE j.ShopId = $shop
            """, r => (OrderId: r.GetString(0), Status: r.GetString(1), Code: r.IsDBNull(2) ? null : r.GetString(2), Message: r.IsDBNull(3) ? null : r.GetString(3),
                State: r.GetString(4), Finished: r.GetBoolean(5)), ("$shop", shopId));
        var mismatches = items
            .Where(i => (i.Status == "Succeeded" && i.State is not ("Sales" or "ReqSales")) || (i.Status == "Failed" && i.State is "Sales" or "ReqSales"))
            .Select(i => $"{i.OrderId}: job says {i.Status}, transaction is {i.State}").ToList();
        var failed = items.Where(i => i.Status == "Failed").Select(i => $"{i.OrderId} {i.Code}: {i.Message}").ToList();
        return new JobReport(items.Count, items.Count(i => i.Status == "Succeeded"), items.Count(i => i.Status == "Failed"), items.Count(i => i.Status == "Waiting"),
            items.Count > 0 && items.All(i => i.Finished), failed, mismatches);
    }
}

using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace MerchantConsole.Transactions;

/// <summary>How far one CSV download has got, as its page reads it.</summary>
public sealed record ExportState(long Rows, bool Finished, bool Failed);

/// <summary>
/// Rows written so far by each running CSV download, so the grid can show progress while the browser receives a
/// stream of unknown length. Keyed by the staff member and an ID the page chose, so nobody reads another's export;
/// held in memory only (an export lives and dies with the instance serving it) and forgotten soon after it ends.
/// </summary>
public sealed partial class ExportProgress(TimeProvider clock)
{
    public const string QueryName = "progress";

    /// <summary>Rows between two updates: often enough for a smooth bar, rare enough to cost nothing per row.</summary>
    public const int Step = 1000;

    private static readonly TimeSpan KeptAfterEnd = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<(string User, string Id), (ExportState State, DateTimeOffset Touched)> exports = new();

    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public void Report(string userId, string? id, long rows, bool finished = false, bool failed = false)
    {
        if (!IsValidId(id))
        {
            return;
        }

        var now = clock.GetUtcNow();
        exports[(userId, id!)] = (new ExportState(rows, finished, failed), now);
        foreach (var stale in exports.Where(e => (e.Value.State.Finished || e.Value.State.Failed) && now - e.Value.Touched > KeptAfterEnd))
        {
            exports.TryRemove(stale.Key, out _);
        }
    }

    public ExportState? Read(string userId, string id) => exports.TryGetValue((userId, id), out var entry) ? entry.State : null;

    [GeneratedRegex("^[A-Za-z0-9]{8,64}$")]
    private static partial Regex IdPattern();
}

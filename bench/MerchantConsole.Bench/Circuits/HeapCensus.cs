using System.Globalization;
using System.Text;
using Microsoft.Diagnostics.Runtime;

namespace MerchantConsole.Bench.Circuits;

/// <summary>
/// What a process's GC heap holds, by type (ClrMD on a snapshot of the live process; run after a full collection so
/// the objects counted are the live ones). Two censuses subtracted say what some circuits added.
/// </summary>
internal sealed class HeapCensus
{
    private readonly Dictionary<string, (long Count, long Bytes)> byType = [];

    public static HeapCensus Take(int processId)
    {
        var census = new HeapCensus();
        using var target = DataTarget.CreateSnapshotAndAttach(processId);
        // The DAC of the runtime both processes run on (ClrMD does not look beside the runtime by itself on Linux).
        var dac = Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "libmscordaccore.so");
        using var runtime = target.ClrVersions[0].CreateRuntime(dac, ignoreMismatch: true);
        foreach (var item in runtime.Heap.EnumerateObjects())
        {
            if (!item.IsValid || item.IsFree)
            {
                continue;
            }

            var name = item.Type?.Name ?? "(unknown)";
            var (count, bytes) = census.byType.GetValueOrDefault(name);
            census.byType[name] = (count + 1, bytes + (long)item.Size);
        }

        return census;
    }

    /// <summary>The types that grew most from <paramref name="before"/>, per circuit.</summary>
    public string Growth(HeapCensus before, int circuits, int top = 25)
    {
        var rows = byType.Select(p =>
            {
                var (count, bytes) = before.byType.GetValueOrDefault(p.Key);
                return (Type: p.Key, Count: p.Value.Count - count, Bytes: p.Value.Bytes - bytes);
            })
            .Where(r => r.Bytes > 0)
            .OrderByDescending(r => r.Bytes)
            .Take(top);
        var text = new StringBuilder();
        foreach (var (type, count, bytes) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"   {bytes / circuits,9:N0} B {count / (double)circuits,8:F1} objects  {type}");
        }

        return text.ToString();
    }

    /// <summary>Component instances (MudBlazor's and the console's) added per circuit, most numerous first.</summary>
    public string Components(HeapCensus before, int circuits, int top = 40)
    {
        var rows = byType.Where(p => p.Key.StartsWith("MudBlazor.", StringComparison.Ordinal) || p.Key.StartsWith("MerchantConsole.", StringComparison.Ordinal))
            .Select(p => (Type: p.Key, Count: p.Value.Count - before.byType.GetValueOrDefault(p.Key).Count))
            .Where(r => r.Count > 0)
            .OrderByDescending(r => r.Count)
            .Take(top);
        var text = new StringBuilder();
        foreach (var (type, count) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"   {count / (double)circuits,8:F1}  {type}");
        }

        return text.ToString();
    }
}

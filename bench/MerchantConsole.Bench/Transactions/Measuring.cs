using System.Diagnostics;
using System.Globalization;
using MerchantConsole.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MerchantConsole.Bench.Transactions;

/// <summary>
/// The SQL EF Core sends, with its parameters and its own execution time, heard on EF's DiagnosticListener:
/// the app is measured as it is, without an interceptor added to its options.
/// </summary>
internal sealed class EfCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly IDisposable subscription;
    private readonly List<IDisposable> listeners = [];
    private readonly List<(SqlText Sql, double Ms)> heard = [];

    /// <summary>What a transaction's commit is heard as, with the time it took (on SQLite, mostly the write to disk).</summary>
    public const string Commit = "COMMIT";

    public EfCommands() => subscription = DiagnosticListener.AllListeners.Subscribe(this);

    /// <summary>
    /// Whether EF Core reports its commands now. Off while the app is timed: with a subscriber, EF builds event data
    /// for every command and this class copies its SQL and parameters, work the console does not do.
    /// </summary>
    public bool Listening { get; set; } = true;

    /// <summary>Commands heard since the last call, in order.</summary>
    public IReadOnlyList<(SqlText Sql, double Ms)> Take()
    {
        lock (heard)
        {
            var taken = heard.ToList();
            heard.Clear();
            return taken;
        }
    }

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener listener)
    {
        // EF Core's commands, and the grid's own count and page (TransactionDirectory runs those without EF Core).
        if (listener.Name == DbLoggerCategory.Name || listener.Name == GridQuery.DiagnosticsName)
        {
            lock (listeners)
            {
                listeners.Add(listener.Subscribe(this, name => Listening && (name == RelationalEventId.CommandExecuted.Name
                    || name == RelationalEventId.TransactionCommitted.Name || name == GridQuery.CommandExecuted)));
            }
        }
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Value is TransactionEndEventData committed)
        {
            lock (heard)
            {
                heard.Add((new SqlText(Commit, []), committed.Duration.TotalMilliseconds));
            }

            return;
        }

        var (command, duration) = value.Value switch
        {
            CommandExecutedEventData executed => (executed.Command, executed.Duration),
            ValueTuple<System.Data.Common.DbCommand, TimeSpan> grid => grid,
            _ => (null, TimeSpan.Zero),
        };
        if (command is not null)
        {
            var parameters = command.Parameters.Cast<System.Data.Common.DbParameter>()
                .Select(p => new KeyValuePair<string, object?>(p.ParameterName, p.Value)).ToList();
            lock (heard)
            {
                heard.Add((new SqlText(command.CommandText, parameters), duration.TotalMilliseconds));
            }
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        subscription.Dispose();
        lock (listeners)
        {
            listeners.ForEach(l => l.Dispose());
        }
    }
}

/// <summary>
/// The process's resident set while something runs: sampled every few milliseconds, and Linux's own high-water
/// mark (VmHWM) reset before the run where the kernel allows it. Growth is measured from a collected heap.
/// </summary>
internal sealed class PeakMemory : IDisposable
{
    private readonly long baseline;
    private readonly bool highWaterReset;
    private readonly Thread sampler;
    private long peak;
    private volatile bool running = true;

    private PeakMemory(long baseline)
    {
        this.baseline = baseline;
        peak = Resident();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            highWaterReset = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            highWaterReset = false;
        }

        sampler = new Thread(() =>
        {
            while (running)
            {
                peak = Math.Max(peak, Resident());
                Thread.Sleep(5);
            }
        })
        { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        sampler.Start();
    }

    /// <summary>Samples until <see cref="Stop"/>; growth is counted from <paramref name="baseline"/> (see <see cref="CollectedResident"/>).</summary>
    public static PeakMemory Start(long baseline) => new(baseline);

    /// <summary>The resident set after a full collection: what the process needs before the measured work.</summary>
    public static long CollectedResident()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Resident();
    }

    /// <summary>Peak resident bytes above the baseline.</summary>
    public long Growth { get; private set; }

    public long Baseline => baseline;

    public void Stop()
    {
        running = false;
        sampler.Join();
        var top = Math.Max(peak, Resident());
        if (highWaterReset && HighWater() is { } hwm)
        {
            top = Math.Max(top, hwm);
        }

        Growth = Math.Max(0, top - baseline);
    }

    public void Dispose()
    {
        if (running)
        {
            Stop();
        }
    }

    private static long Resident()
    {
        var fields = File.ReadAllText("/proc/self/statm").Split(' ');
        return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
    }

    private static long? HighWater()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>A response body that keeps nothing: counts the bytes.</summary>
internal sealed class DiscardingStream : Stream
{
    public long Bytes { get; private set; }

    public override void Write(ReadOnlySpan<byte> buffer) => Bytes += buffer.Length;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Bytes;

    public override long Position { get => Bytes; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Ms(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}

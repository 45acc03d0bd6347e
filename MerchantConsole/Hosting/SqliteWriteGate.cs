using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MerchantConsole.Hosting;

/// <summary>
/// SQLite lets one writer at a time into a database file. A transaction that finds it taken gets SQLITE_BUSY, and
/// Microsoft.Data.Sqlite then sleeps on its thread and tries again until it gets in or its command timeout passes.
/// Under a burst of writers that put requests seconds behind and starved the thread pool (the load test of
/// docs/reliability.md §13: 決済実行 took 3.5 s at the median while its Amazon calls took 5 ms). So the console's own
/// writers queue here instead, asynchronously and one at a time: a transaction waits for the gate before it begins
/// (Microsoft.Data.Sqlite begins IMMEDIATE, taking the write lock at once) and gives it back when it commits, rolls
/// back or fails, or at the latest when its connection closes; a write outside a transaction (EF's single-statement
/// save, ExecuteUpdate, ExecuteDelete) holds it for its one command. Reads never wait: the database runs in WAL mode.
/// Other processes on the same file still meet SQLite's own locking, and a writer that waits longer than
/// <see cref="PatienceLimit"/> (a gate held by mistake; Microsoft.Data.Sqlite's own command timeout is as long) goes on without it and is logged.
/// At Debug, each writer leaving the gate logs how long it waited for it and held it: the one place the console's
/// writes take turns, and where the load test of docs/reliability.md §13 reads how busy it is.
/// </summary>
public sealed partial class SqliteWriteGate(ILogger<SqliteWriteGate> logger) : IDbTransactionInterceptor, IDbCommandInterceptor, IDbConnectionInterceptor, IDisposable
{
    public static readonly TimeSpan PatienceLimit = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>Whether no writer holds the gate now (for tests: every path that takes it must give it back).</summary>
    internal bool IsFree => gate.CurrentCount == 1;
    private readonly ConcurrentDictionary<Guid, Turn> holders = new(); // by EF's connection ID

    /// <summary>A writer's turn at the gate: when it asked and when it got in (<see cref="Stopwatch"/> timestamps).</summary>
    private readonly record struct Turn(long AskedAt, long EnteredAt);

    // Transactions: from before BEGIN to the end of the transaction.

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Enter(eventData.ConnectionId);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        await EnterAsync(eventData.ConnectionId, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Leave(eventData.ConnectionId);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => Leave(eventData.ConnectionId);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default) =>
        LeaveAsync(eventData.ConnectionId);

    // A transaction disposed without commit or rollback ends when its connection closes.

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Leave(eventData.ConnectionId);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData) => LeaveAsync(eventData.ConnectionId);

    // Writes outside a transaction: one command each.

    public InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (IsLoneWrite(command))
        {
            Enter(eventData.ConnectionId);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            await EnterAsync(eventData.ConnectionId, cancellationToken);
        }

        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        LeaveLoneWrite(command, eventData.ConnectionId);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        LeaveLoneWrite(command, eventData.ConnectionId);
        return ValueTask.FromResult(result);
    }

    public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (IsLoneWrite(command))
        {
            Enter(eventData.ConnectionId);
        }

        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (IsLoneWrite(command))
        {
            await EnterAsync(eventData.ConnectionId, cancellationToken);
        }

        return result;
    }

    /// <summary>An INSERT … RETURNING holds the write lock until its reader is done with it.</summary>
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData, InterceptionResult result)
    {
        LeaveLoneWrite(command, eventData.ConnectionId);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) => LeaveLoneWrite(command, eventData.ConnectionId);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveLoneWrite(command, eventData.ConnectionId);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) => LeaveLoneWrite(command, eventData.ConnectionId);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        LeaveLoneWrite(command, eventData.ConnectionId);
        return Task.CompletedTask;
    }

    private static bool IsLoneWrite(DbCommand command) =>
        command.Transaction is null && StartsWithWrite(command.CommandText);

    private static bool StartsWithWrite(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        return text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase) || text.StartsWith("REPLACE", StringComparison.OrdinalIgnoreCase);
    }

    private void LeaveLoneWrite(DbCommand command, Guid connection)
    {
        if (command.Transaction is null)
        {
            Leave(connection);
        }
    }

    private void Enter(Guid connection)
    {
        if (holders.ContainsKey(connection))
        {
            return; // this connection holds it already (a write inside its own unit of work)
        }

        var asked = Stopwatch.GetTimestamp();
        if (gate.Wait(PatienceLimit))
        {
            holders[connection] = new Turn(asked, Stopwatch.GetTimestamp());
        }
        else
        {
            TooLong();
        }
    }

    private async ValueTask EnterAsync(Guid connection, CancellationToken cancellationToken)
    {
        if (holders.ContainsKey(connection))
        {
            return;
        }

        var asked = Stopwatch.GetTimestamp();
        if (await gate.WaitAsync(PatienceLimit, cancellationToken))
        {
            holders[connection] = new Turn(asked, Stopwatch.GetTimestamp());
        }
        else
        {
            TooLong();
        }
    }

    private void Leave(Guid connection)
    {
        if (holders.TryRemove(connection, out var turn))
        {
            gate.Release();
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Left(Stopwatch.GetElapsedTime(turn.AskedAt, turn.EnteredAt).TotalMilliseconds, Stopwatch.GetElapsedTime(turn.EnteredAt).TotalMilliseconds);
            }
        }
    }

    private Task LeaveAsync(Guid connection)
    {
        Leave(connection);
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite write gate: waited {WaitMilliseconds:F2} ms, held {HoldMilliseconds:F2} ms")]
    private partial void Left(double waitMilliseconds, double holdMilliseconds);

    private void TooLong() => logger.LogWarning(
        "A SQLite writer waited {Seconds} s for the write gate and goes on without it; SQLite's own locking still applies.", PatienceLimit.TotalSeconds);

    public void Dispose() => gate.Dispose();
}

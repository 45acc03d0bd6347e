using MerchantConsole.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// The console's SQLite writers take turns at <see cref="SqliteWriteGate"/> instead of sleeping on SQLITE_BUSY. Every
/// way a write can end — commit, rollback, a failed statement, a transaction dropped without either, a lone statement —
/// must give the gate back, and readers must never wait for it. A small model of its own, on a real database file.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mc-gate-").FullName;
    private readonly SqliteWriteGate gate = new(NullLogger<SqliteWriteGate>.Instance);
    private readonly DbContextOptions<GateContext> options;

    public SqliteWriteGateTests()
    {
        options = Options(gate);
        using var db = new GateContext(options);
        db.Database.EnsureCreated();
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode = WAL;");
    }

    [Fact]
    public async Task Fifty_concurrent_writers_of_every_kind_all_commit_and_leave_the_gate_free()
    {
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            await using var db = new GateContext(options);
            switch (i % 3)
            {
                case 0: // a lone INSERT … RETURNING (EF saves one statement without a transaction)
                    db.Items.Add(new Item { Name = $"lone-{i}" });
                    await db.SaveChangesAsync();
                    break;
                case 1: // an explicit transaction with two statements
                    await using (var transaction = await db.Database.BeginTransactionAsync())
                    {
                        db.Items.Add(new Item { Name = $"tx-{i}-a" });
                        db.Items.Add(new Item { Name = $"tx-{i}-b" });
                        await db.SaveChangesAsync();
                        await transaction.CommitAsync();
                    }

                    break;
                default: // ExecuteUpdate after an insert
                    db.Items.Add(new Item { Name = $"upd-{i}" });
                    await db.SaveChangesAsync();
                    await db.Items.Where(x => x.Name == $"upd-{i}").ExecuteUpdateAsync(set => set.SetProperty(x => x.Name, $"updated-{i}"));
                    break;
            }
        })));

        await using var check = new GateContext(options);
        Assert.Equal(17 + 2 * 17 + 16, await check.Items.CountAsync());
        Assert.Equal(16, await check.Items.CountAsync(x => x.Name.StartsWith("updated-")));
        Assert.True(gate.IsFree);
    }

    [Fact]
    public async Task A_failed_statement_and_a_rolled_back_transaction_give_the_gate_back()
    {
        await using (var db = new GateContext(options))
        {
            db.Items.Add(new Item { Name = "unique" });
            await db.SaveChangesAsync();
        }

        await using (var db = new GateContext(options))
        {
            db.Items.Add(new Item { Name = "unique" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.True(gate.IsFree);
        await using (var db = new GateContext(options))
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Items.Add(new Item { Name = "rolled back" });
            await db.SaveChangesAsync();
            Assert.False(gate.IsFree);
            await transaction.RollbackAsync();
        }

        Assert.True(gate.IsFree);
    }

    [Fact]
    public async Task A_transaction_dropped_without_commit_gives_the_gate_back_when_its_context_ends()
    {
        await using (var db = new GateContext(options))
        {
            var transaction = await db.Database.BeginTransactionAsync();
            db.Items.Add(new Item { Name = "dropped" });
            await db.SaveChangesAsync();
            await transaction.DisposeAsync();
        }

        Assert.True(gate.IsFree);
        await using var check = new GateContext(options);
        Assert.False(await check.Items.AnyAsync(x => x.Name == "dropped"));
    }

    [Fact]
    public async Task A_reader_does_not_wait_for_a_writer_holding_the_gate()
    {
        await using var writer = new GateContext(options);
        await using var transaction = await writer.Database.BeginTransactionAsync();
        writer.Items.Add(new Item { Name = "in flight" });
        await writer.SaveChangesAsync();
        Assert.False(gate.IsFree);

        await using var reader = new GateContext(options);
        var seen = await reader.Items.CountAsync().WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, seen); // WAL: the reader sees the last commit, without waiting
        await transaction.CommitAsync();
        Assert.True(gate.IsFree);
    }

    [Fact]
    public async Task Each_writer_leaving_the_gate_logs_its_wait_and_its_hold_at_Debug()
    {
        await using (var warm = new GateContext(options))
        {
            // EF's first lone INSERT compiles its way there; the second writer's must ask for the gate at once.
            warm.Items.Add(new Item { Name = "warm" });
            await warm.SaveChangesAsync();
        }

        var turns = new TurnLog();
        using var logged = new SqliteWriteGate(turns);
        var loggedOptions = Options(logged);

        await using var first = new GateContext(loggedOptions);
        var holding = await first.Database.BeginTransactionAsync();
        first.Items.Add(new Item { Name = "first" });
        await first.SaveChangesAsync();

        await using var second = new GateContext(loggedOptions);
        var asking = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = Task.Run(async () =>
        {
            second.Items.Add(new Item { Name = "second" });
            asking.SetResult();
            await second.SaveChangesAsync(); // a lone INSERT: waits for the first writer's commit
        });
        await asking.Task;
        await Task.Delay(400);
        Assert.False(waiting.IsCompleted);
        await holding.CommitAsync();
        await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        await holding.DisposeAsync();

        Assert.True(logged.IsFree);
        Assert.Equal(2, turns.Turns.Count);
        // Each writer logs after it let the next one in, so the lines may come in either order: the first writer is the
        // one that held the gate through the delay.
        var (firstWait, firstHold) = turns.Turns.MaxBy(t => t.Hold);
        var (secondWait, secondHold) = turns.Turns.MinBy(t => t.Hold);
        Assert.True(firstWait < 250, $"the first writer found the gate free, yet waited {firstWait} ms");
        Assert.True(firstHold >= 400, $"the first writer held the gate through the 400 ms delay, yet logged {firstHold} ms");
        // It asked within moments of the delay's start (EF prepares the INSERT first), and got in at the commit.
        Assert.True(secondWait >= 100, $"the second writer waited for the first one's commit, yet logged {secondWait} ms");
        Assert.True(secondHold >= 0 && secondHold < firstHold, $"the second writer's one statement logged a hold of {secondHold} ms");
    }

    [Fact]
    public async Task The_gate_logs_nothing_per_writer_unless_Debug_is_on()
    {
        var turns = new TurnLog(LogLevel.Information);
        using var logged = new SqliteWriteGate(turns);
        var loggedOptions = Options(logged);
        await using var db = new GateContext(loggedOptions);
        db.Items.Add(new Item { Name = "quiet" });
        await db.SaveChangesAsync();

        Assert.True(logged.IsFree);
        Assert.Empty(turns.Turns);
    }

    private DbContextOptions<GateContext> Options(SqliteWriteGate writeGate) => new DbContextOptionsBuilder<GateContext>()
        .UseSqlite($"Data Source={Path.Combine(folder, "gate.db")};Pooling=False")
        .AddInterceptors(writeGate)
        .Options;

    /// <summary>The gate's Debug lines by their values (wait, hold), in the order they were logged.</summary>
    private sealed class TurnLog(LogLevel minimum = LogLevel.Debug) : ILogger<SqliteWriteGate>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(double Wait, double Hold)> turns = new();

        public IReadOnlyList<(double Wait, double Hold)> Turns => [.. turns];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel) && state is IReadOnlyList<KeyValuePair<string, object?>> values
                && values.FirstOrDefault(v => v.Key == "WaitMilliseconds").Value is double wait
                && values.FirstOrDefault(v => v.Key == "HoldMilliseconds").Value is double hold)
            {
                turns.Enqueue((wait, hold));
            }
        }
    }

    public void Dispose()
    {
        gate.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private sealed class GateContext(DbContextOptions<GateContext> options) : DbContext(options)
    {
        public DbSet<Item> Items => Set<Item>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Item>().HasIndex(x => x.Name).IsUnique();
    }

    private sealed class Item
    {
        public int Id { get; set; }

        public string Name { get; set; } = "";
    }
}

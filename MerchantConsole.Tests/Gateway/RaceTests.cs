using System.Collections.Concurrent;
using MerchantConsole.Core;
using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using MerchantConsole.Transactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MerchantConsole.Tests.Gateway;

/// <summary>A console with instant refunds, two staff of the shop, and every log line the app writes kept for inspection.</summary>
public sealed class RaceFixture : IAsyncLifetime
{
    public const string OperatorEmail = "operator@example.test";

    private GatewayHarness? harness;

    public GatewayHarness Harness => harness ?? throw new InvalidOperationException("The gateway has not started.");

    public ActorRef Owner { get; private set; } = null!;

    public ActorRef Operator { get; private set; } = null!;

    public CapturedLog Log { get; } = new();

    public async Task InitializeAsync()
    {
        harness = await GatewayHarness.StartAsync("--AmazonPay:Sandbox:RefundSettleSeconds=0");
        harness.Console.Services.GetRequiredService<ILoggerFactory>().AddProvider(Log);
        Owner = harness.Sandbox.Owner;
        var added = await harness.Service<StaffDirectory>().AddAsync(Owner, OperatorEmail, ShopRole.Operator, "operator long password");
        Assert.True(added.Succeeded, added.ErrorKey);
        await using var db = await harness.DbAsync();
        var user = await db.Users.SingleAsync(u => u.Email == OperatorEmail);
        Operator = new ActorRef(user.Id, OperatorEmail);
    }

    public async Task DisposeAsync()
    {
        if (harness is not null)
        {
            await harness.DisposeAsync();
        }
    }
}

/// <summary>Every log line at Warning or above, with its category, as the app wrote it.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> lines = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<(string, LogLevel, string)> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lines.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name)));
            }
        }
    }
}

/// <summary>
/// Staff (and merchant servers) acting on the same object at the same moment, through the console's own actions and the
/// engine: one wins, the other gets a clear refusal that is journaled with who, what and why, Amazon (the sandbox) agrees
/// with the console to the yen, and an expected conflict is never logged as an error. Twenty cancels of one sale through the
/// engine are <see cref="ConcurrencyTests"/>; this class is the two-staff, fifty-cancel and mixed-operation races.
/// </summary>
public sealed class RaceTests(RaceFixture fixture) : IClassFixture<RaceFixture>
{
    private readonly int logStart = fixture.Log.Lines.Count;

    /// <summary>What the loser of a race may be told: another operation holds the row, or it was already processed.</summary>
    private static readonly string[] LosingAnswers =
        [GatewayErrors.InFlight.ErrInfo, GatewayErrors.DuplicateSubmission.ErrInfo, GatewayErrors.AlreadyProcessed.ErrInfo];

    private GatewayHarness H => fixture.Harness;

    private TransactionActions Actions => H.Service<TransactionActions>();

    private static async Task<T[]> AtOnceAsync<T>(int count, Func<int, Task<T>> act)
    {
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await act(i);
        })).ToArray();
        start.Set();
        return await Task.WhenAll(tasks);
    }

    private async Task<SandboxChargeView> ChargeAsync(long id)
    {
        var row = await H.RowAsync(id);
        await using var db = await H.DbAsync();
        var charge = await db.SandboxCharges.AsNoTracking().SingleAsync(c => c.Id == row.ChargeId);
        var refunded = await db.SandboxRefunds.AsNoTracking().Where(r => r.ChargeId == row.ChargeId && r.State == "Refunded").SumAsync(r => r.Amount);
        return new SandboxChargeView(charge.State, charge.Amount, charge.CaptureAmount, refunded);
    }

    private sealed record SandboxChargeView(string State, long Amount, long? Captured, long Refunded);

    private async Task AssertRefusalsJournaledAsync(long id, Operation operation, IEnumerable<(ActorRef Actor, GatewayError Error)> refused)
    {
        var journal = await H.JournalAsync(id);
        foreach (var group in refused.GroupBy(r => (r.Actor.Id, r.Error.ErrInfo)))
        {
            var lines = journal.Count(j => j.Operation == operation && j.Outcome == GatewayOutcome.Refused && j.ActorKind == GatewayActorKind.Staff
                && j.ActorId == group.Key.Id && !string.IsNullOrEmpty(j.ActorName) && j.ErrorCode == group.Key.ErrInfo && !string.IsNullOrEmpty(j.ErrorMessage));
            Assert.True(lines >= group.Count(), $"{group.Count()} refusals {group.Key.ErrInfo} of {group.Key.Id} but {lines} journal lines");
        }
    }

    private void AssertNoErrorLogged()
    {
        var errors = fixture.Log.Lines.Skip(logStart).Where(l => l.Level >= LogLevel.Error).ToList();
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task Two_staff_capturing_the_same_row_at_once_capture_it_once_and_the_other_is_told_it_was_already_processed()
    {
        for (var round = 0; round < 4; round++)
        {
            var id = await H.AuthorizedAsync(12_000, 1_200);
            var staff = new[] { fixture.Owner, fixture.Operator };

            var results = await AtOnceAsync(2, i => Actions.RunAsync(staff[i], id, Operation.Capture, null, null));

            Assert.Single(results, r => r.IsSuccess);
            var loser = Assert.Single(results, r => !r.IsSuccess);
            Assert.Contains(loser.Error!.ErrInfo, LosingAnswers);
            Assert.False(string.IsNullOrEmpty(loser.Error.Japanese));
            var row = await H.RowAsync(id);
            Assert.Equal((TransactionState.Sales, 12_000L, 1_200L), (row.State, row.CapturedAmount, row.CapturedTax));
            var charge = await ChargeAsync(id);
            Assert.Equal(("Captured", (long?)13_200), (charge.State, charge.Captured));
            var loserActor = staff[Array.FindIndex(results, r => !r.IsSuccess)];
            await AssertRefusalsJournaledAsync(id, Operation.Capture, [(loserActor, loser.Error)]);
            Assert.Single(await H.JournalAsync(id), j => j.Operation == Operation.Capture && j.Outcome == GatewayOutcome.Succeeded);

            // Whoever clicks after the race is over is told the same, in both languages, and nothing changes.
            var late = await Actions.RunAsync(fixture.Operator, id, Operation.Capture, null, null);
            Assert.Equal(GatewayErrors.AlreadyProcessed.ErrInfo, late.Error?.ErrInfo);
            Assert.Equal("この取引は既に処理済みです。", late.Error!.Japanese);
            Assert.Equal(row.Version, (await H.RowAsync(id)).Version);
        }

        AssertNoErrorLogged();
    }

    [Fact]
    public async Task Fifty_parallel_partial_cancels_by_two_staff_refund_at_most_ten_and_never_more_than_captured_and_Amazon_agrees()
    {
        const long captured = 800_000;
        const long part = 90_000; // ten fit in the money (900,000 would not): the count limit and the remainder both bind
        var id = await H.SalesAsync(captured);
        var staff = new[] { fixture.Owner, fixture.Operator };

        var results = await AtOnceAsync(50, i => Actions.RunAsync(staff[i % 2], id, Operation.CancelPartial, new Yen(part), Yen.Zero));

        var succeeded = results.Count(r => r.IsSuccess);
        Assert.InRange(succeeded, 1, 8);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.True(
            LosingAnswers.Contains(r.Error!.ErrInfo) || r.Error.ErrInfo == GatewayErrors.RefundExceedsRemaining.ErrInfo
            || r.Error.ErrInfo == GatewayErrors.PartialRefundLimit.ErrInfo, r.Error.ToString()));
        var row = await H.RowAsync(id);
        Assert.Equal(succeeded * part, row.CancelledAmount);
        Assert.True(row.CancelledAmount <= row.CapturedAmount);
        Assert.Equal(succeeded, row.Refunds.Count(r => r.State == GatewayRefundState.Refunded));
        Assert.Equal(succeeded, row.PartialRefunds);
        var charge = await ChargeAsync(id);
        Assert.Equal(row.CancelledAmount, charge.Refunded);
        await AssertRefusalsJournaledAsync(id, Operation.CancelPartial,
            results.Select((r, i) => (r, i)).Where(x => !x.r.IsSuccess).Select(x => (staff[x.i % 2], x.r.Error!)));
        await using (var db = await H.DbAsync())
        {
            Assert.False(await db.GatewayPendingOperations.AnyAsync(p => p.TransactionId == id));
        }

        AssertNoErrorLogged();
    }

    [Fact]
    public async Task A_change_of_amount_racing_a_capture_never_interleaves_and_the_row_matches_Amazon()
    {
        var outcomes = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var id = await H.AuthorizedAsync(10_000, allowOvercharge: true);
            var before = await H.RowAsync(id);

            var results = await AtOnceAsync(2, i => i == 0
                ? Actions.RunAsync(fixture.Owner, id, Operation.Capture, null, null)
                : Actions.RunAsync(fixture.Operator, id, Operation.ChangeAmount, new Yen(14_000), Yen.Zero));

            var (capture, change) = (results[0], results[1]);
            Assert.True(capture.IsSuccess || change.IsSuccess, $"{capture.Error} / {change.Error}");
            var row = await H.RowAsync(id);
            var charge = await ChargeAsync(id);
            if (capture.IsSuccess)
            {
                // The capture took whatever was authorized when it claimed the row: the old amount, or the new one if
                // the change had already finished; never a mix.
                Assert.Equal(TransactionState.Sales, row.State);
                Assert.Equal(row.Amount, row.CapturedAmount);
                Assert.Equal(change.IsSuccess ? 14_000 : 10_000, row.CapturedAmount);
                Assert.Equal(("Captured", (long?)row.CapturedAmount), (charge.State, charge.Captured));
                if (!change.IsSuccess)
                {
                    Assert.Contains(change.Error!.ErrInfo, LosingAnswers.Append(GatewayErrors.NotAllowedInState.ErrInfo));
                    await AssertRefusalsJournaledAsync(id, Operation.ChangeAmount, [(fixture.Operator, change.Error)]);
                }
            }
            else
            {
                Assert.Contains(capture.Error!.ErrInfo, LosingAnswers);
                await AssertRefusalsJournaledAsync(id, Operation.Capture, [(fixture.Owner, capture.Error)]);
                Assert.Equal((TransactionState.Auth, 14_000L, 0L), (row.State, row.Amount, row.CapturedAmount));
                Assert.NotEqual(before.ChargeId, row.ChargeId);
                Assert.Equal(("Authorized", 14_000L), (charge.State, charge.Amount));
            }

            outcomes.Add(capture.IsSuccess && change.IsSuccess ? "both, in turn" : capture.IsSuccess ? "capture" : "change");
        }

        Assert.Equal(4, outcomes.Count);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task Two_staff_ending_one_registration_at_once_end_it_once_and_the_other_is_refused_with_a_journal_line()
    {
        var (id, chargePermissionId) = await H.RegisteredAsync();
        var staff = new[] { fixture.Owner, fixture.Operator };

        var results = await AtOnceAsync(2, i => Actions.EndRegistrationAsync(staff[i], chargePermissionId));

        Assert.Single(results, r => r.IsSuccess);
        var loser = Assert.Single(results, r => !r.IsSuccess);
        Assert.Contains(loser.Error!.ErrInfo, LosingAnswers);
        Assert.Equal(TransactionState.End, (await H.PermissionAsync(chargePermissionId)).State);
        Assert.Equal(TransactionState.End, (await H.RowAsync(id)).State);
        var loserActor = staff[Array.FindIndex(results, r => !r.IsSuccess)];
        await using var db = await H.DbAsync();
        var permission = await H.PermissionAsync(chargePermissionId);
        Assert.Contains(await db.GatewayJournal.Where(j => j.PermissionId == permission.Id && j.TransactionId == null).ToListAsync(),
            j => j.Operation == Operation.EndRegistration && j.Outcome == GatewayOutcome.Refused && j.ActorId == loserActor.Id
                && j.ErrorCode == loser.Error.ErrInfo);
        AssertNoErrorLogged();
    }

    [Fact]
    public async Task Late_full_cancels_and_end_registration_on_finished_objects_are_already_processed_and_change_nothing()
    {
        var cancelled = await H.AuthorizedAsync(3_000);
        Assert.True((await H.CancelAsync(cancelled)).IsSuccess);
        var returned = await H.SalesAsync(4_000);
        Assert.Equal(TransactionState.Return, (await H.CancelAsync(returned)).Value?.State);
        var (registration, chargePermissionId) = await H.RegisteredAsync();
        Assert.True((await Actions.EndRegistrationAsync(fixture.Owner, chargePermissionId)).IsSuccess);
        var before = await Task.WhenAll(new[] { cancelled, returned, registration }.Select(H.RowAsync));

        var answers = new[]
        {
            await Actions.RunAsync(fixture.Operator, cancelled, Operation.CancelFull, null, null),
            await Actions.RunAsync(fixture.Operator, returned, Operation.CancelFull, null, null),
            await Actions.RunAsync(fixture.Operator, returned, Operation.CancelPartial, new Yen(100), Yen.Zero),
            await Actions.RunAsync(fixture.Operator, registration, Operation.EndRegistration, null, null),
        };
        var byId = await Actions.EndRegistrationAsync(fixture.Operator, chargePermissionId);

        Assert.All(answers, a => Assert.Equal(GatewayErrors.AlreadyProcessed.ErrInfo, a.Error?.ErrInfo));
        Assert.Equal(GatewayErrors.AlreadyProcessed.ErrInfo, byId.Error?.ErrInfo);
        var after = await Task.WhenAll(new[] { cancelled, returned, registration }.Select(H.RowAsync));
        Assert.Equal(before.Select(r => (r.State, r.Version)), after.Select(r => (r.State, r.Version)));
        await AssertRefusalsJournaledAsync(returned, Operation.CancelFull, [(fixture.Operator, answers[1].Error!)]);
        var returnedCharge = await ChargeAsync(returned);
        Assert.Equal(("Captured", 4_000L), (returnedCharge.State, returnedCharge.Refunded));
        AssertNoErrorLogged();
    }
}

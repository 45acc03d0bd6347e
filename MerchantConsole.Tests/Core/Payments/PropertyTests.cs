using CsCheck;
using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>
/// Random sequences of operations, outcomes and elapsed time, checked after every step against what
/// must always hold, whatever Amazon answers and whenever staff click.
/// </summary>
public class PropertyTests
{
    private const int Iterations = 400;

    // Written from the spec's tables, not computed from the production table.
    private static readonly Dictionary<Flow, TransactionState[]> Reachable = new()
    {
        [Flow.Payment] =
        [
            TransactionState.Unprocessed, TransactionState.ReqSuccess, TransactionState.AuthProcess, TransactionState.Auth,
            TransactionState.ReqCapture, TransactionState.Capture, TransactionState.ReqSales, TransactionState.Sales,
            TransactionState.Cancel, TransactionState.ReqReturn, TransactionState.Return, TransactionState.PayFail,
        ],
        [Flow.Recurring] =
        [
            TransactionState.Unprocessed, TransactionState.Auth, TransactionState.ReqCapture, TransactionState.Capture,
            TransactionState.ReqSales, TransactionState.Sales, TransactionState.Cancel, TransactionState.ReqReturn,
            TransactionState.Return, TransactionState.PayFail,
        ],
        [Flow.Registration] =
        [
            TransactionState.Unprocessed, TransactionState.ReqSuccess, TransactionState.AuthProcess,
            TransactionState.Register, TransactionState.End, TransactionState.PayFail,
        ],
    };

    // The states with no way out in any table: CANCEL, RETURN, END, PAYFAIL.
    private static readonly TransactionState[] Final =
        [TransactionState.Cancel, TransactionState.Return, TransactionState.End, TransactionState.PayFail];

    private static readonly TimeSpan[] Jumps =
        [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromDays(10), TimeSpan.FromDays(100)];

    /// <summary>
    /// One step: an operation, which of its outcomes, a percentage for amounts, how much time passes.
    /// Three steps in four take one of the operations the table allows in the current state, so runs go
    /// deep; the rest try any operation, so refusals are exercised too.
    /// </summary>
    private sealed record Step(Operation Operation, int OutcomePick, int Percent, int Jump, int Guide)
    {
        public Operation In(Flow flow, TransactionState state)
        {
            var allowed = Enum.GetValues<Operation>().Where(operation => TransitionTable.IsAllowed(flow, state, operation)).ToList();
            return Guide < 75 && allowed.Count > 0 ? allowed[Guide % allowed.Count] : Operation;
        }
    }

    private static readonly Gen<Step[]> Steps =
        Gen.Select(Gen.Int[0, 10], Gen.Int[0, 2], Gen.Int[0, 120], Gen.Int[0, 3], Gen.Int[0, 99])
            .Select((operation, outcome, percent, jump, guide) => new Step((Operation)operation, outcome, percent, jump, guide))
            .Array[1, 60];

    private static readonly Gen<Transaction> Entries =
        Gen.Select(Gen.Int[0, 2], Gen.Bool, Gen.Long[1, 200_000], Gen.Long[0, 20_000], Gen.Bool)
            .Select((type, capture, amount, tax, enabled) => Transaction.Entry(
                type switch { 0 => PaymentType.OneTime, 1 => PaymentType.RegistrationWithFirstPayment, _ => PaymentType.Recurring },
                capture ? JobCd.Capture : JobCd.Auth,
                new Yen(amount),
                new Yen(tax),
                enabled).Plan!);

    [Fact]
    public void Any_sequence_keeps_a_transaction_within_the_table_and_its_money_consistent()
    {
        var visited = new HashSet<(Flow, TransactionState)>();
        Gen.Select(Entries, Steps).Sample((entered, steps) =>
        {
            var transaction = entered;
            var now = Snapshots.T0;
            foreach (var step in steps)
            {
                now += Jumps[step.Jump];
                transaction = Run(transaction, step, now);
                AssertInvariants(transaction, now);
                visited.Add((transaction.Flow, transaction.State));
            }
        }, iter: Iterations, threads: 1);

        // The sequences are long enough to matter: every reachable state was visited at least once.
        Assert.Equal(
            Reachable[Flow.Payment].Select(state => (Flow.Payment, state))
                .Concat(Reachable[Flow.Recurring].Select(state => (Flow.Recurring, state))).ToHashSet(),
            visited);
    }

    [Fact]
    public void Any_sequence_keeps_a_permission_within_the_table_and_under_its_monthly_ceiling()
    {
        var visited = new HashSet<TransactionState>();
        Gen.Select(Steps, Gen.Long[1_000, 150_000]).Sample((steps, ceiling) =>
        {
            var permission = Permission.Entry();
            var now = Snapshots.T0;
            foreach (var step in steps)
            {
                now += Jumps[step.Jump];
                var operation = step.In(Flow.Registration, permission.State);
                var request = operation == Operation.RecurringCharge
                    ? Request.RecurringCharge(new Yen(step.Percent * 500), Yen.Zero, new Yen(ceiling))
                    : Snapshots.ValidRequest(operation);
                if (request is null)
                {
                    continue;
                }

                var decision = permission.Decide(request, now);
                if (!TransitionTable.IsAllowed(Flow.Registration, permission.State, operation))
                {
                    Assert.Equal(RefusalCodes.OperationNotAllowed, decision.Refusal?.Code);
                }

                if (decision.IsAccepted)
                {
                    var outcomes = decision.Plan.PossibleOutcomes;
                    permission = decision.Plan.Settle(outcomes[step.OutcomePick % outcomes.Count], now);
                }

                Assert.Contains(permission.State, Reachable[Flow.Registration]);
                visited.Add(permission.State);
                foreach (var month in permission.Charges.Select(charge => JstMonth.Of(charge.At)).Distinct())
                {
                    Assert.True(permission.AuthorizedIn(month) <= new Yen(ceiling), $"{month} over the ceiling");
                }

                foreach (var charge in permission.Charges)
                {
                    Assert.True(permission.ExpiresAt >= charge.At.ToJst().AddMonths(13));
                }

                if (Final.Contains(permission.State))
                {
                    Assert.Empty(permission.AllowedOperations(now));
                    AssertEveryRequestRefused(request => permission.Decide(request, now).Refusal);
                }
            }
        }, iter: Iterations, threads: 1);

        Assert.Equal(Reachable[Flow.Registration].ToHashSet(), visited);
    }

    [Fact]
    public void Refund_sequences_never_exceed_ten_partial_refunds_nor_the_captured_money()
    {
        var reachedTheLimit = false;
        var refunds = Gen.Select(Gen.Int[0, 40], Gen.Int[0, 1], Gen.Int[0, 3])
            .Select((percent, outcome, jump) => new Step(Operation.CancelPartial, outcome * 2, percent, jump, Guide: 99))
            .Array[5, 30];
        Gen.Select(Gen.Bool, refunds).Sample((immediate, steps) =>
        {
            var transaction = Snapshots.Captured(jobCd: immediate ? JobCd.Capture : JobCd.Auth);
            var now = Snapshots.T0;
            foreach (var step in steps)
            {
                now += TimeSpan.FromHours(step.Jump);
                transaction = Run(transaction, step, now);
                AssertInvariants(transaction, now);
                reachedTheLimit |= transaction.PartialRefunds == Limits.MaximumPartialRefunds;
            }
        }, iter: Iterations, threads: 1);

        Assert.True(reachedTheLimit, "no sequence reached ten partial refunds");
    }

    private static Transaction Run(Transaction transaction, Step step, DateTimeOffset now)
    {
        var operation = step.In(transaction.Flow, transaction.State);
        if (RequestFor(operation, step, transaction) is not { } request)
        {
            return transaction;
        }

        var decision = transaction.Decide(request, now);
        if (!TransitionTable.IsAllowed(transaction.Flow, transaction.State, operation))
        {
            Assert.Equal(RefusalCodes.OperationNotAllowed, decision.Refusal?.Code);
        }

        if (!decision.IsAccepted)
        {
            return transaction;
        }

        var outcomes = decision.Plan.PossibleOutcomes;
        var next = decision.Plan.Settle(outcomes[step.OutcomePick % outcomes.Count], now, "declined");
        Assert.Contains(next.State, decision.Plan.PossibleNextStates);
        return next;
    }

    /// <summary>Inputs scaled from the snapshot, so refunds of part, all and more than what remains all occur.</summary>
    private static Request? RequestFor(Operation operation, Step step, Transaction transaction) => operation switch
    {
        Operation.CancelPartial => Request.CancelPartial(
            new Yen(transaction.RemainingAmount.Value * step.Percent / 100),
            new Yen(transaction.RemainingTax.Value * step.Percent / 100)),
        Operation.ChangeAmount => Request.ChangeAmount(new Yen(transaction.Total.Value * step.Percent / 50), Yen.Zero),
        _ => Snapshots.ValidRequest(operation),
    };

    private static void AssertInvariants(Transaction transaction, DateTimeOffset now)
    {
        Assert.Contains(transaction.State, Reachable[transaction.Flow]);

        foreach (var amount in new[]
        {
            transaction.Amount, transaction.Tax, transaction.CapturedAmount, transaction.CapturedTax,
            transaction.CancelledAmount, transaction.CancelledTax, transaction.RemainingAmount, transaction.RemainingTax,
        })
        {
            Assert.True(amount >= Yen.Zero, $"negative amount {amount}");
        }

        Assert.True(transaction.Cancelled <= transaction.Captured, "refunded more than captured");
        Assert.InRange(transaction.Total.Value, 1, 9_999_999);
        Assert.InRange(transaction.PartialRefunds, 0, 10);
        Assert.Equal(transaction.State == TransactionState.ReqReturn, transaction.PendingRefund is not null);

        if (transaction.State is TransactionState.Sales or TransactionState.Capture)
        {
            Assert.True(transaction.Remaining > Yen.Zero, "a captured sale with nothing left should be RETURN");
        }

        if (transaction.State == TransactionState.Return)
        {
            Assert.Equal(Yen.Zero, transaction.Remaining);
        }

        if (Final.Contains(transaction.State))
        {
            Assert.Empty(transaction.AllowedOperations(now));
            AssertEveryRequestRefused(request => transaction.Decide(request, now).Refusal);
        }
    }

    private static void AssertEveryRequestRefused(Func<Request, Refusal?> decide)
    {
        foreach (var operation in Enum.GetValues<Operation>())
        {
            if (Snapshots.ValidRequest(operation) is { } request)
            {
                Assert.Equal(RefusalCodes.OperationNotAllowed, decide(request)?.Code);
            }
        }
    }
}

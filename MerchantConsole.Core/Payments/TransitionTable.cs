using static MerchantConsole.Core.Payments.Condition;
using static MerchantConsole.Core.Payments.Outcome;
using O = MerchantConsole.Core.Payments.Operation;
using S = MerchantConsole.Core.Payments.TransactionState;

namespace MerchantConsole.Core.Payments;

/// <summary>Which of several rows with the same operation, state and outcome applies.</summary>
public enum Condition
{
    Always,
    JobCdAuth,
    JobCdCapture,

    /// <summary>Captured money is left after the refund (interpretation 1).</summary>
    MoneyRemains,

    /// <summary>The refund takes the last of the captured money.</summary>
    NothingRemains,
}

/// <summary>Where a row leads: a state, or back to the state before the pending request.</summary>
public readonly record struct Target(TransactionState? State)
{
    /// <summary>The state before a refund was requested: SALES or CAPTURE (interpretations 1 and 2).</summary>
    public static readonly Target Previous = new(null);

    public static implicit operator Target(TransactionState state) => new(state);

    public bool IsPrevious => State is null;
}

/// <summary>One row of a transition table. <c>From</c> is null for 取引登録 ("—": no transaction yet).</summary>
public sealed record Transition(O Operation, S? From, Outcome Outcome, Condition Condition, Target To);

/// <summary>
/// The manual's transition tables and availability matrix (shared/spec/amazon-pay.md, 取引状態遷移 and
/// 取引状態における可能操作), row by row, with the spec's interpretations marked where they add rows.
/// A plain table rather than the Stateless library: the tables must be checkable line by line against
/// the spec, the same rows feed the buttons, the diagrams and the tests, and several rows pick their
/// target from the snapshot's data (JobCd, money left, the state before a refund) — Stateless would
/// hide the rows inside configuration calls and guard lambdas.
/// </summary>
public static class TransitionTable
{
    // Rows after authorization, identical in the one-time and recurring tables ("as in the one-time table").
    private static readonly IReadOnlyList<Transition> AfterAuthorization =
    [
        //  operation         before         outcome    condition       after
        new(O.Capture,        S.Auth,        Confirmed, Always,         S.Sales),
        new(O.Capture,        S.Auth,        Pending,   Always,         S.ReqSales),
        new(O.Capture,        S.Auth,        Failed,    Always,         S.Auth),

        // Cancelling an authorization is immediate; only a cancel of captured money can be pending.
        new(O.CancelFull,     S.Auth,        Confirmed, Always,         S.Cancel),
        new(O.CancelFull,     S.Auth,        Failed,    Always,         S.Auth),
        new(O.CancelFull,     S.Sales,       Confirmed, Always,         S.Return),
        new(O.CancelFull,     S.Sales,       Pending,   Always,         S.ReqReturn),
        new(O.CancelFull,     S.Sales,       Failed,    Always,         S.Sales),
        new(O.CancelFull,     S.Capture,     Confirmed, Always,         S.Return),
        new(O.CancelFull,     S.Capture,     Pending,   Always,         S.ReqReturn),
        new(O.CancelFull,     S.Capture,     Failed,    Always,         S.Capture),

        // A partial cancel of the whole remaining amount is a full cancel and ends in RETURN.
        new(O.CancelPartial,  S.Sales,       Confirmed, MoneyRemains,   S.Sales),
        new(O.CancelPartial,  S.Sales,       Confirmed, NothingRemains, S.Return),
        new(O.CancelPartial,  S.Sales,       Pending,   Always,         S.ReqReturn),
        new(O.CancelPartial,  S.Sales,       Failed,    Always,         S.Sales),
        new(O.CancelPartial,  S.Capture,     Confirmed, MoneyRemains,   S.Capture),
        new(O.CancelPartial,  S.Capture,     Confirmed, NothingRemains, S.Return),
        new(O.CancelPartial,  S.Capture,     Pending,   Always,         S.ReqReturn),
        new(O.CancelPartial,  S.Capture,     Failed,    Always,         S.Capture),

        new(O.ChangeAmount,   S.Auth,        Confirmed, Always,         S.Auth),
        new(O.ChangeAmount,   S.Auth,        Failed,    Always,         S.Auth),

        // ※2 sync. Confirmed rows are the manual's; Failed rows are interpretation 2; the REQRETURN
        // rows going back to the state before the refund are interpretation 1.
        new(O.Sync,           S.ReqCapture,  Confirmed, Always,         S.Capture),
        new(O.Sync,           S.ReqCapture,  Failed,    Always,         S.PayFail),
        new(O.Sync,           S.ReqSales,    Confirmed, Always,         S.Sales),
        new(O.Sync,           S.ReqSales,    Failed,    Always,         S.Auth),
        new(O.Sync,           S.ReqReturn,   Confirmed, NothingRemains, S.Return),
        new(O.Sync,           S.ReqReturn,   Confirmed, MoneyRemains,   Target.Previous),
        new(O.Sync,           S.ReqReturn,   Failed,    Always,         Target.Previous),
    ];

    /// <summary>都度決済、利用承諾+初回決済.</summary>
    public static readonly IReadOnlyList<Transition> Payment =
    [
        new(O.EntryTran,      null,          Confirmed, Always,         S.Unprocessed),
        new(O.ExecTran,       S.Unprocessed, Confirmed, Always,         S.ReqSuccess),
        new(O.ExecTran,       S.Unprocessed, Failed,    Always,         S.Unprocessed),
        new(O.StartPayment,   S.ReqSuccess,  Confirmed, Always,         S.AuthProcess),
        new(O.StartPayment,   S.ReqSuccess,  Failed,    Always,         S.ReqSuccess),
        // "AUTH / REQCAPTURE / CAPTURE": which one follows from the JobCd and Amazon's answer.
        new(O.CustomerResult, S.AuthProcess, Confirmed, JobCdAuth,      S.Auth),
        new(O.CustomerResult, S.AuthProcess, Confirmed, JobCdCapture,   S.Capture),
        new(O.CustomerResult, S.AuthProcess, Pending,   JobCdCapture,   S.ReqCapture),
        new(O.CustomerResult, S.AuthProcess, Failed,    Always,         S.PayFail),
        .. AfterAuthorization,
    ];

    /// <summary>
    /// 利用承諾のみ — and, by interpretation 4, the permission of 利用承諾+初回決済, which is its own
    /// record born in REGISTER. 随時決済 from REGISTER is not in the manual's table: the spec's console
    /// paragraph offers it on a permission; the permission stays REGISTER and a new recurring
    /// transaction starts its own table.
    /// </summary>
    public static readonly IReadOnlyList<Transition> Registration =
    [
        new(O.EntryTran,       null,          Confirmed, Always,        S.Unprocessed),
        new(O.ExecTran,        S.Unprocessed, Confirmed, Always,        S.ReqSuccess),
        new(O.ExecTran,        S.Unprocessed, Failed,    Always,        S.Unprocessed),
        new(O.StartPayment,    S.ReqSuccess,  Confirmed, Always,        S.AuthProcess),
        new(O.StartPayment,    S.ReqSuccess,  Failed,    Always,        S.ReqSuccess),
        new(O.CustomerResult,  S.AuthProcess, Confirmed, Always,        S.Register),
        new(O.CustomerResult,  S.AuthProcess, Failed,    Always,        S.PayFail),
        new(O.EndRegistration, S.Register,    Confirmed, Always,        S.End),
        new(O.EndRegistration, S.Register,    Failed,    Always,        S.Register),
        new(O.RecurringCharge, S.Register,    Confirmed, Always,        S.Register),
        new(O.RecurringCharge, S.Register,    Pending,   Always,        S.Register),
        new(O.RecurringCharge, S.Register,    Failed,    Always,        S.Register),
    ];

    /// <summary>随時決済: a payment on an existing permission, no customer on the page.</summary>
    public static readonly IReadOnlyList<Transition> Recurring =
    [
        new(O.EntryTran,      null,          Confirmed, Always,         S.Unprocessed),
        new(O.ExecTran,       S.Unprocessed, Confirmed, JobCdAuth,      S.Auth),
        new(O.ExecTran,       S.Unprocessed, Confirmed, JobCdCapture,   S.Capture),
        new(O.ExecTran,       S.Unprocessed, Pending,   JobCdCapture,   S.ReqCapture),
        new(O.ExecTran,       S.Unprocessed, Failed,    Always,         S.Unprocessed),
        .. AfterAuthorization,
    ];

    /// <summary>
    /// 取引状態における可能操作: the operations someone may request in each state. 取引登録 creates a
    /// transaction, so no state allows it. 随時決済 in REGISTER comes from the console paragraph under
    /// the matrix. Events (the customer's result, the sync) have no column; see <see cref="Operations.IsEvent"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<S, IReadOnlyList<O>> Matrix = new Dictionary<S, IReadOnlyList<O>>
    {
        [S.Unprocessed] = [O.ExecTran],
        [S.ReqSuccess] = [O.StartPayment],
        [S.AuthProcess] = [],
        [S.Auth] = [O.Capture, O.CancelFull, O.ChangeAmount],
        [S.ReqCapture] = [],
        [S.Capture] = [O.CancelFull, O.CancelPartial],
        [S.ReqSales] = [],
        [S.Sales] = [O.CancelFull, O.CancelPartial],
        [S.Cancel] = [],
        [S.ReqReturn] = [],
        [S.Return] = [],
        [S.Register] = [O.EndRegistration, O.RecurringCharge],
        [S.End] = [],
        [S.PayFail] = [],
    };

    /// <summary>The states a refund can start from: what <see cref="Target.Previous"/> may stand for.</summary>
    public static readonly IReadOnlyList<S> RefundableStates = [S.Sales, S.Capture];

    public static IReadOnlyList<Transition> Rows(Flow flow) => flow switch
    {
        Flow.Payment => Payment,
        Flow.Registration => Registration,
        Flow.Recurring => Recurring,
        _ => throw new ArgumentOutOfRangeException(nameof(flow), flow, null),
    };

    /// <summary>May <paramref name="operation"/> happen now: the matrix marks it and the flow's table has a row.</summary>
    public static bool IsAllowed(Flow flow, S state, O operation) =>
        (operation.IsEvent() || Matrix[state].Contains(operation))
        && Rows(flow).Any(row => row.From == state && row.Operation == operation);

    public static bool IsAllowed(PaymentType type, S state, O operation) => IsAllowed(type.Flow(), state, operation);

    /// <summary>The operations someone may request in this state (events excluded): the UI's buttons.</summary>
    public static IReadOnlyList<O> AllowedOperations(Flow flow, S state) =>
        Matrix[state].Where(operation => IsAllowed(flow, state, operation)).ToList();

    public static IReadOnlyList<O> AllowedOperations(PaymentType type, S state) => AllowedOperations(type.Flow(), state);

    /// <summary>Every state the operation may lead to from this state, success or failure.</summary>
    public static IReadOnlyList<S> PossibleNextStates(Flow flow, S state, O operation) =>
        Rows(flow)
            .Where(row => row.From == state && row.Operation == operation)
            .SelectMany(row => row.To.IsPrevious ? RefundableStates : [row.To.State!.Value])
            .Distinct()
            .ToList();

    public static IReadOnlyList<S> PossibleNextStates(PaymentType type, S state, O operation) =>
        PossibleNextStates(type.Flow(), state, operation);

    /// <summary>The states the flow can reach from 取引登録.</summary>
    public static IReadOnlySet<S> ReachableStates(Flow flow)
    {
        var reached = new HashSet<S>();
        var queue = new Queue<S>();
        queue.Enqueue(S.Unprocessed);
        while (queue.TryDequeue(out var state))
        {
            if (!reached.Add(state))
            {
                continue;
            }

            foreach (var row in Rows(flow).Where(row => row.From == state))
            {
                foreach (var next in row.To.IsPrevious ? RefundableStates : [row.To.State!.Value])
                {
                    queue.Enqueue(next);
                }
            }
        }

        return reached;
    }

    /// <summary>The rows that may settle this request: the caller picks by outcome and condition.</summary>
    internal static IEnumerable<Transition> RowsFor(Flow flow, S state, O operation) =>
        Rows(flow).Where(row => row.From == state && row.Operation == operation);
}

/// <summary>The manual's numbers (注意事項), in one place next to the table.</summary>
public static class Limits
{
    /// <summary>Amount + tax/shipping of a payment: 1 to 9,999,999 yen.</summary>
    public static readonly Yen MinimumAmount = new(1);
    public static readonly Yen MaximumAmount = new(9_999_999);

    /// <summary>Authorization → capture, in elapsed time (interpretation 6).</summary>
    public static readonly TimeSpan CaptureWindow = TimeSpan.FromDays(30);

    /// <summary>Capture → refund, in elapsed time (interpretation 6).</summary>
    public static readonly TimeSpan RefundWindow = TimeSpan.FromDays(180);

    public const int MaximumPartialRefunds = 10;

    /// <summary>
    /// 金額変更: before + after ≤ max(70,000 yen, 9 × the first payment) — read literally
    /// (interpretation 3): re-authorization briefly holds both amounts.
    /// </summary>
    public static readonly Yen AmountChangeFloorCeiling = new(70_000);
    public const int AmountChangeFirstPaymentFactor = 9;

    public static Yen AmountChangeCeiling(Yen firstPayment) =>
        Yen.Max(AmountChangeFloorCeiling, firstPayment * AmountChangeFirstPaymentFactor);

    /// <summary>A permission lives 13 months from its grant, extended by each payment on it.</summary>
    public const int PermissionValidityMonths = 13;

    /// <summary>
    /// Per permission per calendar month in JST (interpretation 5), unless the shop obtained a higher
    /// ceiling from Amazon — so callers pass the shop's setting.
    /// </summary>
    public static readonly Yen DefaultRecurringMonthlyCeiling = new(100_000);
}

using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>
/// 取引状態における可能操作, transcribed from shared/spec/amazon-pay.md for each payment type — not
/// derived from the production table, so a change to either shows up as failing rows.
/// </summary>
public class AvailabilityMatrixTests
{
    // Column order. Events (the customer's result, the sync) have no column in the manual's matrix;
    // they are marked where the type's transition table has a row.
    private static readonly Operation[] Columns =
    [
        Operation.EntryTran, Operation.ExecTran, Operation.StartPayment, Operation.CustomerResult,
        Operation.Capture, Operation.CancelFull, Operation.CancelPartial, Operation.ChangeAmount,
        Operation.EndRegistration, Operation.RecurringCharge, Operation.Sync,
    ];

    // The manual's matrix as printed: 取引登録 … 利用承諾終了, plus 随時決済 on a permission in
    // REGISTER (the console paragraph under the matrix).
    //                    登録 実行 開始 実売 全額 一部 変更 終了 随時
    private const string Manual = """
        UNPROCESSED        .    x    .    .    .    .    .    .    .
        REQSUCCESS         .    .    x    .    .    .    .    .    .
        AUTHPROCESS        .    .    .    .    .    .    .    .    .
        AUTH               .    .    .    x    x    .    x    .    .
        REQCAPTURE         .    .    .    .    .    .    .    .    .
        CAPTURE            .    .    .    .    x    x    .    .    .
        REQSALES           .    .    .    .    .    .    .    .    .
        SALES              .    .    .    .    x    x    .    .    .
        CANCEL             .    .    .    .    .    .    .    .    .
        REQRETURN          .    .    .    .    .    .    .    .    .
        RETURN             .    .    .    .    .    .    .    .    .
        REGISTER           .    .    .    .    .    .    .    x    x
        END                .    .    .    .    .    .    .    .    .
        PAYFAIL            .    .    .    .    .    .    .    .    .
        """;

    // One-time and the first payment of a registration: the first transition table. The permission
    // of a registration with first payment is its own record (interpretation 4), so this transaction
    // never is in REGISTER.
    //                    登録 実行 開始 客   実売 全額 一部 変更 終了 随時 同期
    private const string Payment = """
        UNPROCESSED        .    x    .    .    .    .    .    .    .    .    .
        REQSUCCESS         .    .    x    .    .    .    .    .    .    .    .
        AUTHPROCESS        .    .    .    x    .    .    .    .    .    .    .
        AUTH               .    .    .    .    x    x    .    x    .    .    .
        REQCAPTURE         .    .    .    .    .    .    .    .    .    .    x
        CAPTURE            .    .    .    .    .    x    x    .    .    .    .
        REQSALES           .    .    .    .    .    .    .    .    .    .    x
        SALES              .    .    .    .    .    x    x    .    .    .    .
        CANCEL             .    .    .    .    .    .    .    .    .    .    .
        REQRETURN          .    .    .    .    .    .    .    .    .    .    x
        RETURN             .    .    .    .    .    .    .    .    .    .    .
        REGISTER           .    .    .    .    .    .    .    .    .    .    .
        END                .    .    .    .    .    .    .    .    .    .    .
        PAYFAIL            .    .    .    .    .    .    .    .    .    .    .
        """;

    //                    登録 実行 開始 客   実売 全額 一部 変更 終了 随時 同期
    private const string RegistrationOnly = """
        UNPROCESSED        .    x    .    .    .    .    .    .    .    .    .
        REQSUCCESS         .    .    x    .    .    .    .    .    .    .    .
        AUTHPROCESS        .    .    .    x    .    .    .    .    .    .    .
        AUTH               .    .    .    .    .    .    .    .    .    .    .
        REQCAPTURE         .    .    .    .    .    .    .    .    .    .    .
        CAPTURE            .    .    .    .    .    .    .    .    .    .    .
        REQSALES           .    .    .    .    .    .    .    .    .    .    .
        SALES              .    .    .    .    .    .    .    .    .    .    .
        CANCEL             .    .    .    .    .    .    .    .    .    .    .
        REQRETURN          .    .    .    .    .    .    .    .    .    .    .
        RETURN             .    .    .    .    .    .    .    .    .    .    .
        REGISTER           .    .    .    .    .    .    .    .    x    x    .
        END                .    .    .    .    .    .    .    .    .    .    .
        PAYFAIL            .    .    .    .    .    .    .    .    .    .    .
        """;

    // 随時決済: 決済実行 authorizes directly; no redirect, no customer on the page.
    //                    登録 実行 開始 客   実売 全額 一部 変更 終了 随時 同期
    private const string Recurring = """
        UNPROCESSED        .    x    .    .    .    .    .    .    .    .    .
        REQSUCCESS         .    .    .    .    .    .    .    .    .    .    .
        AUTHPROCESS        .    .    .    .    .    .    .    .    .    .    .
        AUTH               .    .    .    .    x    x    .    x    .    .    .
        REQCAPTURE         .    .    .    .    .    .    .    .    .    .    x
        CAPTURE            .    .    .    .    .    x    x    .    .    .    .
        REQSALES           .    .    .    .    .    .    .    .    .    .    x
        SALES              .    .    .    .    .    x    x    .    .    .    .
        CANCEL             .    .    .    .    .    .    .    .    .    .    .
        REQRETURN          .    .    .    .    .    .    .    .    .    .    x
        RETURN             .    .    .    .    .    .    .    .    .    .    .
        REGISTER           .    .    .    .    .    .    .    .    .    .    .
        END                .    .    .    .    .    .    .    .    .    .    .
        PAYFAIL            .    .    .    .    .    .    .    .    .    .    .
        """;

    public static TheoryData<PaymentType, string, Operation, bool> EveryPair()
    {
        var data = new TheoryData<PaymentType, string, Operation, bool>();
        foreach (var (type, table) in new[]
        {
            (PaymentType.OneTime, Payment),
            (PaymentType.RegistrationWithFirstPayment, Payment),
            (PaymentType.RegistrationOnly, RegistrationOnly),
            (PaymentType.Recurring, Recurring),
        })
        {
            foreach (var (state, marks) in Parse(table, Columns))
            {
                foreach (var (operation, allowed) in marks)
                {
                    data.Add(type, state, operation, allowed);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, Operation, bool> ManualPairs()
    {
        Operation[] columns =
        [
            Operation.EntryTran, Operation.ExecTran, Operation.StartPayment, Operation.Capture, Operation.CancelFull,
            Operation.CancelPartial, Operation.ChangeAmount, Operation.EndRegistration, Operation.RecurringCharge,
        ];
        var data = new TheoryData<string, Operation, bool>();
        foreach (var (state, marks) in Parse(Manual, columns))
        {
            foreach (var (operation, allowed) in marks)
            {
                data.Add(state, operation, allowed);
            }
        }

        return data;
    }

    [Fact]
    public void The_transcription_covers_14_states_times_11_operations_for_4_payment_types()
    {
        Assert.Equal(4 * 14 * 11, EveryPair().Count);
        Assert.Equal(14, Enum.GetValues<TransactionState>().Length);
        Assert.Equal(11, Enum.GetValues<Operation>().Length);
    }

    [Theory]
    [MemberData(nameof(ManualPairs))]
    public void The_table_marks_each_state_and_operation_as_the_manual_does(string state, Operation operation, bool marked)
    {
        Assert.Equal(marked, TransitionTable.Matrix[State(state)].Contains(operation));
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void The_table_allows_each_operation_in_each_state_as_the_spec_does(
        PaymentType type, string state, Operation operation, bool allowed)
    {
        Assert.Equal(allowed, TransitionTable.IsAllowed(type, State(state), operation));
        Assert.Equal(allowed && !operation.IsEvent(), TransitionTable.AllowedOperations(type, State(state)).Contains(operation));
    }

    /// <summary>
    /// The same pairs through Decide, on a snapshot reached through the rules: an allowed operation
    /// with valid inputs is accepted; any other is refused as not allowed, never ignored.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Decide_accepts_exactly_the_allowed_operations(PaymentType type, string state, Operation operation, bool allowed)
    {
        if (Snapshots.ValidRequest(operation) is not { } request)
        {
            return; // 取引登録 creates a transaction; no snapshot can be asked for it.
        }

        Refusal? refusal;
        if (type == PaymentType.RegistrationOnly)
        {
            var permission = Snapshots.PermissionInState(State(state)) ?? SyntheticPermission(State(state));
            refusal = permission.Decide(request, Snapshots.T0).Refusal;
        }
        else
        {
            var transaction = Snapshots.InState(type, State(state)) ?? Synthetic(State(state)) with { Type = type };
            refusal = transaction.Decide(request, Snapshots.T0).Refusal;
        }

        if (allowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            Assert.Equal(RefusalCodes.OperationNotAllowed, refusal?.Code);
        }
    }

    private static TransactionState State(string code) =>
        TransactionStates.TryParse(code, out var state) ? state : throw new ArgumentException(code);

    /// <summary>A snapshot in a state the type never reaches, to show it still refuses everything.</summary>
    private static Transaction Synthetic(TransactionState state) => new()
    {
        Type = PaymentType.OneTime,
        JobCd = JobCd.Auth,
        State = state,
        Amount = new Yen(10_000),
        Tax = new Yen(1_000),
        AuthorizedAt = Snapshots.T0,
        CaptureDeadline = Snapshots.T0 + TimeSpan.FromDays(30),
        CapturedAt = Snapshots.T0,
    };

    private static Permission SyntheticPermission(TransactionState state) =>
        new() { Origin = PaymentType.RegistrationOnly, State = state };

    private static IEnumerable<(string State, IEnumerable<(Operation, bool)> Marks)> Parse(string table, Operation[] columns) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(cells =>
            {
                Assert.Equal(columns.Length + 1, cells.Length);
                return (cells[0], columns.Select((operation, i) => (operation, cells[i + 1] == "x")));
            });
}

using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>
/// The three transition tables of shared/spec/amazon-pay.md (取引状態遷移) with the rows its
/// interpretations 1 and 2 add, transcribed here independently of the production table.
/// </summary>
public class TransitionTableTests
{
    //  operation      before       outcome    condition       after ("previous" = the state before the refund)
    private const string AfterAuthorization = """
        Capture        AUTH         Confirmed  Always          SALES
        Capture        AUTH         Pending    Always          REQSALES
        Capture        AUTH         Failed     Always          AUTH
        CancelFull     AUTH         Confirmed  Always          CANCEL
        CancelFull     AUTH         Failed     Always          AUTH
        CancelFull     SALES        Confirmed  Always          RETURN
        CancelFull     SALES        Pending    Always          REQRETURN
        CancelFull     SALES        Failed     Always          SALES
        CancelFull     CAPTURE      Confirmed  Always          RETURN
        CancelFull     CAPTURE      Pending    Always          REQRETURN
        CancelFull     CAPTURE      Failed     Always          CAPTURE
        CancelPartial  SALES        Confirmed  MoneyRemains    SALES
        CancelPartial  SALES        Confirmed  NothingRemains  RETURN
        CancelPartial  SALES        Pending    Always          REQRETURN
        CancelPartial  SALES        Failed     Always          SALES
        CancelPartial  CAPTURE      Confirmed  MoneyRemains    CAPTURE
        CancelPartial  CAPTURE      Confirmed  NothingRemains  RETURN
        CancelPartial  CAPTURE      Pending    Always          REQRETURN
        CancelPartial  CAPTURE      Failed     Always          CAPTURE
        ChangeAmount   AUTH         Confirmed  Always          AUTH
        ChangeAmount   AUTH         Failed     Always          AUTH
        Sync           REQCAPTURE   Confirmed  Always          CAPTURE
        Sync           REQCAPTURE   Failed     Always          PAYFAIL
        Sync           REQSALES     Confirmed  Always          SALES
        Sync           REQSALES     Failed     Always          AUTH
        Sync           REQRETURN    Confirmed  NothingRemains  RETURN
        Sync           REQRETURN    Confirmed  MoneyRemains    previous
        Sync           REQRETURN    Failed     Always          previous
        """;

    private const string Payment = """
        EntryTran      —            Confirmed  Always          UNPROCESSED
        ExecTran       UNPROCESSED  Confirmed  Always          REQSUCCESS
        ExecTran       UNPROCESSED  Failed     Always          UNPROCESSED
        StartPayment   REQSUCCESS   Confirmed  Always          AUTHPROCESS
        StartPayment   REQSUCCESS   Failed     Always          REQSUCCESS
        CustomerResult AUTHPROCESS  Confirmed  JobCdAuth       AUTH
        CustomerResult AUTHPROCESS  Confirmed  JobCdCapture    CAPTURE
        CustomerResult AUTHPROCESS  Pending    JobCdCapture    REQCAPTURE
        CustomerResult AUTHPROCESS  Failed     Always          PAYFAIL
        """ + "\n" + AfterAuthorization;

    private const string Registration = """
        EntryTran       —            Confirmed  Always          UNPROCESSED
        ExecTran        UNPROCESSED  Confirmed  Always          REQSUCCESS
        ExecTran        UNPROCESSED  Failed     Always          UNPROCESSED
        StartPayment    REQSUCCESS   Confirmed  Always          AUTHPROCESS
        StartPayment    REQSUCCESS   Failed     Always          REQSUCCESS
        CustomerResult  AUTHPROCESS  Confirmed  Always          REGISTER
        CustomerResult  AUTHPROCESS  Failed     Always          PAYFAIL
        EndRegistration REGISTER     Confirmed  Always          END
        EndRegistration REGISTER     Failed     Always          REGISTER
        RecurringCharge REGISTER     Confirmed  Always          REGISTER
        RecurringCharge REGISTER     Pending    Always          REGISTER
        RecurringCharge REGISTER     Failed     Always          REGISTER
        """;

    private const string Recurring = """
        EntryTran      —            Confirmed  Always          UNPROCESSED
        ExecTran       UNPROCESSED  Confirmed  JobCdAuth       AUTH
        ExecTran       UNPROCESSED  Confirmed  JobCdCapture    CAPTURE
        ExecTran       UNPROCESSED  Pending    JobCdCapture    REQCAPTURE
        ExecTran       UNPROCESSED  Failed     Always          UNPROCESSED
        """ + "\n" + AfterAuthorization;

    [Theory]
    [InlineData(Flow.Payment, Payment)]
    [InlineData(Flow.Registration, Registration)]
    [InlineData(Flow.Recurring, Recurring)]
    public void The_table_has_exactly_the_rows_of_the_spec(Flow flow, string expected)
    {
        var spec = expected.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            .Order(StringComparer.Ordinal);
        var table = TransitionTable.Rows(flow)
            .Select(row => string.Join(' ', row.Operation, row.From?.Code() ?? "—", row.Outcome, row.Condition,
                row.To.State?.Code() ?? "previous"))
            .Order(StringComparer.Ordinal);
        Assert.Equal(spec, table);
    }

    // Each row again, as behaviour: a snapshot reached through the rules, the operation, the outcome.
    //  setup names a snapshot (see Setup), request names an operation with inputs (see RequestFor).
    private const string AfterAuthorizationBehaviour = """
        AUTH                      Capture              Confirmed  SALES
        AUTH                      Capture              Pending    REQSALES
        AUTH                      Capture              Failed     AUTH
        AUTH                      CancelFull           Confirmed  CANCEL
        AUTH                      CancelFull           Failed     AUTH
        SALES                     CancelFull           Confirmed  RETURN
        SALES                     CancelFull           Pending    REQRETURN
        SALES                     CancelFull           Failed     SALES
        CAPTURE                   CancelFull           Confirmed  RETURN
        CAPTURE                   CancelFull           Pending    REQRETURN
        CAPTURE                   CancelFull           Failed     CAPTURE
        SALES                     CancelPartial(part)  Confirmed  SALES
        SALES                     CancelPartial(all)   Confirmed  RETURN
        SALES                     CancelPartial(part)  Pending    REQRETURN
        SALES                     CancelPartial(part)  Failed     SALES
        CAPTURE                   CancelPartial(part)  Confirmed  CAPTURE
        CAPTURE                   CancelPartial(all)   Confirmed  RETURN
        CAPTURE                   CancelPartial(part)  Pending    REQRETURN
        CAPTURE                   CancelPartial(part)  Failed     CAPTURE
        AUTH                      ChangeAmount         Confirmed  AUTH
        AUTH                      ChangeAmount         Failed     AUTH
        REQCAPTURE                Sync                 Confirmed  CAPTURE
        REQCAPTURE                Sync                 Failed     PAYFAIL
        REQSALES                  Sync                 Confirmed  SALES
        REQSALES                  Sync                 Failed     AUTH
        REQRETURN(part,SALES)     Sync                 Confirmed  SALES
        REQRETURN(part,SALES)     Sync                 Failed     SALES
        REQRETURN(part,CAPTURE)   Sync                 Confirmed  CAPTURE
        REQRETURN(part,CAPTURE)   Sync                 Failed     CAPTURE
        REQRETURN(all,SALES)      Sync                 Confirmed  RETURN
        REQRETURN(all,SALES)      Sync                 Failed     SALES
        REQRETURN(all,CAPTURE)    Sync                 Confirmed  RETURN
        REQRETURN(all,CAPTURE)    Sync                 Failed     CAPTURE
        """;

    private const string PaymentBehaviour = """
        none                      EntryTran            Confirmed  UNPROCESSED
        UNPROCESSED               ExecTran             Confirmed  REQSUCCESS
        UNPROCESSED               ExecTran             Failed     UNPROCESSED
        REQSUCCESS                StartPayment         Confirmed  AUTHPROCESS
        REQSUCCESS                StartPayment         Failed     REQSUCCESS
        AUTHPROCESS(AUTH)         CustomerResult       Confirmed  AUTH
        AUTHPROCESS(CAPTURE)      CustomerResult       Confirmed  CAPTURE
        AUTHPROCESS(CAPTURE)      CustomerResult       Pending    REQCAPTURE
        AUTHPROCESS(AUTH)         CustomerResult       Failed     PAYFAIL
        AUTHPROCESS(CAPTURE)      CustomerResult       Failed     PAYFAIL
        """ + "\n" + AfterAuthorizationBehaviour;

    private const string RecurringBehaviour = """
        none                      EntryTran            Confirmed  UNPROCESSED
        UNPROCESSED(AUTH)         ExecTran             Confirmed  AUTH
        UNPROCESSED(CAPTURE)      ExecTran             Confirmed  CAPTURE
        UNPROCESSED(CAPTURE)      ExecTran             Pending    REQCAPTURE
        UNPROCESSED(AUTH)         ExecTran             Failed     UNPROCESSED
        UNPROCESSED(CAPTURE)      ExecTran             Failed     UNPROCESSED
        """ + "\n" + AfterAuthorizationBehaviour;

    private const string RegistrationBehaviour = """
        none                      EntryTran            Confirmed  UNPROCESSED
        UNPROCESSED               ExecTran             Confirmed  REQSUCCESS
        UNPROCESSED               ExecTran             Failed     UNPROCESSED
        REQSUCCESS                StartPayment         Confirmed  AUTHPROCESS
        REQSUCCESS                StartPayment         Failed     REQSUCCESS
        AUTHPROCESS               CustomerResult       Confirmed  REGISTER
        AUTHPROCESS               CustomerResult       Failed     PAYFAIL
        REGISTER                  EndRegistration      Confirmed  END
        REGISTER                  EndRegistration      Failed     REGISTER
        REGISTER                  RecurringCharge      Confirmed  REGISTER
        REGISTER                  RecurringCharge      Pending    REGISTER
        REGISTER                  RecurringCharge      Failed     REGISTER
        """;

    public static TheoryData<PaymentType, string, string, Outcome, string> TransactionRows()
    {
        var data = new TheoryData<PaymentType, string, string, Outcome, string>();
        foreach (var (type, table) in new[]
        {
            (PaymentType.OneTime, PaymentBehaviour),
            (PaymentType.RegistrationWithFirstPayment, PaymentBehaviour),
            (PaymentType.Recurring, RecurringBehaviour),
        })
        {
            foreach (var cells in Lines(table))
            {
                data.Add(type, cells[0], cells[1], Enum.Parse<Outcome>(cells[2]), cells[3]);
            }
        }

        return data;
    }

    public static TheoryData<string, string, Outcome, string> PermissionRows()
    {
        var data = new TheoryData<string, string, Outcome, string>();
        foreach (var cells in Lines(RegistrationBehaviour))
        {
            data.Add(cells[0], cells[1], Enum.Parse<Outcome>(cells[2]), cells[3]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TransactionRows))]
    public void Each_transaction_row_moves_a_snapshot_to_the_state_the_spec_names(
        PaymentType type, string setup, string request, Outcome outcome, string after)
    {
        if (setup == "none")
        {
            Assert.Equal(after, Snapshots.Entered(type).State.Code());
            return;
        }

        var before = Setup(type, setup);
        var decision = before.Decide(RequestFor(request, before), Snapshots.T0);
        Assert.True(decision.IsAccepted, decision.Refusal?.Code);
        Assert.Contains(outcome, decision.Plan.PossibleOutcomes);

        var next = decision.Plan.Settle(outcome, Snapshots.T0, "declined");

        Assert.Equal(after, next.State.Code());
        Assert.Contains(next.State, decision.Plan.PossibleNextStates);
        Assert.Contains(next.State, TransitionTable.PossibleNextStates(type, before.State, decision.Plan.Operation));
    }

    [Theory]
    [MemberData(nameof(PermissionRows))]
    public void Each_permission_row_moves_a_snapshot_to_the_state_the_spec_names(
        string setup, string request, Outcome outcome, string after)
    {
        if (setup == "none")
        {
            Assert.Equal(after, Permission.Entry().State.Code());
            return;
        }

        var before = Snapshots.PermissionInState(Parse(setup))!;
        var decision = before.Decide(RequestFor(request, null), Snapshots.T0);
        Assert.True(decision.IsAccepted, decision.Refusal?.Code);

        var next = decision.Plan.Settle(outcome, Snapshots.T0);

        Assert.Equal(after, next.State.Code());
        Assert.Contains(next.State, decision.Plan.PossibleNextStates);
    }

    [Fact]
    public void A_failure_found_by_sync_is_recorded_with_its_reason()
    {
        var pending = Setup(PaymentType.OneTime, "REQSALES");

        var next = pending.Decide(Request.Sync(), Snapshots.T0).Plan!.Settle(Outcome.Failed, Snapshots.T0, "HardDeclined");

        Assert.Equal(TransactionState.Auth, next.State);
        Assert.Equal("HardDeclined", next.FailureReason);
    }

    [Fact]
    public void An_outcome_the_table_has_no_row_for_is_a_bug_and_throws()
    {
        var plan = Setup(PaymentType.OneTime, "AUTH").Decide(RequestFor("ChangeAmount", null), Snapshots.T0).Plan!;

        Assert.Throws<InvalidOperationException>(() => plan.Settle(Outcome.Pending, Snapshots.T0));
    }

    [Fact]
    public void Possible_next_states_of_a_capture_are_the_spec_results_and_the_failure()
    {
        Assert.Equal(
            [TransactionState.Sales, TransactionState.ReqSales, TransactionState.Auth],
            TransitionTable.PossibleNextStates(PaymentType.OneTime, TransactionState.Auth, Operation.Capture));
    }

    [Fact]
    public void A_pending_refund_may_settle_back_to_either_captured_state_or_to_RETURN()
    {
        Assert.Equal(
            [TransactionState.Return, TransactionState.Sales, TransactionState.Capture],
            TransitionTable.PossibleNextStates(PaymentType.Recurring, TransactionState.ReqReturn, Operation.Sync));
    }

    private static Transaction Setup(PaymentType type, string setup)
    {
        var refunded = new Yen(1_000);
        return setup switch
        {
            "UNPROCESSED" or "UNPROCESSED(AUTH)" => Snapshots.Entered(type),
            "UNPROCESSED(CAPTURE)" => Snapshots.Entered(type, JobCd.Capture),
            "AUTHPROCESS(AUTH)" => Snapshots.InState(type, TransactionState.AuthProcess)!,
            "AUTHPROCESS(CAPTURE)" => Snapshots.Entered(type, JobCd.Capture)
                .Then(Request.ExecTran(), Outcome.Confirmed, Snapshots.T0)
                .Then(Request.StartPayment(), Outcome.Confirmed, Snapshots.T0),
            "REQRETURN(part,SALES)" => Snapshots.Captured(type, JobCd.Auth)
                .Then(Request.CancelPartial(refunded, Yen.Zero), Outcome.Pending, Snapshots.T0),
            "REQRETURN(part,CAPTURE)" => Snapshots.Captured(type, JobCd.Capture)
                .Then(Request.CancelPartial(refunded, Yen.Zero), Outcome.Pending, Snapshots.T0),
            "REQRETURN(all,SALES)" => Snapshots.Captured(type, JobCd.Auth).Then(Request.CancelFull(), Outcome.Pending, Snapshots.T0),
            "REQRETURN(all,CAPTURE)" => Snapshots.Captured(type, JobCd.Capture).Then(Request.CancelFull(), Outcome.Pending, Snapshots.T0),
            _ => Snapshots.InState(type, Parse(setup)) ?? throw new ArgumentException(setup),
        };
    }

    private static Request RequestFor(string name, Transaction? before) => name switch
    {
        "CancelPartial(part)" => Request.CancelPartial(new Yen(1_000), Yen.Zero),
        "CancelPartial(all)" => Request.CancelPartial(before!.RemainingAmount, before.RemainingTax),
        _ => Snapshots.ValidRequest(Enum.Parse<Operation>(name))!,
    };

    private static TransactionState Parse(string code) =>
        TransactionStates.TryParse(code, out var state) ? state : throw new ArgumentException(code);

    private static IEnumerable<string[]> Lines(string table) =>
        table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

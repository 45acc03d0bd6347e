using MerchantConsole.Core;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>
/// Builds snapshots the way production reaches them — through Decide and Settle from 取引登録 — so a
/// test never starts from a state the rules could not produce.
/// </summary>
internal static class Snapshots
{
    /// <summary>A Saturday noon in JST, away from any month boundary.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 1, 10, 12, 0, 0, Jst.Offset);

    public static Transaction Entered(
        PaymentType type = PaymentType.OneTime,
        JobCd jobCd = JobCd.Auth,
        long amount = 10_000,
        long tax = 1_000,
        bool amountChangeEnabled = true)
    {
        var entry = Transaction.Entry(type, jobCd, new Yen(amount), new Yen(tax), amountChangeEnabled);
        Assert.True(entry.IsAccepted, entry.Refusal?.Code);
        return entry.Plan;
    }

    public static Transaction Then(this Transaction transaction, Request request, Outcome outcome, DateTimeOffset at)
    {
        var decision = transaction.Decide(request, at);
        Assert.True(decision.IsAccepted, decision.Refusal?.Code);
        return decision.Plan.Settle(outcome, at, outcome == Outcome.Failed ? "declined" : null);
    }

    public static Permission Then(this Permission permission, Request request, Outcome outcome, DateTimeOffset at)
    {
        var decision = permission.Decide(request, at);
        Assert.True(decision.IsAccepted, decision.Refusal?.Code);
        return decision.Plan.Settle(outcome, at);
    }

    /// <summary>Up to the customer's answer (one-time table) or 決済実行 (recurring table).</summary>
    public static Transaction Authorize(this Transaction entered, Outcome outcome, DateTimeOffset at)
    {
        if (entered.Type == PaymentType.Recurring)
        {
            return entered.Then(Request.ExecTran(), outcome, at);
        }

        return entered
            .Then(Request.ExecTran(), Outcome.Confirmed, at)
            .Then(Request.StartPayment(), Outcome.Confirmed, at)
            .Then(Request.CustomerResult(), outcome, at);
    }

    public static Transaction Authorized(
        PaymentType type = PaymentType.OneTime,
        JobCd jobCd = JobCd.Auth,
        long amount = 10_000,
        long tax = 1_000,
        bool amountChangeEnabled = true,
        DateTimeOffset? at = null) =>
        Entered(type, jobCd, amount, tax, amountChangeEnabled).Authorize(Outcome.Confirmed, at ?? T0);

    /// <summary>A captured sale: SALES after 実売上, or CAPTURE from 即時売上.</summary>
    public static Transaction Captured(PaymentType type = PaymentType.OneTime, JobCd jobCd = JobCd.Auth, DateTimeOffset? at = null)
    {
        var when = at ?? T0;
        var authorized = Authorized(type, jobCd, at: when);
        return jobCd == JobCd.Auth ? authorized.Then(Request.Capture(), Outcome.Confirmed, when) : authorized;
    }

    /// <summary>
    /// A transaction of <paramref name="type"/> in <paramref name="state"/>, reached through the
    /// rules; null when the type's table never reaches that state.
    /// </summary>
    public static Transaction? InState(PaymentType type, TransactionState state, DateTimeOffset? at = null)
    {
        var when = at ?? T0;
        var payment = type is PaymentType.OneTime or PaymentType.RegistrationWithFirstPayment;
        return state switch
        {
            TransactionState.Unprocessed => Entered(type),
            TransactionState.ReqSuccess when payment => Entered(type).Then(Request.ExecTran(), Outcome.Confirmed, when),
            TransactionState.AuthProcess when payment => InState(type, TransactionState.ReqSuccess, when)!
                .Then(Request.StartPayment(), Outcome.Confirmed, when),
            TransactionState.Auth => Authorized(type, at: when),
            TransactionState.ReqCapture => Entered(type, JobCd.Capture).Authorize(Outcome.Pending, when),
            TransactionState.Capture => Captured(type, JobCd.Capture, when),
            TransactionState.ReqSales => Authorized(type, at: when).Then(Request.Capture(), Outcome.Pending, when),
            TransactionState.Sales => Captured(type, JobCd.Auth, when),
            TransactionState.Cancel => Authorized(type, at: when).Then(Request.CancelFull(), Outcome.Confirmed, when),
            TransactionState.ReqReturn => Captured(type, JobCd.Auth, when)
                .Then(Request.CancelPartial(new Yen(1_000), Yen.Zero), Outcome.Pending, when),
            TransactionState.Return => Captured(type, JobCd.Auth, when).Then(Request.CancelFull(), Outcome.Confirmed, when),
            TransactionState.PayFail => InState(type, TransactionState.ReqCapture, when)!.Then(Request.Sync(), Outcome.Failed, when),
            _ => null,
        };
    }

    public static Permission Registered(DateTimeOffset? at = null)
    {
        var when = at ?? T0;
        return Permission.Entry()
            .Then(Request.ExecTran(), Outcome.Confirmed, when)
            .Then(Request.StartPayment(), Outcome.Confirmed, when)
            .Then(Request.CustomerResult(), Outcome.Confirmed, when);
    }

    /// <summary>A permission in <paramref name="state"/>; null when the registration table never reaches it.</summary>
    public static Permission? PermissionInState(TransactionState state, DateTimeOffset? at = null)
    {
        var when = at ?? T0;
        return state switch
        {
            TransactionState.Unprocessed => Permission.Entry(),
            TransactionState.ReqSuccess => Permission.Entry().Then(Request.ExecTran(), Outcome.Confirmed, when),
            TransactionState.AuthProcess => PermissionInState(TransactionState.ReqSuccess, when)!
                .Then(Request.StartPayment(), Outcome.Confirmed, when),
            TransactionState.Register => Registered(when),
            TransactionState.End => Registered(when).Then(Request.EndRegistration(), Outcome.Confirmed, when),
            TransactionState.PayFail => PermissionInState(TransactionState.AuthProcess, when)!
                .Then(Request.CustomerResult(), Outcome.Failed, when),
            _ => null,
        };
    }

    /// <summary>A request for the operation whose inputs pass every rule on the snapshots above.</summary>
    public static Request? ValidRequest(Operation operation) => operation switch
    {
        Operation.EntryTran => null,
        Operation.ExecTran => Request.ExecTran(),
        Operation.StartPayment => Request.StartPayment(),
        Operation.CustomerResult => Request.CustomerResult(),
        Operation.Capture => Request.Capture(),
        Operation.CancelFull => Request.CancelFull(),
        Operation.CancelPartial => Request.CancelPartial(new Yen(1_000), Yen.Zero),
        Operation.ChangeAmount => Request.ChangeAmount(new Yen(10_000), new Yen(1_000)),
        Operation.EndRegistration => Request.EndRegistration(),
        Operation.RecurringCharge => Request.RecurringCharge(new Yen(1_000), Yen.Zero, Limits.DefaultRecurringMonthlyCeiling),
        Operation.Sync => Request.Sync(),
        _ => throw new ArgumentOutOfRangeException(nameof(operation)),
    };
}

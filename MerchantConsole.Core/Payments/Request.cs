namespace MerchantConsole.Core.Payments;

/// <summary>
/// An operation with its inputs. Amounts are split as on the wire (Amount, Tax/shipping); the rules
/// look at their sum. Build one with the factory for its operation.
/// </summary>
public sealed record Request
{
    private Request(Operation operation) => Operation = operation;

    public Operation Operation { get; }

    public Yen? Amount { get; private init; }

    public Yen? Tax { get; private init; }

    /// <summary>The shop's recurring ceiling per permission per JST month (随時決済 only).</summary>
    public Yen? MonthlyCeiling { get; private init; }

    public Yen? Total => Amount is { } amount ? amount + (Tax ?? Yen.Zero) : null;

    public static Request ExecTran() => new(Operation.ExecTran);

    public static Request StartPayment() => new(Operation.StartPayment);

    public static Request CustomerResult() => new(Operation.CustomerResult);

    /// <summary>実売上 of the authorized amount (interpretation 7: there is no partial capture).</summary>
    public static Request Capture() => new(Operation.Capture);

    /// <summary>実売上 as the API sends it: the amount must equal the authorized one.</summary>
    public static Request Capture(Yen amount, Yen tax) => new(Operation.Capture) { Amount = amount, Tax = tax };

    /// <summary>キャンセル(全額): an authorization, or all captured money still remaining.</summary>
    public static Request CancelFull() => new(Operation.CancelFull);

    /// <summary>キャンセル(一部): part of the captured money; the whole remainder counts as a full cancel.</summary>
    public static Request CancelPartial(Yen amount, Yen tax) => new(Operation.CancelPartial) { Amount = amount, Tax = tax };

    public static Request ChangeAmount(Yen amount, Yen tax) => new(Operation.ChangeAmount) { Amount = amount, Tax = tax };

    public static Request EndRegistration() => new(Operation.EndRegistration);

    public static Request RecurringCharge(Yen amount, Yen tax, Yen monthlyCeiling) =>
        new(Operation.RecurringCharge) { Amount = amount, Tax = tax, MonthlyCeiling = monthlyCeiling };

    public static Request Sync() => new(Operation.Sync);
}

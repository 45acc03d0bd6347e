namespace MerchantConsole.Core.Payments;

/// <summary>決済の種類.</summary>
public enum PaymentType
{
    OneTime,
    RegistrationWithFirstPayment,
    RegistrationOnly,
    Recurring,
}

/// <summary>
/// The manual's three transition tables. One-time and registration-with-first-payment share the
/// first; a permission (利用承諾) always follows the second, whichever checkout created it.
/// </summary>
public enum Flow
{
    Payment,
    Registration,
    Recurring,
}

/// <summary>仮売上 (authorize, capture later) or 即時売上 (authorize and capture at once).</summary>
public enum JobCd
{
    Auth,
    Capture,
}

public static class PaymentTypes
{
    public static Flow Flow(this PaymentType type) => type switch
    {
        PaymentType.OneTime or PaymentType.RegistrationWithFirstPayment => Payments.Flow.Payment,
        PaymentType.RegistrationOnly => Payments.Flow.Registration,
        PaymentType.Recurring => Payments.Flow.Recurring,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Japanese(this PaymentType type) => type switch
    {
        PaymentType.OneTime => "都度決済",
        PaymentType.RegistrationWithFirstPayment => "利用承諾+初回決済",
        PaymentType.RegistrationOnly => "利用承諾のみ",
        PaymentType.Recurring => "随時決済",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string English(this PaymentType type) => type switch
    {
        PaymentType.OneTime => "One-time payment",
        PaymentType.RegistrationWithFirstPayment => "Registration with first payment",
        PaymentType.RegistrationOnly => "Registration only",
        PaymentType.Recurring => "Recurring payment",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    public static string Code(this JobCd jobCd) => jobCd switch
    {
        JobCd.Auth => "AUTH",
        JobCd.Capture => "CAPTURE",
        _ => throw new ArgumentOutOfRangeException(nameof(jobCd), jobCd, null),
    };

    public static string Japanese(this JobCd jobCd) => jobCd switch
    {
        JobCd.Auth => "仮売上",
        JobCd.Capture => "即時売上",
        _ => throw new ArgumentOutOfRangeException(nameof(jobCd), jobCd, null),
    };

    public static string English(this JobCd jobCd) => jobCd switch
    {
        JobCd.Auth => "Authorize, capture later",
        JobCd.Capture => "Immediate capture",
        _ => throw new ArgumentOutOfRangeException(nameof(jobCd), jobCd, null),
    };
}

/// <summary>What Amazon (or the sync) reports for a requested step.</summary>
public enum Outcome
{
    /// <summary>Done: AUTH, CAPTURE, SALES, RETURN, REGISTER, END…</summary>
    Confirmed,

    /// <summary>Accepted, not yet confirmed: REQCAPTURE, REQSALES, REQRETURN; the sync settles it.</summary>
    Pending,

    /// <summary>Refused or failed; the transition table says where that leaves the record.</summary>
    Failed,
}

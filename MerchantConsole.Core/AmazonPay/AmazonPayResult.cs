namespace MerchantConsole.Core.AmazonPay;

public enum AmazonPayErrorKind
{
    /// <summary>Amazon answered with an error status and (usually) <c>{reasonCode, message}</c>.</summary>
    ErrorResponse,

    /// <summary>No answer: the connection failed on every attempt.</summary>
    Unreachable,

    /// <summary>No answer in time on the last attempt, or the whole call ran out of time.</summary>
    TimedOut,

    /// <summary>A success status whose body is not the expected object.</summary>
    UnreadableResponse,
}

/// <summary>
/// An expected failure of a call, as a value. <see cref="HttpStatus"/> is null when no answer came.
/// <see cref="Message"/> is Amazon's (English) text; it never contains the key or the signature.
/// </summary>
public sealed record AmazonPayError(
    AmazonPayErrorKind Kind,
    int? HttpStatus,
    string ReasonCode,
    string Message,
    string? RequestId = null)
{
    public const string InvalidRequestSignature = nameof(InvalidRequestSignature);

    /// <summary>403 InvalidRequestSignature: the key and the public key ID do not match, or the clock is off.</summary>
    public bool IsInvalidSignature => ReasonCode == InvalidRequestSignature;

    /// <summary>
    /// The outcome is not known (no answer, or a server error after all retries): the operation
    /// may have happened. Ask Amazon again (Get…) before deciding, or retry with the same idempotency key.
    /// </summary>
    public bool OutcomeUnknown => Kind is AmazonPayErrorKind.Unreachable or AmazonPayErrorKind.TimedOut
        || HttpStatus is >= 500;
}

/// <summary>The answer to one API call: the object Amazon returned, or the error.</summary>
public sealed class AmazonPayResult<T>
    where T : class
{
    private AmazonPayResult(T? value, AmazonPayError? error, int? httpStatus, string? requestId)
    {
        Value = value;
        Error = error;
        HttpStatus = httpStatus;
        RequestId = requestId;
    }

    public T? Value { get; }

    public AmazonPayError? Error { get; }

    public int? HttpStatus { get; }

    /// <summary>Amazon's <c>x-amz-pay-request-id</c>, for support enquiries.</summary>
    public string? RequestId { get; }

    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Value))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    internal static AmazonPayResult<T> Success(T value, int httpStatus, string? requestId) =>
        new(value, null, httpStatus, requestId);

    internal static AmazonPayResult<T> Failure(AmazonPayError error) =>
        new(null, error, error.HttpStatus, error.RequestId);
}

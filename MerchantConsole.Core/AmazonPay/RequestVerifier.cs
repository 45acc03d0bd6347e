using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// A request as an HTTP server received it. <paramref name="Path"/> is the full path (escaped or
/// not: it is unescaped before canonicalising); <paramref name="QueryString"/> is the raw query, with
/// or without its leading <c>?</c>; a header may appear more than once.
/// </summary>
public sealed record IncomingRequest(
    string Method,
    string Path,
    string? QueryString,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);

public enum VerificationFailure
{
    MissingAuthorization,
    MalformedAuthorization,
    UnsupportedAlgorithm,
    UnsignedRequiredHeader,
    SignedHeaderMissing,
    MalformedDate,
    DateSkew,
    UnknownPublicKey,
    BadSignature,
}

/// <summary>
/// The verdict on an incoming request. On failure, <see cref="HttpStatus"/> and
/// <see cref="ReasonCode"/> are what Amazon would answer, and the expected canonical request and
/// string to sign (when they could be built) help a developer find what differs.
/// </summary>
public sealed record RequestVerification(
    VerificationFailure? Failure,
    string Message,
    string? PublicKeyId = null,
    SignatureAlgorithm? Algorithm = null,
    string? ExpectedCanonicalRequest = null,
    string? ExpectedStringToSign = null)
{
    public bool IsValid => Failure is null;

    public int HttpStatus => Failure switch
    {
        null => 200,
        VerificationFailure.UnsignedRequiredHeader or VerificationFailure.SignedHeaderMissing
            or VerificationFailure.MalformedDate or VerificationFailure.DateSkew => 400,
        _ => 403,
    };

    public string? ReasonCode => Failure switch
    {
        null => null,
        VerificationFailure.UnsignedRequiredHeader or VerificationFailure.SignedHeaderMissing => "MissingHeaderValue",
        VerificationFailure.MalformedDate or VerificationFailure.DateSkew => "InvalidHeaderValue",
        _ => "InvalidRequestSignature",
    };
}

/// <summary>The signing chain run backwards, for the embedded sandbox that plays Amazon.</summary>
public static partial class RequestVerifier
{
    public static readonly TimeSpan DefaultAllowedSkew = TimeSpan.FromMinutes(15);

    private static readonly string[] AlwaysSigned = [AmazonPayHeaders.Date, AmazonPayHeaders.Host, AmazonPayHeaders.Region];

    public static RequestVerification Verify(
        IncomingRequest request,
        Func<string, RSA?> publicKeyLookup,
        DateTimeOffset now,
        TimeSpan? allowedSkew = null)
    {
        var authorization = Values(request, AmazonPayHeaders.Authorization).FirstOrDefault();
        if (authorization is null)
        {
            return Fail(VerificationFailure.MissingAuthorization, "The authorization header is missing.");
        }

        var match = AuthorizationFormat().Match(authorization.Trim());
        if (!match.Success)
        {
            return Fail(VerificationFailure.MalformedAuthorization,
                "The authorization header is not '<algorithm> PublicKeyId=<id>, SignedHeaders=<names>, Signature=<base64>'.");
        }

        var publicKeyId = match.Groups["id"].Value;
        if (!SignatureAlgorithms.TryParse(match.Groups["alg"].Value, out var algorithm))
        {
            return Fail(VerificationFailure.UnsupportedAlgorithm, "The signature algorithm is not supported.", publicKeyId);
        }

        var signedNames = match.Groups["headers"].Value.Split(';');
        var required = request.Method.Equals("POST", StringComparison.OrdinalIgnoreCase)
            ? [.. AlwaysSigned, AmazonPayHeaders.IdempotencyKey]
            : AlwaysSigned;
        var unsigned = required.FirstOrDefault(name => !signedNames.Contains(name, StringComparer.Ordinal));
        if (unsigned is not null)
        {
            return Fail(VerificationFailure.UnsignedRequiredHeader, $"The header {unsigned} is required and must be signed.", publicKeyId, algorithm);
        }

        var signedHeaders = new List<KeyValuePair<string, string>>();
        foreach (var name in signedNames)
        {
            var values = Values(request, name).ToList();
            if (values.Count == 0)
            {
                return Fail(VerificationFailure.SignedHeaderMissing, $"The signed header {name} is not in the request.", publicKeyId, algorithm);
            }

            signedHeaders.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v)));
        }

        var dateText = Values(request, AmazonPayHeaders.Date).First().Trim();
        if (!DateTimeOffset.TryParseExact(dateText, AmazonPayHeaders.DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return Fail(VerificationFailure.MalformedDate, $"The value {dateText} provided for x-amz-pay-date is not in the format yyyyMMddTHHmmssZ.", publicKeyId, algorithm);
        }

        var skew = allowedSkew ?? DefaultAllowedSkew;
        if (date > now + skew)
        {
            return Fail(VerificationFailure.DateSkew, $"The value {dateText} provided for x-amz-pay-date should not be in future.", publicKeyId, algorithm);
        }

        if (date < now - skew)
        {
            return Fail(VerificationFailure.DateSkew, $"The value {dateText} provided for x-amz-pay-date is too old.", publicKeyId, algorithm);
        }

        var (canonicalHeaders, signedHeaderList) = CanonicalRequest.Headers(signedHeaders);
        var canonicalRequest = CanonicalRequest.Build(
            request.Method,
            CanonicalRequest.Uri(Uri.UnescapeDataString(request.Path)),
            CanonicalRequest.Query(ParseQuery(request.QueryString)),
            canonicalHeaders,
            signedHeaderList,
            CanonicalRequest.PayloadHash(request.Body.Span));
        var stringToSign = CanonicalRequest.StringToSign(algorithm, canonicalRequest);

        var publicKey = publicKeyLookup(publicKeyId);
        if (publicKey is null)
        {
            return Fail(VerificationFailure.UnknownPublicKey, "The public key ID is not known.", publicKeyId, algorithm, canonicalRequest, stringToSign);
        }

        return RsaPss.Verify(stringToSign, match.Groups["sig"].Value, publicKey, algorithm)
            ? new RequestVerification(null, "The signature is valid.", publicKeyId, algorithm, canonicalRequest, stringToSign)
            : Fail(VerificationFailure.BadSignature, "The signature does not match the request.", publicKeyId, algorithm, canonicalRequest, stringToSign);
    }

    /// <summary>Splits a raw query into unescaped name/value pairs; <c>+</c> is a plus sign (RFC 3986), not a space.</summary>
    public static IEnumerable<KeyValuePair<string, string>> ParseQuery(string? queryString)
    {
        foreach (var part in (queryString ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            yield return new(Uri.UnescapeDataString(name), Uri.UnescapeDataString(value));
        }
    }

    private static IEnumerable<string> Values(IncomingRequest request, string lowerCaseName) =>
        request.Headers
            .Where(h => string.Equals(h.Key.Trim(), lowerCaseName, StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value);

    private static RequestVerification Fail(
        VerificationFailure failure,
        string message,
        string? publicKeyId = null,
        SignatureAlgorithm? algorithm = null,
        string? canonicalRequest = null,
        string? stringToSign = null) =>
        new(failure, message, publicKeyId, algorithm, canonicalRequest, stringToSign);

    [GeneratedRegex(@"^(?<alg>\S+) PublicKeyId=(?<id>[^,\s]+),\s*SignedHeaders=(?<headers>[^,\s]+),\s*Signature=(?<sig>\S+)\z")]
    private static partial Regex AuthorizationFormat();
}

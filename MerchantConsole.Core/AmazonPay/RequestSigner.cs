using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// An API call before signing. <paramref name="Path"/> is relative to the API base
/// (<c>charges/S03-…/capture</c>) and unescaped; <paramref name="Body"/> is the exact bytes to send.
/// </summary>
public sealed record ApiRequest(
    HttpMethod Method,
    string Path,
    byte[] Body,
    string? IdempotencyKey = null,
    IReadOnlyList<KeyValuePair<string, string>>? Query = null);

/// <summary>A request ready to send, with the intermediate strings kept for tests and diagnostics.</summary>
public sealed record SignedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string CanonicalRequest,
    string StringToSign)
{
    public string Authorization => Headers.Single(h => h.Key == AmazonPayHeaders.Authorization).Value;

    /// <summary>
    /// The message to send. Every signed header goes out byte-identical: the content type is set
    /// without a charset, and the body is the hashed bytes, even on GET (the SDKs send
    /// <c>content-type</c> there too, and it is signed).
    /// </summary>
    public HttpRequestMessage ToHttpRequestMessage()
    {
        var message = new HttpRequestMessage(Method, Uri) { Content = new ByteArrayContent(Body) };
        foreach (var (name, value) in Headers)
        {
            if (name == AmazonPayHeaders.ContentType)
            {
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }
}

public static class AmazonPayHeaders
{
    public const string Accept = "accept";
    public const string ContentType = "content-type";
    public const string Date = "x-amz-pay-date";
    public const string Host = "x-amz-pay-host";
    public const string Region = "x-amz-pay-region";
    public const string IdempotencyKey = "x-amz-pay-idempotency-key";
    public const string Authorization = "authorization";
    public const string RequestId = "x-amz-pay-request-id";
    public const string JsonMediaType = "application/json";

    /// <summary><c>yyyyMMddTHHmmssZ</c> in UTC, e.g. <c>20240102T030405Z</c>.</summary>
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
}

/// <summary>The signing chain for API calls (wire spec §1): canonical request → string to sign → signature → headers.</summary>
public static class RequestSigner
{
    public static SignedRequest Sign(AmazonPayCredentials credentials, ApiRequest request, DateTimeOffset now) =>
        Sign(request, AmazonPayEndpoint.ApiBase(credentials), credentials.PublicKeyId, credentials.Key.Rsa, now);

    public static SignedRequest Sign(
        ApiRequest request,
        Uri apiBase,
        string publicKeyId,
        RSA privateKey,
        DateTimeOffset now,
        SignatureAlgorithm algorithm = SignatureAlgorithm.V2)
    {
        if (request.Method == HttpMethod.Post && string.IsNullOrEmpty(request.IdempotencyKey))
        {
            throw new ArgumentException("A POST to Amazon Pay needs an idempotency key.", nameof(request));
        }

        var canonicalUri = CanonicalRequest.Uri(apiBase.AbsolutePath.TrimEnd('/') + "/" + request.Path.TrimStart('/'));
        var canonicalQuery = CanonicalRequest.Query(request.Query ?? []);
        var uri = new Uri(apiBase.GetLeftPart(UriPartial.Authority) + canonicalUri
            + (canonicalQuery.Length > 0 ? "?" + canonicalQuery : ""));

        var headers = new List<KeyValuePair<string, string>>
        {
            new(AmazonPayHeaders.Accept, AmazonPayHeaders.JsonMediaType),
            new(AmazonPayHeaders.ContentType, AmazonPayHeaders.JsonMediaType),
            new(AmazonPayHeaders.Date, AmazonPayHeaders.FormatDate(now)),
            // Authority, not Host: equal for Amazon, and it keeps the port of a local sandbox.
            new(AmazonPayHeaders.Host, apiBase.Authority),
            new(AmazonPayHeaders.Region, AmazonPayCredentials.Region),
        };
        if (request.Method == HttpMethod.Post)
        {
            headers.Add(new(AmazonPayHeaders.IdempotencyKey, request.IdempotencyKey!));
        }

        var (canonicalHeaders, signedHeaders) = CanonicalRequest.Headers(headers);
        var canonicalRequest = CanonicalRequest.Build(
            request.Method.Method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders,
            CanonicalRequest.PayloadHash(request.Body));
        var stringToSign = CanonicalRequest.StringToSign(algorithm, canonicalRequest);
        var signature = RsaPss.Sign(stringToSign, privateKey, algorithm);

        headers.Add(new(AmazonPayHeaders.Authorization, AuthorizationHeader(algorithm, publicKeyId, signedHeaders, signature)));
        return new SignedRequest(request.Method, uri, headers, request.Body, canonicalRequest, stringToSign);
    }

    public static string AuthorizationHeader(SignatureAlgorithm algorithm, string publicKeyId, string signedHeaders, string signature) =>
        $"{algorithm.Name()} PublicKeyId={publicKeyId}, SignedHeaders={signedHeaders}, Signature={signature}";
}

using MerchantConsole.Data;
using MerchantConsole.Gateway;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Api;

internal enum ApiValueType
{
    String,

    /// <summary>Whole numbers (yen, seconds): digits in the form variant, a JSON number or digit string in the JSON variant.</summary>
    Integer,
}

/// <summary>One request or response field, by the spec's name (the JSON variant lower-cases the first letter).</summary>
internal sealed record ApiParameter(string Name, ApiValueType Type, bool Required, string Japanese, string English)
{
    public static ApiParameter Text(string name, string japanese, string english, bool required = false) =>
        new(name, ApiValueType.String, required, japanese, english);

    public static ApiParameter Number(string name, string japanese, string english, bool required = false) =>
        new(name, ApiValueType.Integer, required, japanese, english);
}

/// <summary>What the engine answered: the response fields in order, or every error of the request.</summary>
internal sealed class ApiOutcome
{
    private ApiOutcome(IReadOnlyList<KeyValuePair<string, string>> fields, IReadOnlyList<GatewayError> errors)
    {
        Fields = fields;
        Errors = errors;
    }

    public IReadOnlyList<KeyValuePair<string, string>> Fields { get; }

    public IReadOnlyList<GatewayError> Errors { get; }

    public bool IsSuccess => Errors.Count == 0;

    public static ApiOutcome Ok(params (string Name, string? Value)[] fields) =>
        new([.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value ?? ""))], []);

    public static ApiOutcome Fail(IReadOnlyList<GatewayError> errors) => new([], errors);

    public static implicit operator ApiOutcome(GatewayError error) => new([], [error]);
}

/// <summary>The second half of an operation: runs once the request parsed cleanly and the shop authenticated.</summary>
internal delegate Task<ApiOutcome> ApiStep(ApiContext context);

/// <summary>
/// One row of the operation table: its name, its fields (for the docs and the OpenAPI document), and how it
/// reads the request. Parsing returns the step so all input errors are known before anything runs.
/// </summary>
internal sealed record ApiOperation(
    string Name,
    string Japanese,
    string English,
    IReadOnlyList<ApiParameter> Request,
    IReadOnlyList<ApiParameter> Response,
    Func<ApiInput, ApiStep> Parse);

/// <summary>An authenticated call: the shop, its services, and where customers' browsers reach the gateway.</summary>
internal sealed class ApiContext(HttpContext http, string shopId)
{
    public string ShopId { get; } = shopId;

    public GatewayActor Actor { get; } = GatewayActor.Api(shopId);

    public CancellationToken Aborted => http.RequestAborted;

    public PaymentGateway Gateway => Service<PaymentGateway>();

    /// <summary>Gateway:PublicBaseUrl when set (behind a proxy), else the address this request came in on.</summary>
    public Uri PublicBase => PublicBaseOf(http);

    public static Uri PublicBaseOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var configured = http.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.PublicBaseUrl;
        return string.IsNullOrEmpty(configured)
            ? new Uri($"{http.Request.Scheme}://{http.Request.Host}/")
            : new Uri(configured.TrimEnd('/') + "/");
    }

    public T Service<T>()
        where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>The transaction AccessID and AccessPass name, checked against OrderID.</summary>
    public Task<GatewayResult<GatewayTransaction>> TransactionAsync((string AccessId, string AccessPass, string OrderId) keys) =>
        Gateway.AuthenticateAsync(ShopId, keys.AccessId, keys.AccessPass, keys.OrderId, Aborted);

    public async Task<GatewayTransaction?> TransactionByOrderAsync(string orderId)
    {
        await using var db = await Service<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(Aborted);
        return await db.GatewayTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.ShopId == ShopId && t.OrderId == orderId, Aborted);
    }
}

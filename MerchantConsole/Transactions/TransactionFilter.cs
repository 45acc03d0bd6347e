using System.Globalization;
using MerchantConsole.Core.Payments;
using Microsoft.AspNetCore.WebUtilities;

namespace MerchantConsole.Transactions;

public enum TransactionSort
{
    CreatedDesc,
    CreatedAsc,
    AmountDesc,
    AmountAsc,
    OrderIdAsc,
    CaptureDeadlineAsc,
}

/// <summary>
/// What the grid shows, as staff set it. It lives in the URL (<see cref="ToQuery"/> / <see cref="Parse"/>), so a
/// view can be bookmarked and shared; dates are Japan-time calendar days.
/// </summary>
public sealed record TransactionFilter
{
    public IReadOnlySet<TransactionState> States { get; init; } = new HashSet<TransactionState>();

    public IReadOnlySet<PaymentType> PaymentTypes { get; init; } = new HashSet<PaymentType>();

    public JobCd? JobCd { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    public long? MinAmount { get; init; }

    public long? MaxAmount { get; init; }

    /// <summary>
    /// An order ID, AccessID or charge permission ID (prefix of the order ID too), trimmed. Control characters, which
    /// no ID holds (a NUL pasted or put in the URL cannot even be compared by PostgreSQL), are dropped.
    /// </summary>
    public string? Search
    {
        get;
        init => field = Clean(value);
    }

    /// <summary>Typed or pasted text as a filter uses it: trimmed, without control characters, null when nothing is left.</summary>
    public static string? Clean(string? text)
    {
        var cleaned = text is null ? "" : new string([.. text.Where(c => !char.IsControl(c))]).Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>Authorizations whose capture deadline falls within 7 days (or has passed).</summary>
    public bool ExpiringSoon { get; init; }

    public TransactionSort Sort { get; init; } = TransactionSort.CreatedDesc;

    /// <summary>The "waiting for Amazon" shortcut: REQ* and AUTHPROCESS.</summary>
    public static readonly IReadOnlySet<TransactionState> Pending = new HashSet<TransactionState>
    {
        TransactionState.AuthProcess, TransactionState.ReqCapture, TransactionState.ReqSales, TransactionState.ReqReturn,
    };

    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(7);

    public string ToQuery()
    {
        var query = new Dictionary<string, string?>();
        if (States.Count > 0)
        {
            query["state"] = string.Join(',', States.Order().Select(s => s.Code()));
        }

        if (PaymentTypes.Count > 0)
        {
            query["type"] = string.Join(',', PaymentTypes.Order());
        }

        query["job"] = JobCd?.Code();
        query["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        query["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        query["min"] = MinAmount?.ToString(CultureInfo.InvariantCulture);
        query["max"] = MaxAmount?.ToString(CultureInfo.InvariantCulture);
        query["q"] = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim();
        query["expiring"] = ExpiringSoon ? "1" : null;
        query["sort"] = Sort == TransactionSort.CreatedDesc ? null : Sort.ToString();
        return QueryHelpers.AddQueryString("", query.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Reads a filter back from a URL; anything unreadable is left out rather than refused (a shared link may be old).</summary>
    public static TransactionFilter Parse(string query)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? Get(string name) => values.TryGetValue(name, out var v) ? v.ToString() : null;
        var states = (Get("state") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(code => TransactionStates.TryParse(code, out var state) ? state : (TransactionState?)null)
            .OfType<TransactionState>().ToHashSet();
        var types = (Get("type") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => Enum.TryParse<PaymentType>(t, out var type) && Enum.IsDefined(type) ? type : (PaymentType?)null)
            .OfType<PaymentType>().ToHashSet();
        return new TransactionFilter
        {
            States = states,
            PaymentTypes = types,
            JobCd = Get("job") switch { "AUTH" => Core.Payments.JobCd.Auth, "CAPTURE" => Core.Payments.JobCd.Capture, _ => null },
            From = DateOnly.TryParseExact(Get("from"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
            To = DateOnly.TryParseExact(Get("to"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
            MinAmount = long.TryParse(Get("min"), NumberStyles.None, CultureInfo.InvariantCulture, out var min) ? min : null,
            MaxAmount = long.TryParse(Get("max"), NumberStyles.None, CultureInfo.InvariantCulture, out var max) ? max : null,
            Search = Get("q"),
            ExpiringSoon = Get("expiring") == "1",
            Sort = Enum.TryParse<TransactionSort>(Get("sort"), out var sort) && Enum.IsDefined(sort) ? sort : TransactionSort.CreatedDesc,
        };
    }
}

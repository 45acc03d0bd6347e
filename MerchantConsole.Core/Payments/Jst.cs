using System.Globalization;

namespace MerchantConsole.Core.Payments;

/// <summary>
/// Japan time, as a fixed +09:00 offset: Japan has no daylight saving, and a fixed offset keeps the
/// monthly ceiling independent of the OS time-zone database (absent in slim containers).
/// </summary>
public static class Jst
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static DateTimeOffset ToJst(this DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>As staff read an instant, on every screen and in every refusal: 2026/11/28 10:54:41 JST.</summary>
    public static string Format(DateTimeOffset instant) =>
        instant.ToJst().ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) + " JST";

    /// <summary>The CSV export's form, which sorts as text: 2026-11-28 10:54:41 JST.</summary>
    public static string Sortable(DateTimeOffset instant) =>
        instant.ToJst().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " JST";

    /// <summary>The merchant API's form (TranDate, ProcessDate, StartLimitDate): yyyyMMddHHmmss in Japan time.</summary>
    public static string Compact(DateTimeOffset instant) =>
        instant.ToJst().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}

/// <summary>A calendar month in Japan time: the period of the recurring ceiling (interpretation 5).</summary>
public readonly record struct JstMonth(int Year, int Month)
{
    public static JstMonth Of(DateTimeOffset instant)
    {
        var local = instant.ToJst();
        return new JstMonth(local.Year, local.Month);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}");
}

using System.Globalization;

namespace MerchantConsole.Components.Common;

/// <summary>Times are shown in Japan time (UTC+9, no daylight saving) whatever the server's zone.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    public static string Format(DateTimeOffset instant) =>
        instant.ToOffset(Offset).ToString("yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture) + " JST";
}

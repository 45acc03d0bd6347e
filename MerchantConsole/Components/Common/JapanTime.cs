using MerchantConsole.Core.Payments;

namespace MerchantConsole.Components.Common;

/// <summary>Times are shown in Japan time (UTC+9, no daylight saving) whatever the server's zone, as the core's refusals write them.</summary>
public static class JapanTime
{
    public static readonly TimeSpan Offset = Jst.Offset;

    public static string Format(DateTimeOffset instant) => Jst.Format(instant);
}

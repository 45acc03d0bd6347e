using System.Globalization;
using System.Text.RegularExpressions;

namespace MerchantConsole.E2E;

/// <summary>The console's ways of writing an instant, <c>2026/11/28 13:45:12 JST</c> on screen and <c>2026-11-28 13:45:12 JST</c> in the CSV, read back.</summary>
internal static partial class JstText
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(9);

    /// <summary>The one JST time in <paramref name="text"/> (a cell may add a line such as "残り 3 日").</summary>
    public static DateTimeOffset Parse(string? text)
    {
        var match = Instant().Match(text ?? "");
        Assert.True(match.Success, $"no JST time in \"{text}\"");
        return new DateTimeOffset(DateTime.ParseExact(match.Groups[1].Value.Replace('-', '/'), "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture), Offset);
    }

    /// <summary>The display has whole seconds: the instant it would show for <paramref name="instant"/>.</summary>
    public static DateTimeOffset ToDisplayPrecision(DateTimeOffset instant) =>
        new(instant.UtcTicks - instant.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    [GeneratedRegex(@"(\d{4}[/-]\d{2}[/-]\d{2} \d{2}:\d{2}:\d{2}) JST")]
    private static partial Regex Instant();
}

using MerchantConsole.Core.AmazonPay;
using Microsoft.Extensions.Localization;

namespace MerchantConsole.Components.Common;

/// <summary>A recurring checkout's payment frequency in the reader's language: "1か月ごと" / "Every 1 month(s)".</summary>
public static class FrequencyText
{
    /// <summary>The units staff may choose for a recurring button (Unknown is what an unreadable wire value becomes).</summary>
    public static IReadOnlyList<FrequencyUnit> Choices { get; } = [.. Enum.GetValues<FrequencyUnit>().Where(u => u != FrequencyUnit.Unknown)];

    /// <summary>The unit's name with its wire value, for the snippet's select: "月 (Month)".</summary>
    public static string Name(IStringLocalizer localizer, FrequencyUnit unit)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return localizer[$"Frequency.Name.{unit}"];
    }

    /// <summary>A stored frequency (unit as its wire name) as a phrase; "—" when there is none or it cannot be read.</summary>
    public static string Describe(IStringLocalizer localizer, string? unit, int? value)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        if (!Enum.TryParse<FrequencyUnit>(unit, ignoreCase: true, out var parsed) || parsed == FrequencyUnit.Unknown || !Enum.IsDefined(parsed))
        {
            return "—";
        }

        return parsed == FrequencyUnit.Variable
            ? localizer["Frequency.Variable"]
            : localizer["Frequency.Every", value ?? 1, localizer[$"Frequency.Unit.{parsed}"]];
    }
}

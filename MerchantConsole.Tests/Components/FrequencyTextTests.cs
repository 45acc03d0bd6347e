using System.Globalization;
using MerchantConsole.Components.Common;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace MerchantConsole.Tests.Components;

/// <summary>The registrations page and the recurring button's select speak the reader's language, not the wire's.</summary>
public sealed class FrequencyTextTests : IDisposable
{
    private readonly CultureInfo previous = CultureInfo.CurrentUICulture;
    private readonly ServiceProvider services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();

    private IStringLocalizer In(string culture)
    {
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        return services.GetRequiredService<IStringLocalizer<SharedResource>>();
    }

    [Theory]
    [InlineData("ja-JP", "Month", 1, "1か月ごと")]
    [InlineData("ja-JP", "Week", 2, "2週間ごと")]
    [InlineData("ja-JP", "Year", 1, "1年ごと")]
    [InlineData("ja-JP", "Day", 10, "10日ごと")]
    [InlineData("ja-JP", "Variable", null, "不定期")]
    [InlineData("en-US", "Month", 1, "Every 1 month(s)")]
    [InlineData("en-US", "Week", 2, "Every 2 week(s)")]
    [InlineData("en-US", "Variable", null, "Variable")]
    public void A_stored_frequency_reads_as_a_phrase_in_the_readers_language(string culture, string unit, int? value, string expected) =>
        Assert.Equal(expected, FrequencyText.Describe(In(culture), unit, value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Unknown")]
    [InlineData("Fortnight")]
    [InlineData("42")]
    public void No_frequency_or_an_unreadable_one_shows_a_dash(string? unit) =>
        Assert.Equal("—", FrequencyText.Describe(In("ja-JP"), unit, 1));

    [Fact]
    public void Every_unit_staff_can_choose_has_a_name_in_both_languages_and_Unknown_is_not_offered()
    {
        Assert.DoesNotContain(FrequencyUnit.Unknown, FrequencyText.Choices);
        foreach (var culture in new[] { "ja-JP", "en-US" })
        {
            var localizer = In(culture);
            foreach (var unit in FrequencyText.Choices)
            {
                var name = localizer[$"Frequency.Name.{unit}"];
                Assert.False(name.ResourceNotFound, $"{culture}: Frequency.Name.{unit}");
                Assert.Contains(unit.ToString(), FrequencyText.Name(localizer, unit), StringComparison.Ordinal);
                if (unit != FrequencyUnit.Variable)
                {
                    Assert.False(localizer[$"Frequency.Unit.{unit}"].ResourceNotFound, $"{culture}: Frequency.Unit.{unit}");
                }
            }
        }
    }

    public void Dispose()
    {
        CultureInfo.CurrentUICulture = previous;
        services.Dispose();
    }
}

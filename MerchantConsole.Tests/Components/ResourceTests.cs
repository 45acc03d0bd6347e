using System.Text.RegularExpressions;
using System.Xml.Linq;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;

namespace MerchantConsole.Tests.Components;

public partial class ResourceTests
{
    private static readonly string ResourceFolder = Path.Combine(RepositoryRoot.Path, "MerchantConsole", "Resources");

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(ResourceFolder, file)).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);

    [Fact]
    public void Japanese_and_English_have_the_same_keys_and_no_empty_text()
    {
        var japanese = Read("SharedResource.resx");
        var english = Read("SharedResource.en.resx");

        Assert.Equal(japanese.Keys.Order(), english.Keys.Order());
        Assert.All(japanese.Concat(english), pair => Assert.False(string.IsNullOrWhiteSpace(pair.Value), pair.Key));
    }

    [Fact]
    public void Every_string_the_UI_asks_for_exists()
    {
        var keys = Read("SharedResource.resx").Keys.ToHashSet();
        var source = Path.Combine(RepositoryRoot.Path, "MerchantConsole");
        var used = Directory.EnumerateFiles(source, "*.razor", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => UsedKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();
        var errorKeys = typeof(ShopErrors).GetFields().Concat(typeof(MerchantConsole.Sandbox.SandboxErrors).GetFields()).Select(f => (string)f.GetValue(null)!);
        var roleKeys = Enum.GetNames<MerchantConsole.Core.Shops.ShopRole>().Select(r => "Role." + r);
        var faultKeys = Enum.GetNames<MerchantConsole.Sandbox.SandboxFaultKind>().Select(k => "SellerCentral.FaultKind." + k);
        var missing = used.Concat(errorKeys).Concat(roleKeys).Concat(faultKeys).Where(k => !keys.Contains(k)).ToList();

        Assert.True(used.Count > 50, "the scan found too few keys to be looking at the UI");
        Assert.True(missing.Count == 0, "missing resource keys: " + string.Join(", ", missing));
    }

    [GeneratedRegex("""(?:L|text)\["([A-Za-z]+\.[A-Za-z.]+)"(?:\]|,)""")]
    private static partial Regex UsedKey();
}

using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Tests.Sandbox;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Api;

/// <summary>
/// The test shop made ready for the merchant API the way an Owner does it: the sandbox key's IDs saved, the key
/// uploaded, the connection test passed. Plus the buyer's side of a checkout, as Amazon's button and pages do it.
/// </summary>
public static partial class ApiShop
{
    public static async Task ConfigureAsync(SandboxHarness sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        using var scope = sandbox.Console.Services.CreateScope();
        var settings = scope.ServiceProvider.GetRequiredService<AmazonPaySettingsService>();
        var view = (await settings.GetAsync(sandbox.Owner))!;
        var saved = await settings.SaveAsync(sandbox.Owner, new SettingsInput(
            "テスト商店", false, sandbox.Key.PublicKeyId, sandbox.Key.MerchantId, sandbox.Key.StoreId,
            AmazonPayEnvironment.Sandbox, null, 100_000, view.Version));
        Assert.True(saved.Succeeded, saved.Refusal?.English);
        var uploaded = await settings.UploadKeyAsync(sandbox.Owner, Encoding.UTF8.GetBytes(sandbox.Key.PrivateKeyPem), (await settings.GetAsync(sandbox.Owner))!.Version);
        Assert.True(uploaded.Succeeded, uploaded.Refusal?.English);
        var report = await scope.ServiceProvider.GetRequiredService<ConnectionTester>().RunAsync(sandbox.Owner);
        Assert.True(report!.Passed, report.English);
    }

    /// <summary>What the Amazon Pay button does before the merchant calls ExecTran: a session, and the buyer's choice.</summary>
    public static async Task<string> BuyerChoseAsync(SandboxHarness sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var created = await sandbox.Client.CreateCheckoutSessionAsync(sandbox.Credentials, sandbox.NewSession(), AmazonPayClient.NewIdempotencyKey());
        Assert.True(created.IsSuccess, created.Error?.Message);
        var id = created.Value!.CheckoutSessionId;
        var buyer = SandboxBuyers.All[0];
        var chosen = await sandbox.Buyers.ChooseAsync(id, buyer.BuyerId, buyer.PaymentMethods[0].Id, sandbox.Origin);
        Assert.True(chosen.Succeeded, chosen.ErrorKey);
        return id;
    }

    /// <summary>The hidden fields of the page that carries the result to RetURL, and where its form posts.</summary>
    public static (string Action, IReadOnlyDictionary<string, string> Fields) ReturnForm(string html)
    {
        var action = WebUtility.HtmlDecode(FormAction().Match(html).Groups[1].Value);
        var fields = HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups[1].Value), m => WebUtility.HtmlDecode(m.Groups[2].Value));
        return (action, fields);
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]*)\"")]
    private static partial Regex FormAction();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenInput();
}

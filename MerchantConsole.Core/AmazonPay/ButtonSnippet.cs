using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace MerchantConsole.Core.AmazonPay;

public enum ButtonPlacement
{
    Home,
    Product,
    Cart,
    Checkout,
    Other,
}

public enum ButtonColor
{
    Gold,
    LightGray,
    DarkGray,
}

/// <summary>
/// Where the snippet renders. <paramref name="ScriptUrl"/> is Amazon's checkout.js for Japan by
/// default; the embedded sandbox passes its own stand-in.
/// </summary>
public sealed record SnippetSettings(
    string MerchantId,
    bool Sandbox,
    string ScriptUrl = ButtonSnippet.JapanScriptUrl,
    ButtonPlacement Placement = ButtonPlacement.Cart,
    ButtonColor ButtonColor = ButtonColor.Gold,
    string ContainerId = "AmazonPayButton");

/// <summary>
/// The ready-to-paste HTML for a signed button. Every value is written as a JavaScript string
/// literal (<see cref="JsLiteral"/>), so <c>payloadJSON</c> evaluates to the signed string byte for
/// byte and nothing in a store name can end the script element.
/// </summary>
public static partial class ButtonSnippet
{
    public const string JapanScriptUrl = "https://static-fe.payments-amazon.com/checkout.js";

    public static Checked<string> Render(SignedButton button, SnippetSettings settings)
    {
        var merchantId = AmazonPayIds.CheckMerchantId(settings.MerchantId);
        var refusal = merchantId.Refusal
            ?? ButtonUrls.Check(settings.ScriptUrl, "checkout.js", settings.Sandbox)
            ?? (ContainerIdFormat().IsMatch(settings.ContainerId) ? null : InvalidContainerId);
        if (refusal is not null)
        {
            return Checked.No<string>(refusal);
        }

        var configName = button.ProductType == ProductType.SignIn ? "signInConfig" : "createCheckoutSessionConfig";
        var html = new StringBuilder()
            .Append("<div id=\"").Append(settings.ContainerId).Append("\"></div>\n")
            .Append("<script src=\"").Append(WebUtility.HtmlEncode(settings.ScriptUrl)).Append("\"></script>\n")
            .Append("<script type=\"text/javascript\" charset=\"utf-8\">\n")
            .Append("  amazon.Pay.renderButton(").Append(JsLiteral.SingleQuoted("#" + settings.ContainerId)).Append(", {\n")
            .Append("    merchantId: ").Append(JsLiteral.SingleQuoted(merchantId.Value!)).Append(",\n")
            .Append("    ledgerCurrency: 'JPY',\n")
            .Append("    sandbox: ").Append(settings.Sandbox ? "true" : "false").Append(",\n")
            .Append("    checkoutLanguage: 'ja_JP',\n")
            .Append("    productType: ").Append(JsLiteral.SingleQuoted(button.ProductType.ToString())).Append(",\n")
            .Append("    placement: ").Append(JsLiteral.SingleQuoted(settings.Placement.ToString())).Append(",\n")
            .Append("    buttonColor: ").Append(JsLiteral.SingleQuoted(settings.ButtonColor.ToString())).Append(",\n")
            .Append("    ").Append(configName).Append(": {\n")
            .Append("      payloadJSON: ").Append(JsLiteral.SingleQuoted(button.PayloadJson)).Append(",\n")
            .Append("      signature: ").Append(JsLiteral.SingleQuoted(button.Signature)).Append(",\n")
            .Append("      publicKeyId: ").Append(JsLiteral.SingleQuoted(button.PublicKeyId)).Append(",\n")
            .Append("      algorithm: ").Append(JsLiteral.SingleQuoted(SignatureAlgorithms.V2Name)).Append('\n')
            .Append("    }\n")
            .Append("  });\n")
            .Append("</script>\n");
        return Checked.Ok(html.ToString());
    }

    private static readonly Refusal InvalidContainerId = new(
        "ContainerIdInvalid",
        "ボタンを表示する要素のIDは英字で始まる英数字・ハイフン・アンダースコアで指定してください。",
        "The button container ID must start with a letter and contain only letters, digits, hyphens and underscores.");

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex ContainerIdFormat();
}

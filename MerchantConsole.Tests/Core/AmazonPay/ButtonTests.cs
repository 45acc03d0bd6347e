using System.Text.Json;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.AmazonPay;

public class ButtonTests
{
    private static readonly ButtonShop Shop = new(TestKeys.StoreId, TestKeys.PublicKeyId, "テスト商店", "春の店");

    [Fact]
    public void One_time_button_payload_is_compact_json_with_the_store_name_and_signed_as_it_is()
    {
        var button = Ok(ButtonBuilder.OneTime(Shop,
            new OneTimeButton(ProductType.PayAndShip, "https://shop.example/review", "https://shop.example/cancel"), TestKeys.Rsa2048));

        Assert.Equal(
            "{\"webCheckoutDetails\":{\"checkoutReviewReturnUrl\":\"https://shop.example/review\",\"checkoutCancelUrl\":\"https://shop.example/cancel\"},"
            + "\"storeId\":\"" + TestKeys.StoreId + "\",\"scopes\":[\"name\",\"email\",\"phoneNumber\",\"billingAddress\"],"
            + "\"chargePermissionType\":\"OneTime\",\"merchantMetadata\":{\"merchantStoreName\":\"春の店\"}}",
            button.PayloadJson);
        Assert.Equal(ProductType.PayAndShip, button.ProductType);
        Assert.Equal(TestKeys.PublicKeyId, button.PublicKeyId);
        Assert.True(RsaPss.Verify(button.StringToSign, button.Signature, TestKeys.Rsa2048, SignatureAlgorithm.V2));
    }

    [Fact]
    public void Amount_change_enabled_asks_for_overcharge_and_extended_expiration()
    {
        var button = Ok(ButtonBuilder.OneTime(Shop,
            new OneTimeButton(ProductType.PayOnly, "https://shop.example/review", AmountChangeEnabled: true), TestKeys.Rsa2048));

        Assert.Contains("\"paymentDetails\":{\"allowOvercharge\":true,\"extendExpiration\":true}", button.PayloadJson, StringComparison.Ordinal);
        Assert.DoesNotContain("checkoutCancelUrl", button.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Shop_name_is_used_when_the_store_name_is_empty()
    {
        var button = Ok(ButtonBuilder.OneTime(Shop with { StoreName = "  " },
            new OneTimeButton(ProductType.PayOnly, "https://shop.example/review"), TestKeys.Rsa2048));

        Assert.Contains("\"merchantStoreName\":\"テスト商店\"", button.PayloadJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Recurring_button_declares_its_frequency_and_optional_amount()
    {
        var button = Ok(ButtonBuilder.Recurring(Shop,
            new RecurringButton(ProductType.PayOnly, "https://shop.example/review", FrequencyUnit.Month, 1, new Yen(980)), TestKeys.Rsa2048));

        Assert.Contains("\"chargePermissionType\":\"Recurring\",\"recurringMetadata\":{\"frequency\":{\"unit\":\"Month\",\"value\":\"1\"},\"amount\":{\"amount\":\"980\",\"currencyCode\":\"JPY\"}}",
            button.PayloadJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(FrequencyUnit.Month, null)]
    [InlineData(FrequencyUnit.Month, 0)]
    [InlineData(FrequencyUnit.Unknown, 1)]
    public void Recurring_button_without_a_full_frequency_is_refused(FrequencyUnit? unit, int? value)
    {
        var result = ButtonBuilder.Recurring(Shop, new RecurringButton(ProductType.PayOnly, "https://shop.example/review", unit, value), TestKeys.Rsa2048);

        Assert.Equal("FrequencyRequired", result.Refusal?.Code);
    }

    [Fact]
    public void Sign_in_button_carries_the_return_url_and_sign_in_scopes()
    {
        var button = Ok(ButtonBuilder.SignIn(Shop, new SignInButton("https://shop.example/signin"), TestKeys.Rsa2048));

        Assert.Equal(
            "{\"storeId\":\"" + TestKeys.StoreId + "\",\"signInReturnUrl\":\"https://shop.example/signin\",\"signInScopes\":[\"name\",\"email\"]}",
            button.PayloadJson);
        Assert.Equal(ProductType.SignIn, button.ProductType);
    }

    [Fact]
    public void Apb_button_processes_the_order_with_intent_amount_and_japanese_address()
    {
        var address = new Address(Name: "山田 太郎", AddressLine1: "神宮前1-2-3", StateOrRegion: "東京都", PostalCode: "150-0001", CountryCode: "JP", PhoneNumber: "0312345678", City: "渋谷区");
        var button = Ok(ButtonBuilder.AdditionalPaymentButton(Shop,
            new ApbButton(ProductType.PayAndShip, "https://shop.example/result", PaymentIntent.Authorize, new Yen(5000), address), TestKeys.Rsa2048));

        Assert.Equal(
            "{\"webCheckoutDetails\":{\"checkoutResultReturnUrl\":\"https://shop.example/result\",\"checkoutMode\":\"ProcessOrder\"},"
            + "\"storeId\":\"" + TestKeys.StoreId + "\",\"scopes\":[\"name\",\"email\",\"phoneNumber\",\"billingAddress\"],\"chargePermissionType\":\"OneTime\","
            + "\"paymentDetails\":{\"paymentIntent\":\"Authorize\",\"chargeAmount\":{\"amount\":\"5000\",\"currencyCode\":\"JPY\"}},"
            + "\"merchantMetadata\":{\"merchantStoreName\":\"春の店\"},"
            + "\"addressDetails\":{\"name\":\"山田 太郎\",\"addressLine1\":\"神宮前1-2-3\",\"city\":\"渋谷区\",\"stateOrRegion\":\"東京都\",\"postalCode\":\"150-0001\",\"countryCode\":\"JP\",\"phoneNumber\":\"0312345678\"}}",
            button.PayloadJson);
    }

    [Fact]
    public void Apb_pay_and_ship_without_the_required_address_fields_is_refused()
    {
        var address = new Address(Name: "山田 太郎", AddressLine1: "神宮前1-2-3", PostalCode: "150-0001", CountryCode: "JP", PhoneNumber: "0312345678");

        var result = ButtonBuilder.AdditionalPaymentButton(Shop,
            new ApbButton(ProductType.PayAndShip, "https://shop.example/result", PaymentIntent.Authorize, new Yen(5000), address), TestKeys.Rsa2048);

        Assert.Equal("AddressIncomplete", result.Refusal?.Code);
        Assert.Contains("都道府県", result.Refusal!.Japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void Apb_pay_only_needs_no_address_but_an_amount_in_range()
    {
        Assert.True(ButtonBuilder.AdditionalPaymentButton(Shop,
            new ApbButton(ProductType.PayOnly, "https://shop.example/result", PaymentIntent.AuthorizeWithCapture, new Yen(1)), TestKeys.Rsa2048).IsOk);
        Assert.Equal("AmountOutOfRange", ButtonBuilder.AdditionalPaymentButton(Shop,
            new ApbButton(ProductType.PayOnly, "https://shop.example/result", PaymentIntent.Authorize, new Yen(10_000_000)), TestKeys.Rsa2048).Refusal?.Code);
        Assert.Equal("PaymentIntentRequired", ButtonBuilder.AdditionalPaymentButton(Shop,
            new ApbButton(ProductType.PayOnly, "https://shop.example/result", PaymentIntent.Unknown, new Yen(100)), TestKeys.Rsa2048).Refusal?.Code);
    }

    [Theory]
    [InlineData("https://shop.example/review", false, null)]
    [InlineData("http://shop.example/review", false, "UrlNotHttps")]
    [InlineData("http://shop.example/review", true, "UrlNotHttps")]
    [InlineData("http://127.0.0.1:5000/review", false, "UrlNotHttps")]
    [InlineData("http://127.0.0.1:5000/review", true, null)]
    [InlineData("http://localhost:5000/review", true, null)]
    [InlineData("/review", true, "UrlNotAbsolute")]
    [InlineData("ftp://shop.example/review", false, "UrlNotAbsolute")]
    [InlineData("javascript:alert(1)", false, "UrlNotAbsolute")]
    [InlineData("https://user:pw@shop.example/review", false, "UrlHasCredentials")]
    public void Return_urls_must_be_absolute_https_with_http_only_for_loopback_in_sandbox(string url, bool sandbox, string? refusal)
    {
        var result = ButtonBuilder.OneTime(Shop with { Sandbox = sandbox }, new OneTimeButton(ProductType.PayOnly, url), TestKeys.Rsa2048);

        Assert.Equal(refusal, result.Refusal?.Code);
        Assert.True(result.IsOk || result.Refusal.Japanese.Contains("checkoutReviewReturnUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_shop_settings_are_refused_with_their_own_codes()
    {
        var button = new OneTimeButton(ProductType.PayOnly, "https://shop.example/review");

        Assert.Equal("StoreIdInvalid", ButtonBuilder.OneTime(Shop with { StoreId = "amzn1.application-oa2-client.x" }, button, TestKeys.Rsa2048).Refusal?.Code);
        Assert.Equal("PublicKeyIdInvalid", ButtonBuilder.OneTime(Shop with { PublicKeyId = "SANDBOX-x" }, button, TestKeys.Rsa2048).Refusal?.Code);
        Assert.Equal("StoreNameTooLong", ButtonBuilder.OneTime(Shop with { StoreName = new string('店', 51) }, button, TestKeys.Rsa2048).Refusal?.Code);
        Assert.Equal("StoreNameMissing", ButtonBuilder.OneTime(Shop with { StoreName = null, ShopName = " " }, button, TestKeys.Rsa2048).Refusal?.Code);
        Assert.Equal("ProductTypeInvalid", ButtonBuilder.OneTime(Shop, button with { ProductType = ProductType.SignIn }, TestKeys.Rsa2048).Refusal?.Code);
        Assert.Equal("ScopesInvalid", ButtonBuilder.OneTime(Shop, button with { Scopes = ["name", "creditCard"] }, TestKeys.Rsa2048).Refusal?.Code);
    }

    [Fact]
    public void Ids_with_surrounding_whitespace_are_trimmed_in_the_payload()
    {
        var button = Ok(ButtonBuilder.OneTime(Shop with { StoreId = " " + TestKeys.StoreId + "\n", PublicKeyId = TestKeys.PublicKeyId + " " },
            new OneTimeButton(ProductType.PayOnly, "https://shop.example/review"), TestKeys.Rsa2048));

        Assert.Contains("\"storeId\":\"" + TestKeys.StoreId + "\"", button.PayloadJson, StringComparison.Ordinal);
        Assert.Equal(TestKeys.PublicKeyId, button.PublicKeyId);
    }

    [Theory]
    [InlineData("春の店")]
    [InlineData("</script><script>alert(\"x\")</script>")]
    [InlineData("O'Reilly \"quoted\" \\ back\\\\slash")]
    [InlineData("<!-- & \u2028 \u2029 \t 😀 ＆")]
    public void Snippet_payload_literal_evaluates_in_node_to_the_signed_string_byte_for_byte(string storeName)
    {
        var button = Ok(ButtonBuilder.OneTime(Shop with { StoreName = storeName },
            new OneTimeButton(ProductType.PayAndShip, "https://shop.example/review?a=1&b=2"), TestKeys.Rsa2048));
        var snippet = Ok(ButtonSnippet.Render(button, new SnippetSettings(TestKeys.MerchantId, Sandbox: true)));

        var (config, payloadSha256) = EvaluateInNode(snippet, "createCheckoutSessionConfig");

        Assert.Equal(button.PayloadJson, config.GetProperty("payloadJSON").GetString());
        Assert.Equal(button.StringToSign, "AMZN-PAY-RSASSA-PSS-V2\n" + payloadSha256);
        Assert.Equal(button.Signature, config.GetProperty("signature").GetString());
        Assert.Equal(TestKeys.PublicKeyId, config.GetProperty("publicKeyId").GetString());
        Assert.Equal("AMZN-PAY-RSASSA-PSS-V2", config.GetProperty("algorithm").GetString());
        Assert.Equal(2, CountOf(snippet, "</script"));
        Assert.DoesNotContain("<!--", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippet_renders_the_button_settings_and_the_given_checkout_script()
    {
        var button = Ok(ButtonBuilder.OneTime(Shop, new OneTimeButton(ProductType.PayOnly, "https://shop.example/review"), TestKeys.Rsa2048));
        var snippet = Ok(ButtonSnippet.Render(button, new SnippetSettings(TestKeys.MerchantId, Sandbox: false,
            ScriptUrl: "https://static-fe.payments-amazon.com/checkout.js", Placement: ButtonPlacement.Product, ButtonColor: ButtonColor.DarkGray)));

        var (options, _) = EvaluateInNode(snippet, null);

        Assert.Contains("<script src=\"https://static-fe.payments-amazon.com/checkout.js\"></script>", snippet, StringComparison.Ordinal);
        Assert.Contains("<div id=\"AmazonPayButton\"></div>", snippet, StringComparison.Ordinal);
        Assert.Equal(TestKeys.MerchantId, options.GetProperty("merchantId").GetString());
        Assert.Equal("JPY", options.GetProperty("ledgerCurrency").GetString());
        Assert.Equal("ja_JP", options.GetProperty("checkoutLanguage").GetString());
        Assert.Equal("PayOnly", options.GetProperty("productType").GetString());
        Assert.Equal("Product", options.GetProperty("placement").GetString());
        Assert.Equal("DarkGray", options.GetProperty("buttonColor").GetString());
        Assert.False(options.GetProperty("sandbox").GetBoolean());
    }

    [Fact]
    public void Sign_in_snippet_uses_sign_in_config_and_evaluates_to_the_signed_payload()
    {
        var button = Ok(ButtonBuilder.SignIn(Shop, new SignInButton("https://shop.example/signin"), TestKeys.Rsa2048));
        var snippet = Ok(ButtonSnippet.Render(button, new SnippetSettings(TestKeys.MerchantId, Sandbox: true, ScriptUrl: "http://127.0.0.1:5000/sandbox/amazonpay/checkout.js")));

        var (config, _) = EvaluateInNode(snippet, "signInConfig");

        Assert.Equal(button.PayloadJson, config.GetProperty("payloadJSON").GetString());
        Assert.DoesNotContain("createCheckoutSessionConfig", snippet, StringComparison.Ordinal);
    }

    [Fact]
    public void Snippet_refuses_a_bad_merchant_id_script_url_or_container_id()
    {
        var button = Ok(ButtonBuilder.OneTime(Shop, new OneTimeButton(ProductType.PayOnly, "https://shop.example/review"), TestKeys.Rsa2048));

        Assert.Equal("MerchantIdInvalid", ButtonSnippet.Render(button, new SnippetSettings("bad", true)).Refusal?.Code);
        Assert.Equal("UrlNotHttps", ButtonSnippet.Render(button, new SnippetSettings(TestKeys.MerchantId, false, "http://127.0.0.1/checkout.js")).Refusal?.Code);
        Assert.Equal("ContainerIdInvalid", ButtonSnippet.Render(button, new SnippetSettings(TestKeys.MerchantId, true, ContainerId: "x\"><script>")).Refusal?.Code);
    }

    /// <summary>Runs the inline script in node with a stub <c>amazon.Pay.renderButton</c> that prints what it receives.</summary>
    private static (JsonElement Config, string PayloadSha256) EvaluateInNode(string snippet, string? configName)
    {
        var start = snippet.IndexOf("<script type=", StringComparison.Ordinal);
        var body = snippet[(snippet.IndexOf('>', start) + 1)..snippet.LastIndexOf("</script>", StringComparison.Ordinal)];
        var script =
            "globalThis.amazon = { Pay: { renderButton: (selector, options) => {"
            + " const config = options.createCheckoutSessionConfig || options.signInConfig;"
            + " const hash = require('crypto').createHash('sha256').update(config.payloadJSON, 'utf8').digest('hex');"
            + " process.stdout.write(JSON.stringify({ selector, options, hash })); } } };\n" + body;

        var (exitCode, output) = Tool.Run("node", Path.GetTempPath(), "-e", script);
        Assert.True(exitCode == 0, output);

        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal("#AmazonPayButton", root.GetProperty("selector").GetString());
        var options = root.GetProperty("options");
        return (configName is null ? options : options.GetProperty(configName), root.GetProperty("hash").GetString()!);
    }

    private static int CountOf(string text, string fragment) =>
        (text.Length - text.Replace(fragment, "", StringComparison.Ordinal).Length) / fragment.Length;

    private static T Ok<T>(Checked<T> result)
    {
        Assert.True(result.IsOk, result.Refusal?.ToString());
        return result.Value;
    }
}

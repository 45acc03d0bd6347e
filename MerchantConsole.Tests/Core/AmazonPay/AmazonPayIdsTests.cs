using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Core.AmazonPay;

public class AmazonPayIdsTests
{
    [Theory]
    [InlineData("SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR", true)]
    [InlineData("LIVE-AHQ3Q2HLYKWXX7RKGZ5BZOVR", true)]
    [InlineData("AHQ3Q2HLYKWXX7RKGZ5BZOVR", true)]
    [InlineData("  SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR\n", true)]
    [InlineData("sandbox-AHQ3Q2HLYKWXX7RKGZ5BZOVR", false)]
    [InlineData("SANDBOX-ahq3q2hlykwxx7rkgz5bzovr", false)]
    [InlineData("SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOV", false)]
    [InlineData("SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVRX", false)]
    [InlineData("TEST-AHQ3Q2HLYKWXX7RKGZ5BZOVR", false)]
    [InlineData("SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOV-", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Public_key_id_is_an_optional_environment_prefix_and_24_upper_case_letters_or_digits(string? text, bool valid)
    {
        var result = AmazonPayIds.CheckPublicKeyId(text);

        Assert.Equal(valid, result.IsOk);
        if (valid)
        {
            Assert.Equal(text!.Trim(), result.Value);
        }
        else
        {
            Assert.Equal("PublicKeyIdInvalid", result.Refusal!.Code);
            Assert.Contains("パブリックキーID", result.Refusal.Japanese, StringComparison.Ordinal);
            Assert.Contains("24 upper-case", result.Refusal.English, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("A1B2C3D4E5F6G7", true)]
    [InlineData("A1B2C3D4E5F6G", true)]
    [InlineData("A1B2C3D4E5F6", false)]
    [InlineData("A1B2C3D4E5F6G7H", false)]
    [InlineData("a1b2c3d4e5f6g7", false)]
    [InlineData("A1B2C3D4E5F6-7", false)]
    public void Merchant_id_is_13_or_14_upper_case_letters_or_digits(string text, bool valid)
    {
        var result = AmazonPayIds.CheckMerchantId(text);

        Assert.Equal(valid, result.IsOk);
        Assert.Equal(valid ? null : "MerchantIdInvalid", result.Refusal?.Code);
    }

    [Theory]
    [InlineData("amzn1.application-oa2-client.8b5e45312b5248b69eeaa2f0a5d9b3c1", true)]
    [InlineData("amzn1.application-oa2-client.8B5E45312B5248B69EEAA2F0A5D9B3C1", false)]
    [InlineData("amzn1.application-oa2-client.8b5e45312b5248b69eeaa2f0a5d9b3c", false)]
    [InlineData("amzn1.application-oa2-client.8b5e45312b5248b69eeaa2f0a5d9b3c12", false)]
    [InlineData("amzn1.application-oa2-client.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", false)]
    [InlineData("amzn1.application.8b5e45312b5248b69eeaa2f0a5d9b3c1", false)]
    public void Store_id_is_the_login_with_amazon_client_id_prefix_and_32_hex_digits(string text, bool valid)
    {
        var result = AmazonPayIds.CheckStoreId(text);

        Assert.Equal(valid, result.IsOk);
        Assert.Equal(valid ? null : "StoreIdInvalid", result.Refusal?.Code);
        Assert.True(valid || result.Refusal!.Japanese.Contains("ストアID", StringComparison.Ordinal));
    }
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Core.AmazonPay;

public class PrivateKeyPemTests
{
    [Fact]
    public void Pkcs8_and_pkcs1_of_the_same_key_load_with_the_same_fingerprint()
    {
        using var pkcs8 = Load(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());
        using var pkcs1 = Load(TestKeys.Rsa2048.ExportRSAPrivateKeyPem());

        Assert.Equal(pkcs8.Fingerprint, pkcs1.Fingerprint);
        Assert.Equal(2048, pkcs8.KeySizeBits);
        Assert.Matches("^[0-9a-f]{64}$", pkcs8.Fingerprint);
    }

    [Fact]
    public void Fingerprint_is_the_sha256_of_the_public_key_der_and_the_public_pem_matches()
    {
        using var key = Load(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());
        var der = TestKeys.Rsa2048.ExportSubjectPublicKeyInfo();

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(der)), key.Fingerprint);
        Assert.Equal(TestKeys.Rsa2048.ExportSubjectPublicKeyInfoPem(), key.PublicKeyPem);
    }

    [Fact]
    public void Fingerprint_matches_what_openssl_computes_from_the_public_key()
    {
        using var key = Load(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());
        var directory = Directory.CreateTempSubdirectory("amazonpay-fp-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "pub.pem"), key.PublicKeyPem);
            Tool.Run("openssl", directory.FullName, "pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der");
            var der = File.ReadAllBytes(Path.Combine(directory.FullName, "pub.der"));

            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(der)), key.Fingerprint);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Surrounding_whitespace_crlf_line_ends_and_a_byte_order_mark_are_tolerated()
    {
        var pem = "\uFEFF \r\n\t" + TestKeys.Rsa2048.ExportRSAPrivateKeyPem().Replace("\n", "\r\n", StringComparison.Ordinal) + "\r\n\r\n  ";

        using var key = Load(pem);
        Assert.Equal(2048, key.KeySizeBits);
    }

    [Fact]
    public void Loading_from_file_bytes_works_like_loading_text()
    {
        var loaded = PrivateKeyPem.Load(Encoding.UTF8.GetBytes(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem()));

        Assert.True(loaded.IsOk);
        loaded.Value.Dispose();
    }

    [Fact]
    public void A_loaded_key_signs_and_is_unusable_after_dispose()
    {
        var key = Load(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());
        Assert.NotEmpty(RsaPss.Sign("x", key.Rsa));

        key.Dispose();

        Assert.ThrowsAny<ObjectDisposedException>(() => key.Rsa.SignData([1], HashAlgorithmName.SHA256, RSASignaturePadding.Pss));
    }

    [Fact]
    public void A_1024_bit_key_is_refused_as_too_small()
    {
        using var small = RSA.Create(1024);

        AssertRefused(small.ExportPkcs8PrivateKeyPem(), "KeyTooSmall", "2048");
        AssertRefused(small.ExportRSAPrivateKeyPem(), "KeyTooSmall", "2048");
    }

    [Fact]
    public void An_encrypted_pkcs8_key_is_refused()
    {
        var pem = TestKeys.Rsa2048.ExportEncryptedPkcs8PrivateKeyPem(
            "secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000));

        AssertRefused(pem, "KeyEncrypted", "暗号化");
    }

    [Fact]
    public void A_legacy_openssl_encrypted_pkcs1_key_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("amazonpay-enc-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "key.pem"), TestKeys.Rsa2048.ExportRSAPrivateKeyPem());
            Tool.Run("openssl", directory.FullName, "rsa", "-in", "key.pem", "-traditional", "-aes256", "-passout", "pass:secret", "-out", "enc.pem");
            var pem = File.ReadAllText(Path.Combine(directory.FullName, "enc.pem"));
            Assert.Contains("Proc-Type: 4,ENCRYPTED", pem, StringComparison.Ordinal);

            AssertRefused(pem, "KeyEncrypted", "暗号化");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void An_ec_key_is_refused_as_not_rsa_in_both_pem_shapes()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        AssertRefused(ec.ExportPkcs8PrivateKeyPem(), "KeyNotRsa", "RSA");
        AssertRefused(ec.ExportECPrivateKeyPem(), "KeyNotRsa", "RSA");
    }

    [Fact]
    public void A_certificate_is_refused()
    {
        var request = new CertificateRequest("CN=test", TestKeys.Rsa2048, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        AssertRefused(certificate.ExportCertificatePem(), "KeyIsCertificate", "証明書");
    }

    [Fact]
    public void A_public_key_is_refused_in_both_pem_shapes()
    {
        AssertRefused(TestKeys.Rsa2048.ExportSubjectPublicKeyInfoPem(), "KeyIsPublic", "パブリックキー");
        AssertRefused(TestKeys.Rsa2048.ExportRSAPublicKeyPem(), "KeyIsPublic", "パブリックキー");
    }

    [Fact]
    public void Random_bytes_are_refused_as_not_pem()
    {
        var bytes = new byte[2048];
        new Random(42).NextBytes(bytes);

        var result = PrivateKeyPem.Load(bytes);

        Assert.False(result.IsOk);
        Assert.Equal("KeyNotPem", result.Refusal.Code);
    }

    [Fact]
    public void Binary_der_is_refused_as_not_pem()
    {
        var result = PrivateKeyPem.Load(TestKeys.Rsa2048.ExportPkcs8PrivateKey());

        Assert.Equal("KeyNotPem", result.Refusal?.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \r\n\t ")]
    public void An_empty_file_is_refused(string text)
    {
        AssertRefused(text, "KeyEmpty", "空");
        Assert.Equal("KeyEmpty", PrivateKeyPem.Load(Encoding.UTF8.GetBytes(text)).Refusal?.Code);
    }

    [Fact]
    public void A_truncated_pem_is_refused()
    {
        var pem = TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem();

        AssertRefused(pem[..(pem.Length / 2)], "KeyTruncated", "途中");
    }

    [Fact]
    public void A_pem_with_damaged_content_is_refused_as_malformed()
    {
        var lines = TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem().Split('\n');
        var damaged = string.Join('\n', lines.Take(5).Concat(lines.TakeLast(1)));

        AssertRefused(damaged, "KeyMalformed", "壊れ");
    }

    [Fact]
    public void A_key_followed_by_a_certificate_is_refused()
    {
        var request = new CertificateRequest("CN=test", TestKeys.Rsa2048, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));

        AssertRefused(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem() + "\n" + certificate.ExportCertificatePem(), "KeyExtraContent", "以外");
    }

    [Fact]
    public void Input_over_16_KiB_is_refused_before_parsing()
    {
        var large = TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem() + new string(' ', 16 * 1024);

        AssertRefused(large, "KeyTooLarge", "16KB");
        Assert.Equal("KeyTooLarge", PrivateKeyPem.Load(new byte[16 * 1024 + 1]).Refusal?.Code);
    }

    [Fact]
    public void Refusals_and_the_key_object_never_contain_key_material()
    {
        var pkcs8 = TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem();
        var body = pkcs8.Split('\n')[1];
        var cases = new[]
        {
            pkcs8[..(pkcs8.Length / 2)],
            string.Join('\n', pkcs8.Split('\n').Take(5).Concat(pkcs8.Split('\n').TakeLast(1))),
            pkcs8.Replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", StringComparison.Ordinal),
        };

        foreach (var text in cases)
        {
            var refusal = PrivateKeyPem.Load(text).Refusal!;
            Assert.DoesNotContain(body[..16], refusal.English, StringComparison.Ordinal);
            Assert.DoesNotContain(body[..16], refusal.Japanese, StringComparison.Ordinal);
        }

        using var key = Load(pkcs8);
        Assert.DoesNotContain("PRIVATE", key.ToString(), StringComparison.Ordinal);
        Assert.Contains(key.Fingerprint, key.ToString(), StringComparison.Ordinal);
    }

    private static AmazonPayPrivateKey Load(string pem)
    {
        var result = PrivateKeyPem.Load(pem);
        Assert.True(result.IsOk, result.Refusal?.ToString());
        return result.Value;
    }

    private static void AssertRefused(string text, string code, string japaneseFragment)
    {
        var result = PrivateKeyPem.Load(text);

        Assert.False(result.IsOk);
        Assert.Equal(code, result.Refusal.Code);
        Assert.Contains(japaneseFragment, result.Refusal.Japanese, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(result.Refusal.English));
    }
}

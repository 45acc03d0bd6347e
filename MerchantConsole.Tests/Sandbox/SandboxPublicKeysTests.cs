using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Sandbox;
using MerchantConsole.Tests.Core.AmazonPay;

namespace MerchantConsole.Tests.Sandbox;

/// <summary>The sandbox imports each merchant's public key once and verifies concurrent calls with it.</summary>
public class SandboxPublicKeysTests
{
    private readonly SandboxPublicKeys publicKeys = new(TimeProvider.System);

    [Fact]
    public void The_same_key_is_imported_once_and_another_key_is_its_own()
    {
        using var other = RSA.Create(2048);
        var pem = TestKeys.Rsa2048.ExportSubjectPublicKeyInfoPem();

        var first = publicKeys.Get(pem);
        var second = publicKeys.Get(pem);
        var third = publicKeys.Get(other.ExportSubjectPublicKeyInfoPem());

        Assert.Same(first, second);
        Assert.NotSame(first, third);
        Assert.Equal(2, publicKeys.Count);
        Assert.Equal(other.ExportSubjectPublicKeyInfo(), third.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task One_kept_key_verifies_64_calls_at_once_and_still_refuses_a_wrong_signature()
    {
        var pem = TestKeys.Rsa2048.ExportSubjectPublicKeyInfoPem();
        var messages = Enumerable.Range(0, 64).Select(i => $"AMZN-PAY-RSASSA-PSS-V2\ncall {i}").ToList();
        var signatures = messages.Select(m => RsaPss.Sign(m, TestKeys.Rsa2048, SignatureAlgorithm.V2)).ToList();

        var verified = await Task.WhenAll(messages.Select((m, i) => Task.Run(() => RsaPss.Verify(m, signatures[i], publicKeys.Get(pem), SignatureAlgorithm.V2))));
        var wrong = RsaPss.Verify(messages[0], signatures[1], publicKeys.Get(pem), SignatureAlgorithm.V2);

        Assert.All(verified, Assert.True);
        Assert.False(wrong);
        Assert.Equal(1, publicKeys.Count);
    }
}

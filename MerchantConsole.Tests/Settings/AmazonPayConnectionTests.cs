using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Sandbox;
using MerchantConsole.Settings;
using MerchantConsole.Tests.Core.AmazonPay;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MerchantConsole.Tests.Settings;

/// <summary>The shop's key is read once and kept for the operations that follow, and let go when it changes or idles.</summary>
public class AmazonPayConnectionTests
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 3, 0, 0, TimeSpan.Zero));
    private readonly AmazonPayConnection connection;
    private readonly ConcurrentDictionary<string, string> protectedPems = new();

    public AmazonPayConnectionTests()
    {
        connection = new AmazonPayConnection(
            new EphemeralDataProtectionProvider(), Options.Create(new AmazonPayOptions { Mode = AmazonPayMode.Live }), null!, clock);
    }

    [Fact]
    public void Operations_of_one_shop_sign_with_the_key_read_once()
    {
        var settings = Settings(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());

        var first = connection.Credentials(settings)!;
        var second = connection.Credentials(settings)!;

        Assert.Same(first.Key, second.Key);
        Assert.Equal(1, connection.KeptCount);
        Assert.Equal(TestKeys.Rsa2048.ExportSubjectPublicKeyInfo(), second.Key.Rsa.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public void A_new_key_is_read_afresh_and_the_pending_key_is_its_own()
    {
        using var other = RSA.Create(2048);
        var settings = Settings(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());
        var before = connection.Credentials(settings)!;
        settings.PendingProtectedPrivateKey = connection.Protect(other.ExportPkcs8PrivateKeyPem());

        var pending = connection.Credentials(settings, pending: true)!;
        settings.ProtectedPrivateKey = settings.PendingProtectedPrivateKey;
        var after = connection.Credentials(settings)!;

        Assert.NotSame(before.Key, pending.Key);
        Assert.Equal(other.ExportSubjectPublicKeyInfo(), pending.Key.Rsa.ExportSubjectPublicKeyInfo());
        Assert.Same(pending.Key, after.Key);
    }

    [Fact]
    public void A_key_nobody_used_for_the_idle_lifetime_is_let_go_and_a_used_one_kept()
    {
        using var other = RSA.Create(2048);
        var idle = Settings(other.ExportPkcs8PrivateKeyPem());
        var busy = Settings(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem());
        var idleKey = connection.Credentials(idle)!.Key;
        var busyKey = connection.Credentials(busy)!.Key;

        for (var elapsed = TimeSpan.Zero; elapsed <= AmazonPayConnection.IdleLifetime; elapsed += TimeSpan.FromMinutes(5))
        {
            clock.Advance(TimeSpan.FromMinutes(5));
            Assert.Same(busyKey, connection.Credentials(busy)!.Key);
        }

        // The next key read sweeps: the idle one goes, the busy one stays.
        using var third = RSA.Create(2048);
        connection.Credentials(Settings(third.ExportPkcs8PrivateKeyPem()));

        Assert.Equal(2, connection.KeptCount);
        Assert.Same(busyKey, connection.Credentials(busy)!.Key);
        Assert.NotSame(idleKey, connection.Credentials(idle)!.Key);
    }

    [Fact]
    public void No_key_stored_or_one_that_does_not_read_gives_no_credentials_and_keeps_nothing()
    {
        Assert.Null(connection.Credentials(new ShopAmazonPaySettings { ShopId = "tshop1", PublicKeyId = TestKeys.PublicKeyId }));
        Assert.Null(connection.Credentials(Settings("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")));
        Assert.Equal(0, connection.KeptCount);
    }

    [Fact]
    public async Task One_kept_key_signs_for_many_operations_at_once()
    {
        var messages = Enumerable.Range(0, 64).Select(i => Encoding.UTF8.GetBytes($"capture {i}")).ToArray();

        var signatures = await Task.WhenAll(messages.Select(message => Task.Run(() =>
            connection.Credentials(Settings(TestKeys.Rsa2048.ExportPkcs8PrivateKeyPem()))!.Key.Rsa
                .SignData(message, HashAlgorithmName.SHA256, RSASignaturePadding.Pss))));

        Assert.Equal(1, connection.KeptCount);
        using var verifier = TestKeys.PublicOnly();
        Assert.All(messages.Zip(signatures), pair =>
            Assert.True(verifier.VerifyData(pair.First, pair.Second, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)));
    }

    /// <summary>A shop's stored settings holding this key, protected once per PEM as the settings screen stores it.</summary>
    private ShopAmazonPaySettings Settings(string pem) => new()
    {
        ShopId = "tshop1",
        PublicKeyId = TestKeys.PublicKeyId,
        ProtectedPrivateKey = protectedPems.GetOrAdd(pem, connection.Protect),
    };
}

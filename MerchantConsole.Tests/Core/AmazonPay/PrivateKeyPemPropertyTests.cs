using System.Security.Cryptography;
using System.Text;
using CsCheck;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;
using Xunit.Abstractions;

namespace MerchantConsole.Tests.Core.AmazonPay;

/// <summary>
/// The key loader on generated files: random bytes, and real keys damaged the ways files get damaged (a changed
/// character, a cut, an insertion, a wrong label, a second block, another line ending). Whatever comes in, it
/// answers with a key or one of its own refusals — no exception escapes — and a refusal never quotes the file.
/// </summary>
public class PrivateKeyPemPropertyTests(ITestOutputHelper output)
{
    private const int Iterations = 1500;

    private static readonly HashSet<string> RefusalCodes =
    [
        "KeyEmpty", "KeyTooLarge", "KeyNotPem", "KeyTruncated", "KeyMalformed", "KeyExtraContent",
        "KeyEncrypted", "KeyNotRsa", "KeyIsCertificate", "KeyIsPublic", "KeyTooSmall",
    ];

    private static readonly string[] Labels =
        ["PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY", "PUBLIC KEY", "CERTIFICATE", "OPENSSH PRIVATE KEY", "PRIVATE  KEY", "", "<script>"];

    /// <summary>The labels the refusals quote to help staff pick the right file.</summary>
    private const string NamedByRefusals = "-----BEGIN PRIVATE KEY----- -----BEGIN RSA PRIVATE KEY----- -----END PRIVATE KEY----- -----END RSA PRIVATE KEY-----";

    private static readonly Lazy<string[]> Originals = new(() =>
    {
        using var rsa = RSA.Create(2048);
        using var small = RSA.Create(1024);
        return [rsa.ExportPkcs8PrivateKeyPem(), rsa.ExportRSAPrivateKeyPem(), small.ExportPkcs8PrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem()];
    });

    [Fact]
    public void Random_bytes_are_refused_with_one_of_the_loaders_own_refusals()
    {
        var codes = new Dictionary<string, int>();
        Gen.Byte.Array[0, 2000].Sample(bytes =>
        {
            var refusal = LoadWithoutThrowing(() => PrivateKeyPem.Load(bytes), Encoding.Latin1.GetString(bytes));
            Assert.NotNull(refusal);
            Count(codes, refusal.Code);
        }, iter: Iterations, threads: 1);

        Report("random bytes", codes);
    }

    [Fact]
    public void Damaged_keys_load_as_a_real_key_or_are_refused_and_nothing_else_happens()
    {
        var codes = new Dictionary<string, int>();
        var mutation = Gen.Select(Gen.Int[0, Originals.Value.Length - 1], Gen.Int[0, 8], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.String[0, 40]);
        mutation.Sample((which, kind, at, length, text) =>
        {
            var original = Originals.Value[which];
            var damaged = Damage(original, kind, at, length, text);

            // As uploaded (bytes) and as pasted (text): both ways in are checked.
            LoadWithoutThrowing(() => PrivateKeyPem.Load(Encoding.UTF8.GetBytes(damaged)), damaged);
            var refusal = LoadWithoutThrowing(() => PrivateKeyPem.Load(damaged), damaged);
            if (refusal is null)
            {
                // Accepted: a real key of 2048 bits or more. A corrupted number that still makes a consistent key is
                // caught later by the connection test (a key stays pending until Amazon accepts a signature made with it).
                using var key = PrivateKeyPem.Load(damaged).Value!;
                using var intact = PrivateKeyPem.Load(original).Value;
                Assert.True(key.KeySizeBits >= 2048);
                Count(codes, which == 3 ? "accepted a public key?" : key.Fingerprint == intact?.Fingerprint ? "accepted, the same key" : "accepted, another key");
            }
            else
            {
                Count(codes, refusal.Code);
            }
        }, iter: Iterations, threads: 1);

        Report("damaged keys", codes);
        Assert.DoesNotContain("accepted a public key?", codes.Keys);
    }

    /// <summary>The damage a file can take: the nine kinds below, at a generated place.</summary>
    private static string Damage(string pem, int kind, int at, int length, string text)
    {
        var position = at % (pem.Length + 1);
        var span = Math.Min(length % 64, pem.Length - position);
        return kind switch
        {
            0 => pem[..position] + text + pem[position..],
            1 => pem.Remove(position, span),
            2 => pem[..position],
            3 when position < pem.Length => pem[..position] + (char)((pem[position] + 1 + (length % 60)) % 128) + pem[(position + 1)..],
            4 => pem.Replace(pem.Split('\n')[0][11..^5], Labels[length % Labels.Length], StringComparison.Ordinal),
            5 => pem + pem[..position],
            6 => pem.Replace("\n", length % 2 == 0 ? "\r\n" : "\r", StringComparison.Ordinal),
            7 => "\uFEFF" + text + pem,
            _ => pem.Replace("-----", text.Length == 0 ? "----" : text, StringComparison.Ordinal),
        };
    }

    /// <summary>Loads; any exception fails the test. The refusal must be one of the loader's and must not quote the input.</summary>
    private static Refusal? LoadWithoutThrowing(Func<Checked<AmazonPayPrivateKey>> load, string input)
    {
        Checked<AmazonPayPrivateKey> result;
        try
        {
            result = load();
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"The loader threw {ex.GetType().Name} instead of refusing: {ex.Message}");
        }

        if (result.IsOk)
        {
            result.Value.Dispose();
            return null;
        }

        var refusal = result.Refusal;
        Assert.Contains(refusal.Code, RefusalCodes);
        // Every 12-character piece of the input's lines, except pieces of what the refusals themselves name (the PEM
        // labels): a damaged header such as "RIVATE KEY-----" is still the label, not the buyer's secret.
        foreach (var piece in input.Split('\n', '\r').Where(l => l.Length >= 12).Select(l => l[..12]).Where(p => !NamedByRefusals.Contains(p, StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(piece, refusal.English, StringComparison.Ordinal);
            Assert.DoesNotContain(piece, refusal.Japanese, StringComparison.Ordinal);
        }

        return refusal;
    }

    private static void Count(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    private void Report(string what, Dictionary<string, int> codes) =>
        output.WriteLine($"{what}: {codes.Values.Sum()} — " + string.Join(", ", codes.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {c.Value}")));
}

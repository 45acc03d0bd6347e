using System.Diagnostics;
using System.Security.Cryptography;
using MerchantConsole.Core;
using MerchantConsole.Core.AmazonPay;

namespace MerchantConsole.Tests.Core.AmazonPay;

/// <summary>Keys generated at test time (one 2048-bit pair per run: generation is slow).</summary>
internal static class TestKeys
{
    private static readonly Lazy<RSA> Shared = new(() =>
    {
        var rsa = RSA.Create(2048);
        MerchantConsole.Tests.Support.SecretScan.RegisterPrivateKey(rsa.ExportPkcs8PrivateKeyPem());
        return rsa;
    });

    public static RSA Rsa2048 => Shared.Value;

    public const string PublicKeyId = "SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR";
    public const string UnprefixedPublicKeyId = "AHQ3Q2HLYKWXX7RKGZ5BZOVR";
    public const string StoreId = "amzn1.application-oa2-client.8b5e45312b5248b69eeaa2f0a5d9b3c1";
    public const string MerchantId = "A1B2C3D4E5F6G7";

    public static AmazonPayPrivateKey LoadShared()
    {
        var loaded = PrivateKeyPem.Load(Rsa2048.ExportPkcs8PrivateKeyPem());
        Assert.True(loaded.IsOk, loaded.Refusal?.ToString());
        return loaded.Value;
    }

    public static RSA PublicOnly()
    {
        var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Rsa2048.ExportSubjectPublicKeyInfo(), out _);
        return rsa;
    }
}

/// <summary>A clock stopped at one instant; timers still run on real time, so retry delays elapse.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Runs the independent tools on the machine (openssl, node).</summary>
internal static class Tool
{
    public static (int ExitCode, string Output) Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(30_000), $"{fileName} did not finish");
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>Verifies with <c>openssl dgst</c> (RSASSA-PSS, SHA-256, the given salt length).</summary>
    public static bool OpenSslVerifies(string data, string signatureBase64, string publicKeyPem, int saltLength)
    {
        var directory = Directory.CreateTempSubdirectory("amazonpay-openssl-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "pub.pem"), publicKeyPem);
            File.WriteAllBytes(Path.Combine(directory.FullName, "sig.bin"), Convert.FromBase64String(signatureBase64));
            File.WriteAllBytes(Path.Combine(directory.FullName, "data.txt"), System.Text.Encoding.UTF8.GetBytes(data));
            var (exitCode, output) = Run("openssl", directory.FullName,
                "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", $"rsa_pss_saltlen:{saltLength}",
                "-verify", "pub.pem", "-signature", "sig.bin", "data.txt");
            return exitCode == 0 && output.Contains("Verified OK", StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}

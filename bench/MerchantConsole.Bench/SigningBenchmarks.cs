using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using MerchantConsole.Core.AmazonPay;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;

namespace MerchantConsole.Bench;

/// <summary>
/// One RSA-2048 signature per operation, the unit <c>openssl speed rsa2048</c> counts. The client's
/// path is <see cref="BuiltInRsaPss"/>; the full request signing and BouncyCastle are for comparison.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks : IDisposable
{
    private static readonly DateTimeOffset Now = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private AmazonPayPrivateKey key = null!;
    private AmazonPayCredentials credentials = null!;
    private ApiRequest request = null!;
    private string stringToSign = "";
    private byte[] stringToSignBytes = [];
    private PssSigner bouncyCastle = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var rsa = RSA.Create(2048);
        key = PrivateKeyPem.Load(rsa.ExportPkcs8PrivateKeyPem()).Value!;
        credentials = new AmazonPayCredentials(key, "SANDBOX-AHQ3Q2HLYKWXX7RKGZ5BZOVR", AmazonPayEnvironment.Sandbox);
        request = new ApiRequest(HttpMethod.Post, "charges/S03-1111111-2222222-C333333/capture",
            Encoding.UTF8.GetBytes("{\"captureAmount\":{\"amount\":\"14000\",\"currencyCode\":\"JPY\"}}"), "0f1e2d3c4b5a69788796a5b4c3d2e1f0");
        stringToSign = RequestSigner.Sign(credentials, request, Now).StringToSign;
        stringToSignBytes = Encoding.UTF8.GetBytes(stringToSign);

        var p = key.Rsa.ExportParameters(includePrivateParameters: true);
        bouncyCastle = new PssSigner(new RsaBlindedEngine(), new Sha256Digest(), 32);
        bouncyCastle.Init(true, new RsaPrivateCrtKeyParameters(
            new BigInteger(1, p.Modulus), new BigInteger(1, p.Exponent), new BigInteger(1, p.D), new BigInteger(1, p.P),
            new BigInteger(1, p.Q), new BigInteger(1, p.DP), new BigInteger(1, p.DQ), new BigInteger(1, p.InverseQ)));
    }

    [Benchmark(Baseline = true)]
    public string BuiltInRsaPss() => RsaPss.Sign(stringToSign, key.Rsa);

    [Benchmark]
    public string BuiltInWholeRequest() => RequestSigner.Sign(credentials, request, Now).Authorization;

    [Benchmark]
    public byte[] BouncyCastlePssSigner()
    {
        bouncyCastle.BlockUpdate(stringToSignBytes, 0, stringToSignBytes.Length);
        return bouncyCastle.GenerateSignature();
    }

    [GlobalCleanup]
    public void Dispose()
    {
        key?.Dispose();
        GC.SuppressFinalize(this);
    }
}

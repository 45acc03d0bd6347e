using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using BcPem = Org.BouncyCastle.Utilities.IO.Pem;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>
/// Reads the private-key file a shop downloads from Seller Central. BouncyCastle reads the PEM and
/// ASN.1 so that every shape a file can come in gets a precise refusal; the accepted key is handed
/// to .NET's RSA for signing. Bad input is an expected refusal, returned as a value.
/// </summary>
public static class PrivateKeyPem
{
    public const int MaxInputBytes = 16 * 1024;
    public const int MinKeyBits = 2048;

    public static Checked<AmazonPayPrivateKey> Load(ReadOnlySpan<byte> file)
    {
        if (file.Length > MaxInputBytes)
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.TooLarge);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file);
        }
        catch (DecoderFallbackException)
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.NotPem);
        }

        return Load(text);
    }

    public static Checked<AmazonPayPrivateKey> Load(string text)
    {
        if (Encoding.UTF8.GetByteCount(text) > MaxInputBytes)
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.TooLarge);
        }

        text = text.TrimStart('\uFEFF').Trim();
        if (text.Length == 0)
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.Empty);
        }

        var block = ReadSingleBlock(text);
        if (!block.IsOk)
        {
            return Checked.No<AmazonPayPrivateKey>(block.Refusal);
        }

        var pem = block.Value;
        return pem.Type switch
        {
            "PRIVATE KEY" => FromPkcs8(pem.Content),
            "RSA PRIVATE KEY" when IsLegacyEncrypted(pem) => Checked.No<AmazonPayPrivateKey>(Refusals.Encrypted),
            "RSA PRIVATE KEY" => FromPkcs1(pem.Content),
            "ENCRYPTED PRIVATE KEY" => Checked.No<AmazonPayPrivateKey>(Refusals.Encrypted),
            "EC PRIVATE KEY" or "DSA PRIVATE KEY" or "OPENSSH PRIVATE KEY" => Checked.No<AmazonPayPrivateKey>(Refusals.NotRsa),
            "CERTIFICATE" or "TRUSTED CERTIFICATE" or "X509 CERTIFICATE" or "CERTIFICATE REQUEST" or "NEW CERTIFICATE REQUEST"
                => Checked.No<AmazonPayPrivateKey>(Refusals.Certificate),
            "PUBLIC KEY" or "RSA PUBLIC KEY" => Checked.No<AmazonPayPrivateKey>(Refusals.PublicKey),
            _ => Checked.No<AmazonPayPrivateKey>(Refusals.NotPem),
        };
    }

    private static Checked<BcPem.PemObject> ReadSingleBlock(string text)
    {
        if (!text.StartsWith("-----BEGIN ", StringComparison.Ordinal))
        {
            return Checked.No<BcPem.PemObject>(Refusals.NotPem);
        }

        // A file cut short loses its END line; say so rather than "malformed".
        if (!text.Contains("-----END ", StringComparison.Ordinal))
        {
            return Checked.No<BcPem.PemObject>(Refusals.Truncated);
        }

        try
        {
            using var reader = new StringReader(text);
            var pemReader = new BcPem.PemReader(reader);
            var pem = pemReader.ReadPemObject();
            if (pem is null)
            {
                return Checked.No<BcPem.PemObject>(Refusals.NotPem);
            }

            // One key per file: a second block (a certificate chain, a second key) is ambiguous.
            if (reader.ReadToEnd().Trim().Length > 0)
            {
                return Checked.No<BcPem.PemObject>(Refusals.ExtraContent);
            }

            return Checked.Ok(pem);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            // The exception text can quote the input: drop it.
            return Checked.No<BcPem.PemObject>(Refusals.Malformed);
        }
    }

    private static bool IsLegacyEncrypted(BcPem.PemObject pem) =>
        pem.Headers.Cast<BcPem.PemHeader>().Any(h =>
            string.Equals(h.Name, "Proc-Type", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("ENCRYPTED", StringComparison.OrdinalIgnoreCase));

    private static Checked<AmazonPayPrivateKey> FromPkcs8(byte[] der)
    {
        RsaPrivateKeyStructure rsaKey;
        try
        {
            var info = PrivateKeyInfo.GetInstance(Asn1Object.FromByteArray(der));
            if (!info.PrivateKeyAlgorithm.Algorithm.Equals(PkcsObjectIdentifiers.RsaEncryption))
            {
                return Checked.No<AmazonPayPrivateKey>(Refusals.NotRsa);
            }

            rsaKey = RsaPrivateKeyStructure.GetInstance(info.ParsePrivateKey());
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.Malformed);
        }

        return FromRsaStructure(rsaKey);
    }

    private static Checked<AmazonPayPrivateKey> FromPkcs1(byte[] der)
    {
        RsaPrivateKeyStructure rsaKey;
        try
        {
            rsaKey = RsaPrivateKeyStructure.GetInstance(Asn1Object.FromByteArray(der));
        }
        catch (Exception e) when (IsParseFailure(e))
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.Malformed);
        }

        return FromRsaStructure(rsaKey);
    }

    private static Checked<AmazonPayPrivateKey> FromRsaStructure(RsaPrivateKeyStructure key)
    {
        if (key.Modulus.BitLength < MinKeyBits)
        {
            return Checked.No<AmazonPayPrivateKey>(Refusals.TooSmall);
        }

        var rsa = RSA.Create();
        try
        {
            // .NET re-checks the CRT parameters; a key with inconsistent numbers fails here.
            rsa.ImportRSAPrivateKey(key.GetEncoded(), out _);
            return Checked.Ok(new AmazonPayPrivateKey(rsa));
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            return Checked.No<AmazonPayPrivateKey>(Refusals.Malformed);
        }
    }

    private static bool IsParseFailure(Exception e) =>
        e is IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException;

    private static class Refusals
    {
        public static readonly Refusal Empty = new(
            "KeyEmpty",
            "プライベートキーのファイルが空です。セラーセントラルからダウンロードしたファイルを選択してください。",
            "The private key file is empty. Choose the file downloaded from Seller Central.");

        public static readonly Refusal TooLarge = new(
            "KeyTooLarge",
            "ファイルが大きすぎます（16KBまで）。プライベートキーのファイルを選択してください。",
            "The file is too large (16 KiB at most) to be a private key file.");

        public static readonly Refusal NotPem = new(
            "KeyNotPem",
            "PEM形式のプライベートキーではありません。「-----BEGIN PRIVATE KEY-----」または「-----BEGIN RSA PRIVATE KEY-----」で始まるファイルを選択してください。",
            "This is not a PEM private key. Choose a file starting with -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----.");

        public static readonly Refusal Truncated = new(
            "KeyTruncated",
            "プライベートキーのファイルが途中で切れています（END行がありません）。ファイル全体をアップロードしてください。",
            "The private key file is cut short (its END line is missing). Upload the whole file.");

        public static readonly Refusal Malformed = new(
            "KeyMalformed",
            "プライベートキーの内容が壊れているため読み取れません。セラーセントラルからダウンロードし直してください。",
            "The private key's content is damaged and cannot be read. Download it again from Seller Central.");

        public static readonly Refusal ExtraContent = new(
            "KeyExtraContent",
            "ファイルにプライベートキー以外の内容が含まれています。プライベートキー1つだけのファイルをアップロードしてください。",
            "The file holds more than the private key. Upload a file containing only the private key.");

        public static readonly Refusal Encrypted = new(
            "KeyEncrypted",
            "パスワードで暗号化されたプライベートキーは使用できません。暗号化されていないキーをアップロードしてください。",
            "Password-protected (encrypted) private keys are not supported. Upload the unencrypted key.");

        public static readonly Refusal NotRsa = new(
            "KeyNotRsa",
            "RSA以外のキー（楕円曲線など）は使用できません。Amazon PayのキーはRSAです。",
            "Only RSA keys are supported (this is an elliptic-curve or other key). Amazon Pay keys are RSA.");

        public static readonly Refusal Certificate = new(
            "KeyIsCertificate",
            "これは証明書で、プライベートキーではありません。プライベートキーのファイルを選択してください。",
            "This is a certificate, not a private key. Choose the private key file.");

        public static readonly Refusal PublicKey = new(
            "KeyIsPublic",
            "これはパブリックキーです。対になるプライベートキーのファイルを選択してください。",
            "This is a public key. Choose the matching private key file.");

        public static readonly Refusal TooSmall = new(
            "KeyTooSmall",
            "キーの長さが足りません（2048ビット以上が必要です）。",
            "The key is too short: at least 2048 bits are required.");
    }
}

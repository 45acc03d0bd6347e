using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MerchantConsole.Tests.Support;

/// <summary>One thing the suite saw (a log line or a response) or a secret it made, as written to the scan folder.</summary>
public sealed record ScanRecord(string Kind, string Where, string Text)
{
    public const string Log = "log";
    public const string Response = "response";
    public const string Secret = "secret";
}

public sealed record ScanFinding(string SecretKind, string RecordKind, string Where, string Excerpt);

/// <summary>
/// The suite's secret scan (docs/reliability.md §16). When <c>MC_SECRET_SCAN</c> names a folder, every console the tests
/// start writes its log lines and HTTP responses there, and registers the secrets it held (ShopPass, AccessPass, private
/// keys); test.sh then runs <c>SecretScanTests</c> once more over everything the runs wrote. Unset, nothing is recorded.
/// </summary>
public static partial class SecretScan
{
    public const string FolderVariable = "MC_SECRET_SCAN";

    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static StreamWriter? writer;

    public static string? Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? folder : null;

    public static bool Enabled => Folder is not null;

    public static void Write(ScanRecord record)
    {
        if (Folder is not { } folder)
        {
            return;
        }

        var line = JsonSerializer.Serialize(record, Json);
        lock (Gate)
        {
            if (writer is null)
            {
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, $"records-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
                writer = new StreamWriter(file, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => Flush();
            }

            writer.WriteLine(line);
        }
    }

    public static void Flush()
    {
        lock (Gate)
        {
            writer?.Flush();
        }
    }

    public static void RegisterSecret(string kind, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Write(new ScanRecord(ScanRecord.Secret, kind, value));
        }
    }

    /// <summary>A private key in every form a leak could take: the PEM's base64 lines, its DER in base64, and the private numbers in base64 and hex.</summary>
    public static void RegisterPrivateKey(string? pem)
    {
        foreach (var piece in PrivateKeyPieces(pem))
        {
            RegisterSecret("private key", piece);
        }
    }

    public static IReadOnlyList<string> PrivateKeyPieces(string? pem)
    {
        // A public key's PEM is shown and downloaded legitimately: only private ones are secrets.
        if (pem is null || !pem.Contains("PRIVATE KEY", StringComparison.Ordinal))
        {
            return [];
        }

        var body = new StringBuilder();
        var pieces = new List<string>();
        foreach (var line in pem.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!line.StartsWith("-----", StringComparison.Ordinal))
            {
                body.Append(line);
                pieces.Add(line);
            }
        }

        pieces.Add(body.ToString());
        using var rsa = RSA.Create();
        RSAParameters numbers;
        string[] publicForms;
        try
        {
            rsa.ImportFromPem(pem);
            pieces.AddRange([Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), Convert.ToBase64String(rsa.ExportRSAPrivateKey())]);
            numbers = rsa.ExportParameters(includePrivateParameters: true);
            publicForms = [Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo()), Convert.ToBase64String(rsa.ExportRSAPublicKey())];
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            // Not a whole RSA key (a test's broken one): its lines are all there is to look for.
            return [.. pieces.Where(p => p.Length >= MinimumLength)];
        }

        // The modulus and exponent are public (the Seller Central page shows the public key), so they are not secrets.
        foreach (var number in new[] { numbers.D!, numbers.P!, numbers.Q!, numbers.DP!, numbers.DQ!, numbers.InverseQ! })
        {
            pieces.AddRange([Convert.ToBase64String(number), Convert.ToHexStringLower(number), Convert.ToHexString(number)]);
        }

        // A PEM line that falls inside the modulus can read the same as a line of the public key's PEM: that is no leak.
        return [.. pieces.Where(p => p.Length >= MinimumLength && !publicForms.Any(f => f.Contains(p, StringComparison.Ordinal)))];
    }

    /// <summary>Shorter values are not registered: too likely to occur by chance in a page.</summary>
    public const int MinimumLength = 8;

    /// <summary>
    /// The protocol hands AccessPass to the merchant in exactly two answers (shared/spec/gateway-api.md): EntryTran
    /// and SearchTradeMulti, in either wire form. Everything else, and every other secret anywhere, is a finding.
    /// </summary>
    public static bool IsAllowed(string secretKind, ScanRecord record) =>
        secretKind == "AccessPass" && record.Kind == ScanRecord.Response && AccessPassAnswers().IsMatch(record.Where);

    /// <summary>Reads <paramref name="records"/> twice (the secrets, then the rest), so a folder is streamed, not held.</summary>
    public static (IReadOnlyList<ScanFinding> Findings, int Logs, int Responses, int Secrets) Scan(IEnumerable<ScanRecord> records)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var secret in records.Where(r => r.Kind == ScanRecord.Secret && r.Text.Length >= MinimumLength))
        {
            secrets.TryAdd(secret.Text, secret.Where);
        }

        var findings = new List<ScanFinding>();
        int logs = 0, responses = 0;
        var search = SearchValues.Create([.. secrets.Keys], StringComparison.Ordinal);
        var byStart = secrets.GroupBy(s => s.Key[..MinimumLength], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var record in records.Where(r => r.Kind != ScanRecord.Secret))
        {
            logs += record.Kind == ScanRecord.Log ? 1 : 0;
            responses += record.Kind == ScanRecord.Response ? 1 : 0;
            if (secrets.Count > 0)
            {
                var text = record.Text.AsSpan();
                var offset = 0;
                while (offset < text.Length)
                {
                    var at = text[offset..].IndexOfAny(search);
                    if (at < 0)
                    {
                        break;
                    }

                    at += offset;
                    // Which secret: the longest registered one that starts here.
                    var (value, kind) = (string.Empty, string.Empty);
                    foreach (var secret in byStart[text.Slice(at, MinimumLength).ToString()])
                    {
                        if (secret.Key.Length > value.Length && text[at..].StartsWith(secret.Key, StringComparison.Ordinal))
                        {
                            (value, kind) = (secret.Key, secret.Value);
                        }
                    }

                    if (!IsAllowed(kind, record))
                    {
                        var start = Math.Max(0, at - 40);
                        findings.Add(new ScanFinding(kind, record.Kind, record.Where, record.Text[start..Math.Min(record.Text.Length, at + 8)] + "…"));
                    }

                    offset = at + value.Length;
                }
            }
        }

        return (findings, logs, responses, secrets.Count);
    }

    public static IEnumerable<ScanRecord> ReadFolder(string folder) =>
        Directory.EnumerateFiles(folder, "records-*.jsonl")
            .SelectMany(File.ReadLines)
            .Where(line => line.Length > 0)
            .Select(line => JsonSerializer.Deserialize<ScanRecord>(line, Json)!);

    [GeneratedRegex(@"^POST /payment/(EntryTranAmazonpay|SearchTradeMulti)\.(idPass|json) ")]
    private static partial Regex AccessPassAnswers();
}

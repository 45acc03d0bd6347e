using System.Security.Cryptography;
using MerchantConsole.Tests.Support;
using Xunit.Abstractions;

namespace MerchantConsole.Tests.Hosting;

/// <summary>Runs only as test.sh's last step, which names the folder the suite's runs recorded into.</summary>
public sealed class SecretScanFinalFactAttribute : FactAttribute
{
    public const string Variable = "MC_SECRET_SCAN_FINAL";

    public SecretScanFinalFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"test.sh's last step: set {Variable} to the folder that {SecretScan.FolderVariable} named for the runs";
        }
    }
}

/// <summary>docs/reliability.md §16: no ShopPass, AccessPass or private key in any log line or response of the suite.</summary>
public sealed class SecretScanTests(ITestOutputHelper output)
{
    private static readonly string Key = RsaPem();

    private static string RsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportPkcs8PrivateKeyPem();
    }

    private static List<ScanRecord> Secrets() =>
    [
        .. SecretScan.PrivateKeyPieces(Key).Select(p => new ScanRecord(ScanRecord.Secret, "private key", p)),
        new(ScanRecord.Secret, "ShopPass", "ShopPassForTheScan01"),
        new(ScanRecord.Secret, "AccessPass", "0123456789abcdef0123456789abcdef"),
    ];

    [Fact]
    public void Any_piece_of_a_private_key_in_a_log_line_or_response_is_a_finding()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(Key);
        var numbers = rsa.ExportParameters(true);
        var pemLine = Key.Split('\n')[3];
        var records = Secrets().Concat([
            new ScanRecord(ScanRecord.Log, "Warning Test", "loaded key " + pemLine),
            new ScanRecord(ScanRecord.Response, "GET /settings 200", "<p>d=" + Convert.ToHexStringLower(numbers.D!) + "</p>"),
            new ScanRecord(ScanRecord.Response, "GET /settings 200", "prime " + Convert.ToBase64String(numbers.P!)),
            new ScanRecord(ScanRecord.Log, "Information Test", "public key " + rsa.ExportSubjectPublicKeyInfoPem()),
        ]);

        var (findings, logs, responses, _) = SecretScan.Scan(records);

        Assert.Equal((2, 2), (logs, responses));
        Assert.Equal(["GET /settings 200", "GET /settings 200", "Warning Test"], findings.Select(f => f.Where).Order());
        Assert.All(findings, f => Assert.Equal("private key", f.SecretKind));
    }

    [Fact]
    public void AccessPass_may_appear_only_in_the_EntryTran_and_SearchTradeMulti_answers_and_ShopPass_nowhere()
    {
        const string accessPass = "0123456789abcdef0123456789abcdef";
        var records = Secrets().Concat([
            new ScanRecord(ScanRecord.Response, "POST /payment/EntryTranAmazonpay.idPass 200", "AccessID=x&AccessPass=" + accessPass),
            new ScanRecord(ScanRecord.Response, "POST /payment/SearchTradeMulti.json 200", "{\"accessPass\":\"" + accessPass + "\"}"),
            new ScanRecord(ScanRecord.Response, "POST /payment/AmazonpaySales.idPass 200", "AccessPass=" + accessPass),
            new ScanRecord(ScanRecord.Log, "Information Gateway", "EntryTran answered " + accessPass),
            new ScanRecord(ScanRecord.Response, "POST /payment/EntryTranAmazonpay.idPass 400", "ShopPass=ShopPassForTheScan01"),
        ]);

        var (findings, _, _, _) = SecretScan.Scan(records);

        Assert.Equal(
            ["AccessPass Information Gateway", "AccessPass POST /payment/AmazonpaySales.idPass 200", "ShopPass POST /payment/EntryTranAmazonpay.idPass 400"],
            findings.Select(f => $"{f.SecretKind} {f.Where}").Order());
    }

    [SecretScanFinalFact]
    public void No_log_line_or_response_of_the_suite_holds_a_ShopPass_AccessPass_or_private_key()
    {
        var folder = Environment.GetEnvironmentVariable(SecretScanFinalFactAttribute.Variable)!;
        var records = SecretScan.ReadFolder(folder);

        var (findings, logs, responses, secrets) = SecretScan.Scan(records);

        var unreadRecords = records.Where(r => r.Kind == "unread").ToList();
        var unread = unreadRecords.Count;
        var summary = $"secret scan: {logs} log lines and {responses} responses scanned against {secrets} registered secrets; "
            + $"{findings.Count} findings; {unread} reads that failed (a test console's database, or stored values it could not unprotect)";
        File.WriteAllText(Path.Combine(folder, "summary.txt"), summary + Environment.NewLine
            + string.Join(Environment.NewLine, findings.Take(50).Select(f => $"{f.SecretKind} in {f.RecordKind} {f.Where}: {f.Excerpt}")
                .Concat(unreadRecords.Take(20).Select(r => $"not read: {Path.GetFileName(r.Where)}: {r.Text[..Math.Min(r.Text.Length, 300)]}"))));
        output.WriteLine(summary);
        Assert.True(logs > 0 && responses > 0 && secrets > 0, "the runs recorded nothing: " + summary);
        Assert.Empty(findings);

        // A console whose stored secrets could not be read leaves them out of the scan: what it logged was never checked
        // against them. Each such line names the test that started the console.
        Assert.True(unread == 0, summary + Environment.NewLine + string.Join(Environment.NewLine, unreadRecords.Take(5).Select(r => r.Text)));
    }
}

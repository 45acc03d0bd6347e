using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MerchantConsole.E2E;

/// <summary>
/// The browser journeys' part of the suite's secret scan (docs/reliability.md §16): each console process's output lines
/// and the secrets the journeys hand it, written where <c>MC_SECRET_SCAN</c> says, in the records format that
/// MerchantConsole.Tests' <c>SecretScan</c> reads. Unset, nothing is written.
/// </summary>
internal static class SecretScanLog
{
    private static readonly Lock Gate = new();
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static StreamWriter? writer;

    private static string? Folder => Environment.GetEnvironmentVariable("MC_SECRET_SCAN") is { Length: > 0 } folder ? folder : null;

    public static void LogLine(string where, string line) => Write("log", where, line);

    public static void Secret(string kind, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            Write("secret", kind, value);
        }
    }

    private static void Write(string kind, string where, string text)
    {
        if (Folder is not { } folder)
        {
            return;
        }

        var line = JsonSerializer.Serialize(new { Kind = kind, Where = where, Text = text }, Json);
        lock (Gate)
        {
            if (writer is null)
            {
                Directory.CreateDirectory(folder);
                writer = new StreamWriter(Path.Combine(folder, $"records-e2e-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl"), append: false, new UTF8Encoding(false))
                {
                    AutoFlush = true,
                };
            }

            writer.WriteLine(line);
        }
    }
}

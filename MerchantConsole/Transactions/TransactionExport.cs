using System.Buffers;
using System.Globalization;
using System.Text;
using MerchantConsole.Api;
using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

/// <summary>
/// The grid's current filter as CSV, streamed row by row from the database to the response: a million rows never
/// sit in memory. UTF-8 with BOM by default (Excel opens it correctly), Windows-31J on request for older Excel.
/// Cells that a spreadsheet would run as a formula are neutralised.
/// </summary>
public static class TransactionExport
{
    public const string Path = "/transactions/export.csv";

    private static readonly string[] Header =
    [
        "OrderID", "CreatedAt(JST)", "Status", "StatusLabel", "PaymentType", "JobCd", "Amount", "Tax",
        "Captured", "Refunded", "PartialRefunds", "CaptureDeadline(JST)", "AccessID", "AmazonChargePermissionID", "AmazonChargeID", "Description",
    ];

    public static void MapTransactionExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, ExportAsync).RequireAuthorization(Policies.ViewShop);

    // Internal for bench/ (the export benchmark drives this very handler with a discarding response body).
    internal static async Task ExportAsync(
        HttpContext http, IDbContextFactory<ApplicationDbContext> dbFactory, TransactionDirectory directory, ExportProgress progress)
    {
        var cancellationToken = http.RequestAborted;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var actor = ActorRef.From(http.User);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        if (shopId is null)
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        var filter = TransactionFilter.Parse(http.Request.QueryString.Value ?? "");
        var shiftJis = http.Request.Query["encoding"] == "sjis";
        var encoding = shiftJis ? Windows31J.Lenient : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        var fileName = $"transactions-{shopId}-{DateTimeOffset.UtcNow.ToJst():yyyyMMdd-HHmmss}.csv";
        http.Response.ContentType = $"text/csv; charset={(shiftJis ? Windows31J.CharsetName : "utf-8")}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";

        await using var writer = new StreamWriter(http.Response.Body, encoding, bufferSize: 64 * 1024);
        await writer.WriteAsync(Line(Header));
        var rows = directory.Filtered(db, shopId, filter).OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id)
            .Select(t => new
            {
                t.OrderId,
                t.CreatedAt,
                t.State,
                t.PaymentType,
                t.JobCd,
                t.Amount,
                t.Tax,
                t.CapturedAmount,
                t.CapturedTax,
                t.CancelledAmount,
                t.CancelledTax,
                t.PartialRefunds,
                t.CaptureDeadline,
                t.AccessId,
                t.ChargePermissionId,
                t.ChargeId,
                t.Description,
            })
            .AsAsyncEnumerable();
        // The page knows the filter's count from its grid; it reads how many rows went out under the ID it chose.
        var progressId = http.Request.Query[ExportProgress.QueryName].ToString();
        long written = 0;
        progress.Report(actor.Id, progressId, written);

        // Rows go into one buffer, handed to the writer some 32 KB at a time: a string, an array and an asynchronous
        // write per row took a third of the export's time (docs/benchmarks.md compares it with sqlite3's own CSV).
        var buffer = new StringBuilder(FlushAt + 4096);
        try
        {
            await foreach (var t in rows.WithCancellation(cancellationToken))
            {
                AppendLine(buffer,
                [
                    t.OrderId,
                    Jst.Sortable(t.CreatedAt),
                    t.State.Code(),
                    t.State.Japanese(),
                    t.PaymentType.ToString(),
                    t.PaymentType == PaymentType.RegistrationOnly ? "" : t.JobCd.Code(),
                    Number(t.Amount),
                    Number(t.Tax),
                    Number(t.CapturedAmount + t.CapturedTax),
                    Number(t.CancelledAmount + t.CancelledTax),
                    Number(t.PartialRefunds),
                    t.CaptureDeadline is { } deadline ? Jst.Sortable(deadline) : "",
                    t.AccessId,
                    t.ChargePermissionId ?? "",
                    t.ChargeId ?? "",
                    t.Description ?? "",
                ]);
                if (buffer.Length >= FlushAt)
                {
                    await writer.WriteAsync(buffer, cancellationToken);
                    buffer.Clear();
                }

                if (++written % ExportProgress.Step == 0)
                {
                    progress.Report(actor.Id, progressId, written);
                }
            }

            await writer.WriteAsync(buffer, cancellationToken);
            await writer.FlushAsync(cancellationToken);
            progress.Report(actor.Id, progressId, written, finished: true);
        }
        catch (Exception)
        {
            progress.Report(actor.Id, progressId, written, failed: true);
            throw;
        }
    }

    private const int FlushAt = 32 * 1024;

    /// <summary>What a spreadsheet may run as a formula at the start of a cell (the full-width signs too: Japanese Excel can take them for ASCII).</summary>
    private static readonly SearchValues<char> FormulaStart = SearchValues.Create("=+-@\t\r＝＋－＠");

    private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(",\"\r\n");

    internal static string Line(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    /// <summary>The same line as <see cref="Line"/>, appended: most cells need neither quotes nor neutralising and are copied as they are.</summary>
    private static void AppendLine(StringBuilder line, params ReadOnlySpan<string> cells)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var value = cells[i];
            if ((value.Length > 0 && FormulaStart.Contains(value[0])) || value.AsSpan().ContainsAny(NeedQuotes))
            {
                line.Append(Cell(value));
            }
            else
            {
                line.Append(value);
            }
        }

        line.Append("\r\n");
    }

    /// <summary>
    /// RFC 4180 quoting, and OWASP's advice against CSV injection: a cell starting with = + - @ tab or CR is
    /// prefixed with an apostrophe so a spreadsheet shows it instead of running it. The full-width ＝ ＋ － ＠ are
    /// treated the same: Japanese Excel can take them for the ASCII signs.
    /// </summary>
    internal static string Cell(string value)
    {
        if (value.Length > 0 && FormulaStart.Contains(value[0]))
        {
            value = "'" + value;
        }

        return value.AsSpan().ContainsAny(NeedQuotes) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

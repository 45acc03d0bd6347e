using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MerchantConsole.E2E;

/// <summary>
/// The grid's CSV export as staff use it: filter the grid, press the export buttons, open the files. Both hold exactly the
/// rows the grid shows for that filter, in its order and with its values: UTF-8 with a BOM by default, and Shift_JIS
/// (Windows-31J, no BOM) for older Excel.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class ExportJourneys(Browser browser) : IAsyncLifetime
{
    private const string ShopId = "e2eexport";
    private const string ShopPass = "E2eExportShopPass01";
    private const string OwnerEmail = "owner@example.test";
    private const string OwnerPassword = "owner passphrase for e2e";
    private ConsoleServer server = null!;
    private readonly string folder = Directory.CreateTempSubdirectory("mc-e2e-export-").FullName;

    static ExportJourneys() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public async Task InitializeAsync() => server = await ConsoleServer.StartAsync(new Dictionary<string, string>
    {
        ["Bootstrap:ShopId"] = ShopId,
        ["Bootstrap:ShopName"] = "E2E帳票商店",
        ["Bootstrap:OwnerEmail"] = OwnerEmail,
        ["Bootstrap:OwnerPassword"] = OwnerPassword,
        ["Bootstrap:ShopPass"] = ShopPass,
    });

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task The_CSV_of_a_filtered_grid_holds_exactly_its_rows_in_UTF8_with_BOM_and_in_Shift_JIS()
    {
        await using var context = await browser.NewContextAsync(server.Address);
        var page = await context.NewPageAsync();
        var seller = await page.SetUpSandboxShopAsync(OwnerEmail, OwnerPassword, folder);
        using (var orders = new SandboxOrders(server.Address, ShopId, ShopPass, seller))
        {
            // The filter below is "JobCd AUTH, amount + tax from ¥2,000": A is ¥1 short, B is exactly on it, E is an immediate capture.
            await orders.PayAsync("EXP-A", 1800, 180);
            await orders.PayAsync("EXP-B", 1800, 200, description: "手ぬぐい, 藍");
            await orders.PayAsync("EXP-C", 4000, 400);
            await orders.PayAsync("EXP-D", 9000, 900, description: "ご注文ありがとうございます");
            await orders.PayAsync("EXP-E", 5000, 500, jobCd: "CAPTURE");
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "取引一覧" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "EXP-E" })).ToBeVisibleAsync();
        var jobCd = page.GetByRole(AriaRole.Combobox, new() { Name = "JobCd", Exact = true });
        await jobCd.ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "AUTH 仮売上" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await page.GetByLabel("金額(から)").FillAsync("2000");
        await page.GetByRole(AriaRole.Button, new() { Name = "絞り込む" }).ClickAsync();
        await page.WaitForURLAsync("**/transactions?job=AUTH&min=2000");

        var rows = page.Locator(".transactions-grid tbody").GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator("[data-state]") });
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        var grid = await GridRowsAsync(page, rows);
        Assert.Equal(["EXP-D", "EXP-C", "EXP-B"], grid.Select(r => r.OrderId));

        var utf8Download = await page.RunAndWaitForDownloadAsync(() => ExportButton(page, "CSV出力(UTF-8)").ClickAsync());
        var sjisDownload = await page.RunAndWaitForDownloadAsync(() => ExportButton(page, "CSV出力(Shift_JIS・Excel向け)").ClickAsync());
        // The download URLs carry the grid's filter, and each click its own progress id the page watches.
        var utf8Url = Regex.Match(utf8Download.Url, "/transactions/export\\.csv\\?job=AUTH&min=2000&progress=([0-9a-f]{32})$");
        var sjisUrl = Regex.Match(sjisDownload.Url, "/transactions/export\\.csv\\?job=AUTH&min=2000&progress=([0-9a-f]{32})&encoding=sjis$");
        Assert.True(utf8Url.Success, utf8Download.Url);
        Assert.True(sjisUrl.Success, sjisDownload.Url);
        Assert.NotEqual(utf8Url.Groups[1].Value, sjisUrl.Groups[1].Value);
        await Assertions.Expect(page.GetByTestId("export-progress")).ToContainTextAsync("CSV出力完了: 3 行");
        Assert.Matches($@"^transactions-{ShopId}-\d{{8}}-\d{{6}}\.csv$", utf8Download.SuggestedFilename);
        var utf8 = await File.ReadAllBytesAsync((await utf8Download.PathAsync())!);
        var sjis = await File.ReadAllBytesAsync((await sjisDownload.PathAsync())!);

        // UTF-8 with its BOM, and nothing the strict decoder refuses.
        Assert.Equal([0xEF, 0xBB, 0xBF], utf8[..3]);
        var utf8Text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(utf8[3..]);
        // Shift_JIS: no BOM, Japanese in its two-byte form (仮売上 = 89 BC 94 84 8F E3), not UTF-8 at all.
        Assert.NotEqual([0xEF, 0xBB, 0xBF], sjis[..3]);
        Assert.True(sjis.AsSpan().IndexOf(Encoding.GetEncoding(932).GetBytes("仮売上")) >= 0, "仮売上 is not in Shift_JIS in the second file");
        Assert.ThrowsAny<DecoderFallbackException>(() => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(sjis));
        var sjisText = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(sjis);
        Assert.Equal(utf8Text, sjisText);

        var csv = Csv.Parse(utf8Text);
        var header = csv[0];
        Assert.Equal(["OrderID", "CreatedAt(JST)", "Status", "StatusLabel", "PaymentType", "JobCd", "Amount", "Tax"], header.Take(8));
        var lines = csv.Skip(1).Select(cells => header.Zip(cells).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(grid.Select(r => r.OrderId), lines.Select(l => l["OrderID"]));
        foreach (var (row, line) in grid.Zip(lines))
        {
            Assert.Equal(row.State, line["Status"]);
            Assert.Equal("仮売上", line["StatusLabel"]);
            Assert.Equal(row.Amount, long.Parse(line["Amount"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(row.Tax, long.Parse(line["Tax"], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(row.CreatedAt, JstText.Parse(line["CreatedAt(JST)"]));
        }

        Assert.Equal("手ぬぐい, 藍", lines.Single(l => l["OrderID"] == "EXP-B")["Description"]);
        Assert.Contains("\"手ぬぐい, 藍\"", utf8Text, StringComparison.Ordinal);
        Assert.Equal("ご注文ありがとうございます", lines.Single(l => l["OrderID"] == "EXP-D")["Description"]);
    }

    private sealed record GridRow(string OrderId, string State, long Amount, long Tax, DateTimeOffset CreatedAt);

    /// <summary>What the grid shows, read by column title.</summary>
    private static async Task<IReadOnlyList<GridRow>> GridRowsAsync(IPage page, ILocator rows)
    {
        var titles = (await page.Locator(".transactions-grid thead").GetByRole(AriaRole.Columnheader).AllTextContentsAsync()).Select(t => t.Trim()).ToList();
        int Column(string title)
        {
            var index = titles.IndexOf(title);
            Assert.True(index >= 0, $"no column {title} in {string.Join(" | ", titles)}");
            return index;
        }

        var result = new List<GridRow>();
        for (var i = 0; i < await rows.CountAsync(); i++)
        {
            var row = rows.Nth(i);
            var cells = (await row.GetByRole(AriaRole.Cell).AllTextContentsAsync()).Select(t => t.Trim()).ToList();
            result.Add(new GridRow(
                cells[Column("オーダーID")],
                (await row.Locator("[data-state]").GetAttributeAsync("data-state"))!,
                Yen(cells[Column("利用金額")]),
                Yen(cells[Column("税送料")]),
                JstText.Parse(cells[Column("登録日時(日本時間)")])));
        }

        return result;
    }

    private static long Yen(string text)
    {
        Assert.StartsWith("¥", text, StringComparison.Ordinal);
        return long.Parse(text[1..].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The export buttons are links with a download attribute.</summary>
    private static ILocator ExportButton(IPage page, string name) => page.Locator("a[download]", new() { HasText = name });
}

/// <summary>RFC 4180 as the export writes it: CRLF lines, quoted cells with doubled quotes.</summary>
internal static class Csv
{
    public static IReadOnlyList<IReadOnlyList<string>> Parse(string text)
    {
        var rows = new List<IReadOnlyList<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"')
                {
                    cell.Append(c);
                }
                else if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                cell.Append(c);
            }
        }

        Assert.True(cell.Length == 0 && row.Count == 0 && !quoted, "the CSV does not end with CRLF");
        return rows;
    }
}

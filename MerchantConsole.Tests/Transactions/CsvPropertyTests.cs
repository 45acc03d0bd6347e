using System.Text;
using CsCheck;
using MerchantConsole.Transactions;

namespace MerchantConsole.Tests.Transactions;

/// <summary>
/// The CSV export's cells on generated text: read back by an RFC 4180 reader written here, every line has its cells,
/// every cell is the text as stored or — when a spreadsheet would run it — the text behind an apostrophe, and no
/// cell a spreadsheet reads starts a formula.
/// </summary>
public class CsvPropertyTests
{
    private const int Iterations = 3000;

    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

    private static readonly Gen<string> CellText = Gen.Frequency(
        (3, (IGen<string>)Gen.String[0, 30]),
        (3, Gen.Select(Gen.OneOf(FormulaStarts), Gen.Char["abc019,\"\r\n'|!()= "].Array[0, 20]).Select((start, rest) => start + new string(rest))),
        (1, Gen.OneOf("=cmd|' /C calc'!A0", "=HYPERLINK(\"http://evil.example\",\"x\")", "@SUM(1+1)*cmd|' /C calc'!A0", "\"=1\"", "'=1", " =1", "")));

    [Fact]
    public void Every_cell_reads_back_as_its_text_and_none_starts_a_formula()
    {
        Gen.Select(CellText, CellText, CellText).Sample((a, b, c) =>
        {
            var line = TransactionExport.Line([a, b, c]);

            var cells = Read(line);

            Assert.Equal(3, cells.Count);
            foreach (var (cell, text) in cells.Zip([a, b, c]))
            {
                var neutralised = text.Length > 0 && FormulaStarts.Contains(text[0]);
                Assert.Equal(neutralised ? "'" + text : text, cell);
                Assert.False(cell.Length > 0 && FormulaStarts.Contains(cell[0]), $"A formula survives: {cell}");
            }
        }, iter: Iterations, threads: 1);
    }

    /// <summary>One CSV line (ending in CRLF) by RFC 4180: quoted cells may hold commas, quotes (doubled) and line breaks.</summary>
    private static List<string> Read(string line)
    {
        Assert.EndsWith("\r\n", line, StringComparison.Ordinal);
        var cells = new List<string>();
        var cell = new StringBuilder();
        var i = 0;
        var body = line[..^2];
        while (true)
        {
            if (i < body.Length && body[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < body.Length, "An unterminated quoted cell: " + line);
                    if (body[i] == '"')
                    {
                        if (i + 1 < body.Length && body[i + 1] == '"')
                        {
                            cell.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    cell.Append(body[i++]);
                }
            }
            else
            {
                while (i < body.Length && body[i] != ',')
                {
                    Assert.True(body[i] is not ('"' or '\r' or '\n'), "A bare quote or line break outside quotes: " + line);
                    cell.Append(body[i++]);
                }
            }

            cells.Add(cell.ToString());
            cell.Clear();
            if (i == body.Length)
            {
                return cells;
            }

            Assert.Equal(',', body[i]);
            i++;
        }
    }
}

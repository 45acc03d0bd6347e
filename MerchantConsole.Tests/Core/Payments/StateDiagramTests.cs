using MerchantConsole.Core.Payments;

namespace MerchantConsole.Tests.Core.Payments;

/// <summary>docs/state-diagrams.md is generated from the table; this test keeps the two from drifting.</summary>
public class StateDiagramTests
{
    [Fact]
    public void The_committed_diagrams_match_a_fresh_generation()
    {
        var path = Path.Combine(RepositoryRoot(), StateDiagram.DocumentPath);
        var fresh = StateDiagram.Document();

        // UPDATE_DIAGRAMS=1 regenerates the file instead of comparing (documented at its top).
        if (Environment.GetEnvironmentVariable("UPDATE_DIAGRAMS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, fresh);
            return;
        }

        Assert.True(File.Exists(path), $"{path} is missing; run the tests once with UPDATE_DIAGRAMS=1.");
        Assert.Equal(fresh, File.ReadAllText(path).ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(PaymentType.OneTime, "AUTH --> SALES : 実売上 Capture, confirmed")]
    [InlineData(PaymentType.OneTime, "AUTHPROCESS --> REQCAPTURE : お客様のAmazon Payでの支払い・利用承諾 CustomerResult, pending, JobCd CAPTURE")]
    [InlineData(PaymentType.RegistrationWithFirstPayment, "REQRETURN --> SALES : 同期処理 Sync, confirmed, money remains, back to the state before")]
    [InlineData(PaymentType.RegistrationOnly, "REGISTER --> END : 利用承諾終了 EndRegistration, confirmed")]
    [InlineData(PaymentType.Recurring, "UNPROCESSED --> AUTH : 決済実行 ExecTran, confirmed, JobCd AUTH")]
    [InlineData(PaymentType.Recurring, "RETURN --> [*]")]
    public void Each_diagram_draws_the_rows_of_its_table(PaymentType type, string edge)
    {
        Assert.Contains("    " + edge + "\n", StateDiagram.ToMermaid(type), StringComparison.Ordinal);
    }

    [Fact]
    public void A_recurring_diagram_has_no_redirect_to_Amazon()
    {
        var diagram = StateDiagram.ToMermaid(PaymentType.Recurring);

        Assert.DoesNotContain("AUTHPROCESS", diagram, StringComparison.Ordinal);
        Assert.DoesNotContain("REQSUCCESS", diagram, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Flow.Payment, new[] { TransactionState.Cancel, TransactionState.Return, TransactionState.PayFail })]
    [InlineData(Flow.Recurring, new[] { TransactionState.Cancel, TransactionState.Return, TransactionState.PayFail })]
    [InlineData(Flow.Registration, new[] { TransactionState.End, TransactionState.PayFail })]
    public void The_final_states_are_those_the_spec_leaves_without_a_way_out(Flow flow, TransactionState[] expected)
    {
        Assert.Equal(expected, StateDiagram.FinalStates(flow));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MerchantConsole.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No MerchantConsole.sln above {AppContext.BaseDirectory}.");
    }
}

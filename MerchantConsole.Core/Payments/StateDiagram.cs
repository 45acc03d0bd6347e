using System.Globalization;
using System.Text;

namespace MerchantConsole.Core.Payments;

/// <summary>
/// Mermaid state diagrams drawn from <see cref="TransitionTable"/>, one per payment type, so the
/// picture in docs/state-diagrams.md can never drift from the rows the code runs on.
/// </summary>
public static class StateDiagram
{
    public const string DocumentPath = "docs/state-diagrams.md";

    /// <summary>One edge per table row; failures that leave the state as it was show as self-loops.</summary>
    public static string ToMermaid(PaymentType type)
    {
        var flow = type.Flow();
        var rows = TransitionTable.Rows(flow);
        var text = new StringBuilder();
        text.Append("stateDiagram-v2\n");

        foreach (var state in Enum.GetValues<TransactionState>().Where(TransitionTable.ReachableStates(flow).Contains))
        {
            text.Append(CultureInfo.InvariantCulture, $"    {state.Code()} : {state.Code()} {state.Japanese()}\n");
        }

        foreach (var row in rows)
        {
            var from = row.From?.Code() ?? "[*]";
            var targets = row.To.IsPrevious ? TransitionTable.RefundableStates : [row.To.State!.Value];
            foreach (var to in targets)
            {
                text.Append(CultureInfo.InvariantCulture, $"    {from} --> {to.Code()} : {Label(row)}\n");
            }
        }

        foreach (var final in FinalStates(flow))
        {
            text.Append(CultureInfo.InvariantCulture, $"    {final.Code()} --> [*]\n");
        }

        return text.ToString();
    }

    /// <summary>The whole of docs/state-diagrams.md.</summary>
    public static string Document()
    {
        var text = new StringBuilder();
        text.Append("<!-- Generated from MerchantConsole.Core/Payments/TransitionTable.cs by StateDiagram.Document(); do not edit.\n");
        text.Append("     After changing the table, regenerate with:\n");
        text.Append("     UPDATE_DIAGRAMS=1 dotnet test MerchantConsole.Tests --filter \"FullyQualifiedName~StateDiagramTests\"\n");
        text.Append("     Without UPDATE_DIAGRAMS the test fails while this file differs from a fresh generation. -->\n\n");
        text.Append("# Transaction state diagrams\n\n");
        text.Append("Drawn from the transition table (`shared/spec/amazon-pay.md`, 取引状態遷移, and its interpretations).\n");
        text.Append("Each edge is one row: the operation, then the outcome Amazon or the sync reports");
        text.Append(" (confirmed, pending, failed) and, where several rows share it, the condition that picks the row.\n");

        foreach (var type in Enum.GetValues<PaymentType>())
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {type.Japanese()} — {type.English()}\n\n");
            text.Append(Note(type));
            text.Append("```mermaid\n");
            text.Append(ToMermaid(type));
            text.Append("```\n");
        }

        return text.ToString();
    }

    /// <summary>States the flow reaches and cannot leave.</summary>
    public static IReadOnlyList<TransactionState> FinalStates(Flow flow) =>
        Enum.GetValues<TransactionState>()
            .Where(state => TransitionTable.ReachableStates(flow).Contains(state))
            .Where(state => !TransitionTable.Rows(flow).Any(row => row.From == state))
            .ToList();

    private static string Note(PaymentType type) => type switch
    {
        PaymentType.RegistrationWithFirstPayment =>
            "The first payment follows the one-time table. The permission it grants is its own record " +
            "(interpretation 4) and follows the registration-only table from REGISTER.\n\n",
        PaymentType.RegistrationOnly =>
            "Also the table of every permission. 随時決済 from REGISTER starts a new recurring transaction.\n\n",
        _ => "",
    };

    private static string Label(Transition row)
    {
        var label = $"{row.Operation.Japanese()} {row.Operation}, {row.Outcome.ToString().ToLowerInvariant()}";
        label += row.Condition switch
        {
            Condition.JobCdAuth => ", JobCd AUTH",
            Condition.JobCdCapture => ", JobCd CAPTURE",
            Condition.MoneyRemains => ", money remains",
            Condition.NothingRemains => ", nothing remains",
            _ => "",
        };
        return row.To.IsPrevious ? label + ", back to the state before" : label;
    }
}

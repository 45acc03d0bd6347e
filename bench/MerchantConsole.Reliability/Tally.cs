using System.Collections.Concurrent;

namespace MerchantConsole.Reliability;

/// <summary>What the merchant saw: every operation by API and outcome, and every failure with its order.</summary>
public sealed class Tally
{
    private int total;

    public ConcurrentDictionary<string, int> Succeeded { get; } = new();

    public ConcurrentDictionary<string, int> Failed { get; } = new();

    public ConcurrentBag<(string OrderId, Answer Answer)> Failures { get; } = [];

    /// <summary>Orders whose capture the merchant was told is done (SALES/CAPTURE, not REQSALES), with the captured total.</summary>
    public ConcurrentDictionary<string, long> ConfirmedCaptures { get; } = new();

    public int Total => Volatile.Read(ref total);

    public Answer Count(string orderId, Answer answer)
    {
        Interlocked.Increment(ref total);
        if (answer.Ok)
        {
            Succeeded.AddOrUpdate(answer.Api, 1, (_, n) => n + 1);
        }
        else
        {
            var kind = answer.NoAnswer is null ? answer.Api : $"{answer.Api} (no answer: {answer.NoAnswer})";
            Failed.AddOrUpdate(kind, 1, (_, n) => n + 1);
            Failures.Add((orderId, answer));
        }

        return answer;
    }
}

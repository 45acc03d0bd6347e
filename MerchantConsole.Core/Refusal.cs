namespace MerchantConsole.Core;

/// <summary>
/// Why something was refused — input (a key file, an ID, a button setting) or an operation (a rule of the
/// manual): a stable <see cref="Code"/> for programs, the API's error mapping and logs; messages for people in
/// both languages the console speaks; and, for rules, the rule's numbers (limits, amounts, counts) and
/// deadline so callers can show them without parsing the text. Messages are fixed texts that never quote the
/// input back, because the input may be a private key.
/// </summary>
public sealed record Refusal(string Code, string Japanese, string English)
{
    public Refusal(string code, string japanese, string english, IReadOnlyDictionary<string, long> numbers, DateTimeOffset? deadline = null)
        : this(code, japanese, english)
    {
        Numbers = numbers;
        Deadline = deadline;
    }

    public IReadOnlyDictionary<string, long> Numbers { get; init; } = new Dictionary<string, long>();

    public DateTimeOffset? Deadline { get; init; }

    public override string ToString() => $"{Code}: {English}";
}

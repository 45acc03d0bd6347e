using System.Diagnostics.CodeAnalysis;

namespace MerchantConsole.Core.AmazonPay;

/// <summary>A value that passed its checks, or the reason it did not.</summary>
public sealed class Checked<T>
{
    internal Checked(T? value, Refusal? refusal)
    {
        Value = value;
        Refusal = refusal;
    }

    public T? Value { get; }

    public Refusal? Refusal { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Refusal))]
    public bool IsOk => Refusal is null;
}

public static class Checked
{
    public static Checked<T> Ok<T>(T value) => new(value, null);

    public static Checked<T> No<T>(Refusal refusal) => new(default, refusal);
}

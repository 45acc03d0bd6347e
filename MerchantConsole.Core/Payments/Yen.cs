using System.Globalization;

namespace MerchantConsole.Core.Payments;

/// <summary>An amount of Japanese yen. Yen has no minor unit, so the value is a whole number.</summary>
public readonly record struct Yen(long Value) : IComparable<Yen>
{
    public static readonly Yen Zero = new(0);

    private static readonly CultureInfo Japanese = CultureInfo.GetCultureInfo("ja-JP");

    public static Yen operator +(Yen a, Yen b) => new(checked(a.Value + b.Value));
    public static Yen operator -(Yen a, Yen b) => new(checked(a.Value - b.Value));
    public static Yen operator *(Yen a, long factor) => new(checked(a.Value * factor));
    public static bool operator <(Yen a, Yen b) => a.Value < b.Value;
    public static bool operator >(Yen a, Yen b) => a.Value > b.Value;
    public static bool operator <=(Yen a, Yen b) => a.Value <= b.Value;
    public static bool operator >=(Yen a, Yen b) => a.Value >= b.Value;

    public static Yen Max(Yen a, Yen b) => a >= b ? a : b;
    public static Yen Min(Yen a, Yen b) => a <= b ? a : b;

    public int CompareTo(Yen other) => Value.CompareTo(other.Value);

    /// <summary>As staff read it: ¥1,234 (the same in Japanese and English).</summary>
    public override string ToString() => "¥" + Value.ToString("#,0", Japanese);

    /// <summary>Amazon Pay's wire form for JPY: a whole-number decimal string.</summary>
    public string ToWireAmount() => Value.ToString(CultureInfo.InvariantCulture);
}

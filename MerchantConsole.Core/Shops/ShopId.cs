namespace MerchantConsole.Core.Shops;

/// <summary>The gateway's shop ID: 1 to 13 ASCII letters and digits (the gateway issues IDs like tshop00012345).</summary>
public static class ShopId
{
    public const int MaxLength = 13;

    public static bool IsValid(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= MaxLength && value.All(char.IsAsciiLetterOrDigit);
}

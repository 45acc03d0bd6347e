namespace MerchantConsole.Sandbox;

public sealed record SandboxAddress(
    string Name, string PostalCode, string StateOrRegion, string City, string AddressLine1, string? AddressLine2, string PhoneNumber)
{
    public const string CountryCode = "JP";
}

public sealed record SandboxPaymentMethod(string Id, string Descriptor);

/// <summary>A test buyer of the sandbox's buyer pages: fictional people with Japanese names and addresses.</summary>
public sealed record SandboxBuyer(string BuyerId, string Name, string Email, SandboxAddress Address, IReadOnlyList<SandboxPaymentMethod> PaymentMethods);

public static class SandboxBuyers
{
    public static readonly IReadOnlyList<SandboxBuyer> All =
    [
        new("amzn1.account.SANDBOXBUYER0001", "山田 太郎", "taro.yamada@buyer.example",
            new SandboxAddress("山田 太郎", "100-0001", "東京都", "千代田区", "千代田1-1", "サンドボックスビル 101", "0312345678"),
            [new("visa-1111", "Visa ****1111"), new("jcb-3333", "JCB ****3333")]),
        new("amzn1.account.SANDBOXBUYER0002", "佐藤 花子", "hanako.sato@buyer.example",
            new SandboxAddress("佐藤 花子", "530-0001", "大阪府", "大阪市北区", "梅田3-1-1", null, "0661234567"),
            [new("master-4444", "Mastercard ****4444")]),
        new("amzn1.account.SANDBOXBUYER0003", "Alex Smith", "alex.smith@buyer.example",
            new SandboxAddress("Alex Smith", "060-0001", "北海道", "札幌市中央区", "北1条西2丁目", "Apt. 5", "0111234567"),
            [new("amex-0005", "American Express ****0005")]),
    ];

    public static SandboxBuyer? Find(string? buyerId) => All.FirstOrDefault(b => b.BuyerId == buyerId);
}

using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Api;

/// <summary>購入者・住所照会: Amazon's checkout session read with the shop's own key, flattened to the API's fields.</summary>
internal static class BuyerLookup
{
    /// <summary>The address fields, in the order the API lists them after Shipping or Billing.</summary>
    public static readonly IReadOnlyList<(string Part, string Japanese)> AddressParts =
    [
        ("Name", "氏名"), ("AddressLine1", "住所1"), ("AddressLine2", "住所2"), ("AddressLine3", "住所3"), ("City", "市区町村"),
        ("County", "郡"), ("District", "地区"), ("StateOrRegion", "都道府県"), ("PostalCode", "郵便番号"), ("CountryCode", "国コード"),
        ("PhoneNumber", "電話番号"),
    ];

    public static async Task<ApiOutcome> SearchAsync(ApiContext context, string checkoutSessionId)
    {
        await using var db = await context.Service<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync(context.Aborted);
        var shop = await context.Gateway.ShopContextAsync(db, context.ShopId, context.Aborted);
        if (shop.Error is { } notConfigured)
        {
            return notConfigured;
        }

        var read = await context.Service<AmazonPayClient>().GetCheckoutSessionAsync(shop.Context!.Credentials, checkoutSessionId, context.Aborted);
        if (!read.IsSuccess)
        {
            return read.Error.HttpStatus == 404 ? GatewayErrors.CheckoutSessionNotUsable
                : read.Error.OutcomeUnknown ? GatewayErrors.AmazonUnavailable.With(read.Error.ReasonCode)
                : StepResult.ErrorFor(read.Error);
        }

        return Answer(read.Value);
    }

    private static ApiOutcome Answer(CheckoutSession session)
    {
        var buyer = session.Buyer;
        var fields = new List<(string, string?)>
        {
            ("AmazonBuyerID", buyer?.BuyerId),
            ("AmazonAccountName", buyer?.Name),
            ("AmazonMailAddress", buyer?.Email),
            ("AmazonPhoneNumber", buyer?.PhoneNumber),
        };
        fields.AddRange(Address("Shipping", session.ShippingAddress ?? buyer?.ShippingAddress));
        fields.AddRange(Address("Billing", session.BillingAddress ?? buyer?.BillingAddress));
        fields.Add(("PaymentDescriptor", session.PaymentPreferences is { Count: > 0 } preferences ? preferences[0].PaymentDescriptor : null));
        return ApiOutcome.Ok([.. fields]);
    }

    private static IEnumerable<(string, string?)> Address(string prefix, Address? address) =>
        AddressParts.Select(p => (prefix + p.Part, address is null ? null : p.Part switch
        {
            "Name" => address.Name,
            "AddressLine1" => address.AddressLine1,
            "AddressLine2" => address.AddressLine2,
            "AddressLine3" => address.AddressLine3,
            "City" => address.City,
            "County" => address.County ?? address.DistrictOrCounty,
            "District" => address.District,
            "StateOrRegion" => address.StateOrRegion,
            "PostalCode" => address.PostalCode,
            "CountryCode" => address.CountryCode,
            "PhoneNumber" => address.PhoneNumber,
            _ => throw new InvalidOperationException("Unknown address part " + p.Part),
        }));
}

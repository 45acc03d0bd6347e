using System.Globalization;
using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Gateway;

namespace MerchantConsole.Api;

/// <summary>
/// The request's parameters by the spec's names, read once: every missing or malformed parameter adds its error
/// and reading goes on, so one answer lists all of them (the gateway this imitates joins them with '|').
/// </summary>
internal sealed class ApiInput(IReadOnlyDictionary<string, string> fields, bool liveMode)
{
    private readonly List<GatewayError> errors = [];

    public IReadOnlyList<GatewayError> Errors => errors;

    /// <summary>The value, or null when absent or empty (HTML forms send empty fields; both mean "not given").</summary>
    public string? Text(string name) => fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public void Fail(GatewayError error)
    {
        if (!errors.Exists(e => e.ErrInfo == error.ErrInfo))
        {
            errors.Add(error);
        }
    }

    public string Required(string name, GatewayError missing)
    {
        var value = Text(name);
        if (value is null)
        {
            Fail(missing);
        }

        return value ?? "";
    }

    /// <summary>OrderID: ≤27 of letters, digits and '-'.</summary>
    public string? OrderId(bool required)
    {
        var value = Text("OrderID");
        if (value is null)
        {
            if (required)
            {
                Fail(GatewayErrors.OrderIdMissing);
            }

            return null;
        }

        if (value.Length > GatewayTransaction.OrderIdMaxLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            Fail(GatewayErrors.OrderIdInvalid);
        }

        return value;
    }

    /// <summary>
    /// An Amazon object ID (checkout session, charge permission): at most 100 letters, digits and '-', the shapes Amazon
    /// uses. It becomes a segment of Amazon's URL, so anything else ('/', '?', '..') is refused here, with the error an
    /// unknown ID gets — such an ID exists nowhere.
    /// </summary>
    public string? AmazonId(string name, GatewayError? missing, GatewayError invalid)
    {
        var value = Text(name);
        if (value is null)
        {
            if (missing is not null)
            {
                Fail(missing);
            }

            return null;
        }

        if (value.Length > 100 || !value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            Fail(invalid);
        }

        return value;
    }

    /// <summary>
    /// AmazonCheckoutSessionID: also in the shape Amazon gives every session (a UUID). Another value names no session
    /// and is refused before Amazon is asked, so whatever a caller puts there never reaches Amazon's URL or the logs.
    /// </summary>
    public string? CheckoutSessionId(GatewayError? missing)
    {
        var value = AmazonId("AmazonCheckoutSessionID", missing, GatewayErrors.CheckoutSessionNotUsable);
        if (value is not null && !AmazonPayIds.IsCheckoutSessionId(value))
        {
            Fail(GatewayErrors.CheckoutSessionNotUsable);
        }

        return value;
    }

    /// <summary>AccessID, AccessPass and OrderID: the three that name a transaction in every later call.</summary>
    public (string AccessId, string AccessPass, string OrderId) TransactionKeys() =>
        (Required("AccessID", GatewayErrors.AccessIdMissing), Required("AccessPass", GatewayErrors.AccessPassMissing), OrderId(required: true) ?? "");

    /// <summary>Whole yen as ASCII digits; the range (1 to 9,999,999 in total) is the core's rule, checked there.</summary>
    public Yen? Yen(string name, GatewayError? missing, GatewayError invalid)
    {
        var value = Text(name);
        if (value is null)
        {
            if (missing is not null)
            {
                Fail(missing);
            }

            return null;
        }

        if (value.Length > 10 || !value.All(char.IsAsciiDigit))
        {
            Fail(invalid);
            return null;
        }

        return new Yen(long.Parse(value, CultureInfo.InvariantCulture));
    }

    public int? Integer(string name, int min, int max, GatewayError invalid)
    {
        var value = Text(name);
        if (value is null)
        {
            return null;
        }

        if (value.Length > 9 || !value.All(char.IsAsciiDigit) || int.Parse(value, CultureInfo.InvariantCulture) is var number && (number < min || number > max))
        {
            Fail(invalid);
            return null;
        }

        return number;
    }

    /// <summary>
    /// Free text of at most <paramref name="maxLength"/> characters that Windows-31J can carry: the JSON variant
    /// accepts any Unicode, but the .idPass answer and the notification form must be able to send it back.
    /// </summary>
    public string? Bounded(string name, int maxLength, GatewayError invalid)
    {
        var value = Text(name);
        if (value is not null && (value.Length > maxLength || !FitsWindows31J(value)))
        {
            Fail(invalid);
        }

        return value;
    }

    /// <summary>RetURL: an absolute http or https URL; live mode takes https only (the buyer's result travels in it).</summary>
    public string? RetUrl()
    {
        var value = Text("RetURL");
        if (value is not null && (value.Length > 2000 || !Uri.TryCreate(value, UriKind.Absolute, out var url)
            || !(url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && !liveMode))))
        {
            Fail(GatewayErrors.RetUrlInvalid);
        }

        return value;
    }

    /// <summary>PaymentType codes (this project's decision, docs/api.md): 1 one-time (default), 2, 3, 4.</summary>
    public PaymentType PaymentType()
    {
        switch (Text("PaymentType"))
        {
            case null or "1":
                return Core.Payments.PaymentType.OneTime;
            case "2":
                return Core.Payments.PaymentType.RegistrationWithFirstPayment;
            case "3":
                return Core.Payments.PaymentType.RegistrationOnly;
            case "4":
                return Core.Payments.PaymentType.Recurring;
            default:
                Fail(GatewayErrors.PaymentTypeInvalid);
                return Core.Payments.PaymentType.OneTime;
        }
    }

    public JobCd? JobCd(bool required)
    {
        switch (Text("JobCd"))
        {
            case null:
                if (required)
                {
                    Fail(GatewayErrors.JobCdMissing);
                }

                return null;
            case "AUTH":
                return Core.Payments.JobCd.Auth;
            case "CAPTURE":
                return Core.Payments.JobCd.Capture;
            default:
                Fail(GatewayErrors.JobCdInvalid);
                return null;
        }
    }

    public FrequencyUnit? FrequencyUnit()
    {
        var value = Text("FrequencyUnit");
        if (value is null)
        {
            return null;
        }

        if (value is "Year" or "Month" or "Week" or "Day" or "Variable")
        {
            return Enum.Parse<FrequencyUnit>(value);
        }

        Fail(GatewayErrors.FrequencyInvalid);
        return null;
    }

    /// <summary>APBType: PayOnly or PayAndShip (AmazonpayType 4 only); absent means PayOnly.</summary>
    public ProductType? ApbType()
    {
        var value = Text("APBType");
        if (value is null)
        {
            return null;
        }

        if (value is "PayOnly" or "PayAndShip")
        {
            return Enum.Parse<ProductType>(value);
        }

        Fail(GatewayErrors.ApbTypeInvalid);
        return null;
    }

    /// <summary>The APB shipping address (APBName, APBAddressLine1–3, APBCity, …); null when none of it was sent.</summary>
    public Address? ApbAddress()
    {
        string? Part(string name) => Bounded("APB" + name, 100, GatewayErrors.ApbAddressInvalid);
        var address = new Address(
            Name: Part("Name"),
            AddressLine1: Part("AddressLine1"),
            AddressLine2: Part("AddressLine2"),
            AddressLine3: Part("AddressLine3"),
            City: Part("City"),
            DistrictOrCounty: Part("DistrictOrCounty"),
            StateOrRegion: Part("StateOrRegion"),
            PostalCode: Part("PostalCode"),
            CountryCode: Part("CountryCode"),
            PhoneNumber: Part("PhoneNumber"));
        return address == new Address() ? null : address;
    }

    private static bool FitsWindows31J(string value)
    {
        try
        {
            Windows31J.Encoding.GetByteCount(value);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}

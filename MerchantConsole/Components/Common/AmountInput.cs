namespace MerchantConsole.Components.Common;

/// <summary>
/// The range the dialogs' amount fields pass on to the core. MudNumericField clamps what is typed to its Min and
/// Max, so a Min of 0 silently turned a typed -500 into 0 (and a negative tax into 0 that Run would then send), and
/// the default Max let two fields overflow the core's checked sums. Ten digits either way, as the merchant API
/// accepts, lies far past every limit, so the core still refuses anything over one with its own reason.
/// </summary>
public static class AmountInput
{
    public const long Bound = 9_999_999_999;
}

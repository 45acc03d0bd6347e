namespace MerchantConsole.Core.Shops;

/// <summary>A staff member's role in one shop. Higher roles include what lower roles may do.</summary>
public enum ShopRole
{
    /// <summary>Reads transactions and settings; changes nothing.</summary>
    Viewer = 1,

    /// <summary>Runs payment operations (capture, cancel, refund, amount change, end registration).</summary>
    Operator = 2,

    /// <summary>Everything an Operator does, plus settings, keys and staff.</summary>
    Owner = 3,
}

/// <summary>What a signed-in staff member may do in the current shop.</summary>
public enum ShopPermission
{
    ViewShop,
    OperatePayments,
    EditSettings,
    ManageStaff,
}

public static class ShopRoles
{
    /// <summary>The one place that says which role may do what; pages, dialogs and endpoints all ask here.</summary>
    public static bool Allows(this ShopRole role, ShopPermission permission) => permission switch
    {
        ShopPermission.ViewShop => role >= ShopRole.Viewer,
        ShopPermission.OperatePayments => role >= ShopRole.Operator,
        ShopPermission.EditSettings => role == ShopRole.Owner,
        ShopPermission.ManageStaff => role == ShopRole.Owner,
        _ => throw new ArgumentOutOfRangeException(nameof(permission), permission, "Unknown permission."),
    };

    public static bool IsDefined(ShopRole role) => role is ShopRole.Viewer or ShopRole.Operator or ShopRole.Owner;
}

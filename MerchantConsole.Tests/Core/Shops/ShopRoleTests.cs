using MerchantConsole.Core.Shops;

namespace MerchantConsole.Tests.Core.Shops;

public class ShopRoleTests
{
    [Theory]
    [InlineData(ShopRole.Viewer, ShopPermission.ViewShop, true)]
    [InlineData(ShopRole.Viewer, ShopPermission.OperatePayments, false)]
    [InlineData(ShopRole.Viewer, ShopPermission.EditSettings, false)]
    [InlineData(ShopRole.Viewer, ShopPermission.ManageStaff, false)]
    [InlineData(ShopRole.Operator, ShopPermission.ViewShop, true)]
    [InlineData(ShopRole.Operator, ShopPermission.OperatePayments, true)]
    [InlineData(ShopRole.Operator, ShopPermission.EditSettings, false)]
    [InlineData(ShopRole.Operator, ShopPermission.ManageStaff, false)]
    [InlineData(ShopRole.Owner, ShopPermission.ViewShop, true)]
    [InlineData(ShopRole.Owner, ShopPermission.OperatePayments, true)]
    [InlineData(ShopRole.Owner, ShopPermission.EditSettings, true)]
    [InlineData(ShopRole.Owner, ShopPermission.ManageStaff, true)]
    public void Each_role_allows_exactly_its_permissions(ShopRole role, ShopPermission permission, bool allowed) =>
        Assert.Equal(allowed, role.Allows(permission));

    [Fact]
    public void Every_role_and_permission_pair_is_covered_by_the_matrix_above()
    {
        // Adding a role or permission must add rows to the matrix: this counts them.
        Assert.Equal(3 * 4, Enum.GetValues<ShopRole>().Length * Enum.GetValues<ShopPermission>().Length);
    }

    [Fact]
    public void An_unknown_role_allows_nothing()
    {
        Assert.False(((ShopRole)0).Allows(ShopPermission.ViewShop));
        Assert.False(ShopRoles.IsDefined((ShopRole)4));
    }

    [Theory]
    [InlineData("tshop00012345", true)]
    [InlineData("A1", true)]
    [InlineData("", false)]
    [InlineData("tshop000123456", false)]
    [InlineData("shop-1", false)]
    [InlineData("ｓｈｏｐ", false)]
    [InlineData(null, false)]
    public void Shop_ids_are_1_to_13_ascii_letters_and_digits(string? value, bool valid) =>
        Assert.Equal(valid, ShopId.IsValid(value));
}

using System.Security.Claims;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Shops;

/// <summary>Policy names used by pages (<c>[Authorize(Policy = …)]</c>) and by <c>AuthorizeView</c>.</summary>
public static class Policies
{
    public const string ViewShop = "shop:" + nameof(ShopPermission.ViewShop);
    public const string OperatePayments = "shop:" + nameof(ShopPermission.OperatePayments);
    public const string EditSettings = "shop:" + nameof(ShopPermission.EditSettings);
    public const string ManageStaff = "shop:" + nameof(ShopPermission.ManageStaff);
    public const string GatewayAdmin = "gateway:admin";

    public static void AddShopPolicies(this AuthorizationOptions options)
    {
        foreach (var permission in Enum.GetValues<ShopPermission>())
        {
            options.AddPolicy("shop:" + permission, policy => policy
                .RequireAuthenticatedUser()
                .AddRequirements(new ShopPermissionRequirement(permission)));
        }

        options.AddPolicy(GatewayAdmin, policy => policy
            .RequireAuthenticatedUser()
            .AddRequirements(new GatewayAdminRequirement()));
    }
}

public sealed record ShopPermissionRequirement(ShopPermission Permission) : IAuthorizationRequirement;

public sealed record GatewayAdminRequirement : IAuthorizationRequirement;

/// <summary>Checks the role in the user's current shop, read from the database on every evaluation.</summary>
internal sealed class ShopAuthorizationHandler(IDbContextFactory<ApplicationDbContext> dbFactory) : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return;
        }

        var pending = context.PendingRequirements.ToList();
        if (!pending.Any(r => r is ShopPermissionRequirement or GatewayAdminRequirement))
        {
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync();
        var session = await ShopSession.LoadAsync(db, userId);
        if (session is null)
        {
            return;
        }

        foreach (var requirement in pending)
        {
            var granted = requirement switch
            {
                ShopPermissionRequirement shop => session.Can(shop.Permission),
                GatewayAdminRequirement => session.IsGatewayAdmin,
                _ => false,
            };
            if (granted)
            {
                context.Succeed(requirement);
            }
        }
    }
}

/// <summary>The signed-in user's shop session for interactive components, and the shop switcher.</summary>
public sealed class CurrentShop(AuthenticationStateProvider authentication, IDbContextFactory<ApplicationDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ShopSession?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        var userId = state.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ShopSession.LoadAsync(db, userId, cancellationToken);
    }

    public async Task<ShopResult> SwitchAsync(string shopId, CancellationToken cancellationToken = default)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        if (state.User.FindFirstValue(ClaimTypes.NameIdentifier) is null)
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        var actor = ActorRef.From(state.User);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await ShopSession.LoadAsync(db, actor.Id, cancellationToken);
        if (session is null || session.Shops.All(s => s.Id != shopId))
        {
            return ShopResult.Refused(ShopErrors.NotMember);
        }

        await db.Users.Where(u => u.Id == actor.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.CurrentShopId, shopId), cancellationToken);
        db.Journal(clock, shopId, actor, "session.switch-shop", shopId);
        await db.SaveChangesAsync(cancellationToken);
        return ShopResult.Ok;
    }
}

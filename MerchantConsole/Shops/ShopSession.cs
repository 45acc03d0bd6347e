using System.Runtime.CompilerServices;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace MerchantConsole.Shops;

public sealed record ShopRef(string Id, string Name, ShopRole Role);

/// <summary>What the signed-in user sees now: their shops, the current one and their role in it.</summary>
public sealed record ShopSession(string UserId, string UserName, bool IsGatewayAdmin, IReadOnlyList<ShopRef> Shops, ShopRef? Current)
{
    public ShopRole? Role => Current?.Role;

    public bool Can(ShopPermission permission) => Current is not null && Current.Role.Allows(permission);

    /// <summary>
    /// The actor's current shop when their role there allows <paramref name="permission"/>, else null: the one
    /// server-side check every service runs before it reads or changes a shop's data.
    /// </summary>
    public static async Task<string?> PermittedShopAsync(ApplicationDbContext db, ActorRef actor, ShopPermission permission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(actor);
        // The same decision as LoadAsync + Can, in one query: every read of the grid pays for it (docs/benchmarks.md).
        var memberships = new List<Membership>();
        await foreach (var membership in MembershipsOf(db.Model)(db, actor.Id).WithCancellation(cancellationToken))
        {
            memberships.Add(membership);
        }

        var current = memberships.FirstOrDefault(m => m.ShopId == m.CurrentShopId) ?? memberships.FirstOrDefault();
        return current is not null && current.Role.Allows(permission) ? current.ShopId : null;
    }

    private sealed record Membership(string ShopId, ShopRole Role, string? CurrentShopId);

    /// <summary>
    /// The permission check's query, compiled once per model: half the time of the same LINQ translated on every call,
    /// which was a third of the grid's time for a view of a few rows. A compiled query serves the model it first ran
    /// with, and a process may hold several (the tests do), so each model has its own (docs/decisions/008).
    /// </summary>
    private static Func<ApplicationDbContext, string, IAsyncEnumerable<Membership>> MembershipsOf(IModel model) =>
        CompiledMemberships.GetValue(model, _ => EF.CompileAsyncQuery((ApplicationDbContext db, string userId) =>
            db.ShopMembers.AsNoTracking()
                .Where(m => m.UserId == userId && !m.IsDisabled)
                .OrderBy(m => m.ShopId)
                .Select(m => new Membership(m.ShopId, m.Role, m.User.CurrentShopId))));

    private static readonly ConditionalWeakTable<IModel, Func<ApplicationDbContext, string, IAsyncEnumerable<Membership>>> CompiledMemberships = new();

    /// <summary>Read from the database every time: a role changed or a membership disabled by an Owner applies at once.</summary>
    public static async Task<ShopSession?> LoadAsync(ApplicationDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId)
            .Select(u => new { u.Id, u.UserName, u.IsGatewayAdmin, u.CurrentShopId })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var shops = await db.ShopMembers.AsNoTracking()
            .Where(m => m.UserId == userId && !m.IsDisabled)
            .OrderBy(m => m.ShopId)
            .Select(m => new ShopRef(m.ShopId, m.Shop.Name, m.Role))
            .ToListAsync(cancellationToken);
        var current = shops.FirstOrDefault(s => s.Id == user.CurrentShopId) ?? shops.FirstOrDefault();
        return new ShopSession(user.Id, user.UserName ?? "", user.IsGatewayAdmin, shops, current);
    }
}

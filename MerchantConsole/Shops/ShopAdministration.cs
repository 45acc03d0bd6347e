using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Shops;

/// <param name="ShopPass">The merchant API password; generated when absent (only the bootstrap sets one).</param>
public sealed record NewShop(string ShopId, string ShopName, string OwnerEmail, string OwnerPassword, string? ShopPass = null);

public sealed record ShopSummary(string Id, string Name, DateTimeOffset CreatedAt, int ActiveMembers);

/// <summary>
/// Creating shops: the first one at first run (its Owner becomes a gateway administrator), and later ones by
/// gateway administrators. Each call runs in its own scope and database transaction.
/// </summary>
public sealed class ShopAdministration(IServiceScopeFactory scopes, ShopPasswords shopPasswords, ConsoleDatabase database, TimeProvider clock)
{
    public async Task<bool> HasAnyUserAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.Users.AnyAsync(cancellationToken);
    }

    public Task<ShopResult> CreateFirstShopAsync(NewShop shop, ActorRef actor, CancellationToken cancellationToken = default) =>
        CreateAsync(shop, actor, firstRun: true, cancellationToken);

    public async Task<ShopResult> CreateShopAsync(NewShop shop, ActorRef actor, CancellationToken cancellationToken = default)
    {
        if (!await IsGatewayAdminAsync(actor, cancellationToken))
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        return await CreateAsync(shop, actor, firstRun: false, cancellationToken);
    }

    public async Task<IReadOnlyList<ShopSummary>?> ListShopsAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        if (!await IsGatewayAdminAsync(actor, cancellationToken))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.Shops.AsNoTracking()
            .OrderBy(s => s.Id)
            .Select(s => new ShopSummary(s.Id, s.Name, s.CreatedAt, s.Members.Count(m => !m.IsDisabled)))
            .ToListAsync(cancellationToken);
    }

    private async Task<bool> IsGatewayAdminAsync(ActorRef actor, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        return await db.Users.AnyAsync(u => u.Id == actor.Id && u.IsGatewayAdmin, cancellationToken);
    }

    private async Task<ShopResult> CreateAsync(NewShop shop, ActorRef actor, bool firstRun, CancellationToken cancellationToken)
    {
        var shopId = shop.ShopId.Trim();
        var shopName = shop.ShopName.Trim();
        var email = shop.OwnerEmail.Trim();
        if (!ShopId.IsValid(shopId))
        {
            return ShopResult.Refused(ShopErrors.ShopIdInvalid);
        }

        if (shopName.Length is 0 or > 100 || shopName.Any(char.IsControl))
        {
            return ShopResult.Refused(ShopErrors.ShopNameRequired);
        }

        if (!StaffDirectory.LooksLikeEmail(email))
        {
            return ShopResult.Refused(ShopErrors.EmailInvalid);
        }

        // Encrypted before the transaction: on a new database the first Protect creates the Data Protection key,
        // which is written through another connection and would wait on this transaction's lock until it times out.
        var protectedShopPass = shopPasswords.Protect(shop.ShopPass ?? ShopPasswords.Generate());

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();

        // Shop creations are serialised, so two first-run submissions cannot both see an empty database.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await database.SerializeAsync(db, ConsoleDatabase.ShopCreationLock, cancellationToken);
        if (firstRun && await db.Users.AnyAsync(cancellationToken))
        {
            return ShopResult.Refused(ShopErrors.AlreadySetUp);
        }

        if (await db.Shops.AnyAsync(s => s.Id == shopId, cancellationToken))
        {
            return ShopResult.Refused(ShopErrors.ShopIdTaken);
        }

        var now = clock.GetUtcNow();
        var owner = await users.FindByEmailAsync(email);
        if (owner is null)
        {
            owner = new ApplicationUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                IsGatewayAdmin = firstRun,
                CurrentShopId = shopId,
                CreatedAt = now,
            };
            var created = await users.CreateAsync(owner, shop.OwnerPassword);
            if (!created.Succeeded)
            {
                return ShopResult.Refused(ShopErrors.PasswordRejected, string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }

        db.Shops.Add(new Shop
        {
            Id = shopId,
            Name = shopName,
            CreatedAt = now,
            ProtectedShopPass = protectedShopPass,
            ShopPassChangedAt = now,
        });
        db.ShopMembers.Add(new ShopMember { ShopId = shopId, UserId = owner.Id, Role = ShopRole.Owner, CreatedAt = now });
        var creator = firstRun && actor.Id == "first-run" ? actor with { Name = email } : actor;
        db.Journal(clock, shopId, creator, firstRun ? "shop.first-run" : "shop.create", shopId, $"name={shopName}; owner={email}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ShopResult.Ok;
    }
}

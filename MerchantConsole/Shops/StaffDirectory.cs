using System.Net.Mail;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Shops;

public sealed record StaffMember(string UserId, string Email, ShopRole Role, bool IsDisabled, DateTimeOffset Since);

/// <summary>
/// The Staff page's service. Every method resolves the actor's current shop and role from the database and
/// refuses unless the actor is an Owner there: hiding a button is never the only check.
/// </summary>
public sealed class StaffDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static bool LooksLikeEmail(string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= 256 && !value.Any(char.IsControl)
        && MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;

    public async Task<IReadOnlyList<StaffMember>?> ListAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ManageStaff, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        return await db.ShopMembers.AsNoTracking()
            .Where(m => m.ShopId == shopId)
            .OrderBy(m => m.User.Email)
            .Select(m => new StaffMember(m.UserId, m.User.Email ?? "", m.Role, m.IsDisabled, m.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Adds a person to the current shop. An existing account (someone already working for another shop) keeps its
    /// own password and gains this shop. The answer never tells whether the address already had an account: the
    /// initial password is required and checked against the policy either way, and both cases succeed alike
    /// (an Owner of one shop must not learn who works for the others).
    /// </summary>
    public async Task<ShopResult> AddAsync(ActorRef actor, string email, ShopRole role, string? initialPassword, CancellationToken cancellationToken = default)
    {
        email = email.Trim();
        if (!LooksLikeEmail(email))
        {
            return ShopResult.Refused(ShopErrors.EmailInvalid);
        }

        if (!ShopRoles.IsDefined(role))
        {
            return ShopResult.Refused(ShopErrors.RoleInvalid);
        }

        if (string.IsNullOrEmpty(initialPassword))
        {
            return ShopResult.Refused(ShopErrors.PasswordRequired);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ManageStaff, cancellationToken);
        if (shopId is null)
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        var now = clock.GetUtcNow();
        var candidate = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, CurrentShopId = shopId, CreatedAt = now };
        var policyErrors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            policyErrors.AddRange((await validator.ValidateAsync(users, candidate, initialPassword)).Errors);
        }

        if (policyErrors.Count > 0)
        {
            return ShopResult.Refused(ShopErrors.PasswordRejected, string.Join(" ", policyErrors.Select(e => e.Description)));
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = candidate;
            var created = await users.CreateAsync(user, initialPassword);
            if (!created.Succeeded)
            {
                return ShopResult.Refused(ShopErrors.PasswordRejected, string.Join(" ", created.Errors.Select(e => e.Description)));
            }
        }
        else if (await db.ShopMembers.AnyAsync(m => m.ShopId == shopId && m.UserId == user.Id, cancellationToken))
        {
            return ShopResult.Refused(ShopErrors.AlreadyMember);
        }

        db.ShopMembers.Add(new ShopMember { ShopId = shopId, UserId = user.Id, Role = role, CreatedAt = now });
        db.Journal(clock, shopId, actor, "staff.add", email, $"role={role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ShopResult.Ok;
    }

    public Task<ShopResult> ChangeRoleAsync(ActorRef actor, string userId, ShopRole role, CancellationToken cancellationToken = default) =>
        ShopRoles.IsDefined(role)
            ? ChangeMemberAsync(actor, userId, "staff.role", member =>
            {
                var before = member.Role;
                member.Role = role;
                return $"{before} -> {role}";
            }, cancellationToken)
            : Task.FromResult(ShopResult.Refused(ShopErrors.RoleInvalid));

    public Task<ShopResult> SetDisabledAsync(ActorRef actor, string userId, bool disabled, CancellationToken cancellationToken = default) =>
        userId == actor.Id && disabled
            ? Task.FromResult(ShopResult.Refused(ShopErrors.CannotDisableSelf))
            : ChangeMemberAsync(actor, userId, disabled ? "staff.disable" : "staff.enable", member =>
            {
                member.IsDisabled = disabled;
                return null;
            }, cancellationToken);

    private async Task<ShopResult> ChangeMemberAsync(ActorRef actor, string userId, string action, Func<ShopMember, string?> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ManageStaff, cancellationToken);
        if (shopId is null)
        {
            return ShopResult.Refused(ShopErrors.NotPermitted);
        }

        var member = await db.ShopMembers.Include(m => m.User)
            .SingleOrDefaultAsync(m => m.ShopId == shopId && m.UserId == userId, cancellationToken);
        if (member is null)
        {
            return ShopResult.Refused(ShopErrors.NotMember);
        }

        var detail = change(member);

        // A shop always keeps one active Owner, or nobody could manage its keys and staff again.
        var activeOwners = await db.ShopMembers.CountAsync(
            m => m.ShopId == shopId && m.UserId != userId && m.Role == ShopRole.Owner && !m.IsDisabled, cancellationToken);
        if (activeOwners == 0 && (member.Role != ShopRole.Owner || member.IsDisabled))
        {
            return ShopResult.Refused(ShopErrors.LastOwner);
        }

        db.Journal(clock, shopId, actor, action, member.User.Email, detail);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ShopResult.Ok;
    }
}

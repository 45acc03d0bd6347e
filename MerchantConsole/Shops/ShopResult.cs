using System.Security.Claims;
using MerchantConsole.Data;

namespace MerchantConsole.Shops;

/// <summary>Who did something: a staff user, or the system acting for the installer.</summary>
public sealed record ActorRef(string Id, string Name)
{
    public static readonly ActorRef Bootstrap = new("bootstrap", "Bootstrap (appsettings.json)");

    public static ActorRef FirstRun(string email) => new("first-run", email);

    public static ActorRef From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Signed-in user without an ID."),
        user.Identity?.Name ?? "");
}

/// <summary>
/// The outcome of a staff or shop administration action. A refusal carries a resource key
/// (Japanese and English live in Resources/SharedResource*.resx) and, for Identity's own
/// complaints such as a weak password, their already-localised text.
/// </summary>
public sealed record ShopResult(string? ErrorKey, string? Detail = null)
{
    public static readonly ShopResult Ok = new((string?)null);

    public bool Succeeded => ErrorKey is null;

    public static ShopResult Refused(string errorKey, string? detail = null) => new(errorKey, detail);
}

/// <summary>Resource keys of the refusals; each has a Japanese and an English text.</summary>
public static class ShopErrors
{
    public const string AlreadySetUp = "Error.AlreadySetUp";
    public const string ShopIdInvalid = "Error.ShopIdInvalid";
    public const string ShopIdTaken = "Error.ShopIdTaken";
    public const string ShopNameRequired = "Error.ShopNameRequired";
    public const string EmailInvalid = "Error.EmailInvalid";
    public const string PasswordRejected = "Error.PasswordRejected";
    public const string PasswordRequired = "Error.PasswordRequired";
    public const string NotPermitted = "Error.NotPermitted";
    public const string AlreadyMember = "Error.AlreadyMember";
    public const string NotMember = "Error.NotMember";
    public const string LastOwner = "Error.LastOwner";
    public const string CannotDisableSelf = "Error.CannotDisableSelf";
    public const string RoleInvalid = "Error.RoleInvalid";
}

internal static class AuditJournal
{
    /// <summary>Adds a journal line to the same unit of work as the change it describes.</summary>
    public static void Journal(this ApplicationDbContext db, TimeProvider clock, string? shopId, ActorRef actor, string action, string? target, string? detail = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ShopId = shopId,
            Actor = actor.Id,
            ActorName = actor.Name,
            Action = action,
            Target = target,
            Detail = detail,
        });
}

namespace MerchantConsole.Shops;

/// <summary>
/// Length over composition (NIST SP 800-63B): 12 characters at least, a few distinct ones, no forced symbol classes.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;

    public const int RequiredUniqueChars = 5;

    public const int MaxFailedAttempts = 5;

    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);
}

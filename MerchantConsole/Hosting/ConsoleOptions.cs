using MerchantConsole.Shops;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Hosting;

/// <summary>The console's own settings (section <c>Console</c>).</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>Shown in the app bar and the browser title.</summary>
    public string ProductName { get; set; } = "";
}

/// <summary>The connection strings the console needs (section <c>ConnectionStrings</c>).</summary>
public sealed class DatabaseOptions
{
    public const string Section = "ConnectionStrings";

    /// <summary>
    /// The database's connection string, for the provider chosen by <see cref="DatabaseProviderOptions"/>. For SQLite
    /// a relative DataSource is resolved against the app's folder.
    /// </summary>
    public string Default { get; set; } = "";
}

public enum DatabaseProvider
{
    /// <summary>One file beside the app: a shop, a trial, one instance.</summary>
    Sqlite,

    /// <summary>A shared server: several instances of the console on one database.</summary>
    Postgres,
}

/// <summary>Which database the console keeps its data in (section <c>Database</c>).</summary>
public sealed class DatabaseProviderOptions
{
    public const string Section = "Database";

    /// <summary><c>Sqlite</c> (the default) or <c>Postgres</c>; read case-insensitively.</summary>
    public string Provider { get; set; } = nameof(DatabaseProvider.Sqlite);

    public DatabaseProvider? Parsed =>
        Enum.TryParse<DatabaseProvider>(Provider, ignoreCase: true, out var provider) && Enum.IsDefined(provider) ? provider : null;
}

/// <summary>
/// Creates the first shop and its Owner on an empty database, for automated installs (section <c>Bootstrap</c>).
/// Ignored once any user exists.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Bootstrap";

    public string? ShopId { get; set; }

    public string? ShopName { get; set; }

    public string? OwnerEmail { get; set; }

    public string? OwnerPassword { get; set; }

    /// <summary>The merchant API password of the bootstrap shop, for automation; generated when empty.</summary>
    public string? ShopPass { get; set; }

    public bool IsRequested =>
        !string.IsNullOrEmpty(ShopId) || !string.IsNullOrEmpty(ShopName)
        || !string.IsNullOrEmpty(OwnerEmail) || !string.IsNullOrEmpty(OwnerPassword);
}

/// <summary>
/// Startup validation. Each failure names the configuration key, in English and Japanese, so an operator
/// reading the log knows exactly which line of appsettings.json (or which variable) to fix.
/// </summary>
internal sealed class ConsoleOptionsValidation :
    IValidateOptions<ConsoleOptions>, IValidateOptions<DatabaseOptions>, IValidateOptions<DatabaseProviderOptions>, IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseProviderOptions options) =>
        Collect(options.Parsed is null
            ? Invalid("Database:Provider", "must be Sqlite or Postgres", "Sqlite または Postgres を指定してください")
            : null);

    public ValidateOptionsResult Validate(string? name, ConsoleOptions options) =>
        Collect(string.IsNullOrWhiteSpace(options.ProductName) ? Missing("Console:ProductName") : null);

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options) =>
        Collect(string.IsNullOrWhiteSpace(options.Default) ? Missing("ConnectionStrings:Default") : null);

    public ValidateOptionsResult Validate(string? name, BootstrapOptions options)
    {
        if (!options.IsRequested)
        {
            return ValidateOptionsResult.Success;
        }

        return Collect(
            !Core.Shops.ShopId.IsValid(options.ShopId)
                ? Invalid("Bootstrap:ShopId", "must be 1 to 13 ASCII letters and digits", "半角英数字 1〜13 文字で指定してください")
                : null,
            string.IsNullOrWhiteSpace(options.ShopName) ? Missing("Bootstrap:ShopName") : null,
            string.IsNullOrWhiteSpace(options.OwnerEmail) || !options.OwnerEmail.Contains('@', StringComparison.Ordinal)
                ? Invalid("Bootstrap:OwnerEmail", "must be an e-mail address", "メールアドレスを指定してください")
                : null,
            (options.OwnerPassword?.Length ?? 0) < PasswordPolicy.MinimumLength
                ? Invalid("Bootstrap:OwnerPassword", $"must be at least {PasswordPolicy.MinimumLength} characters", $"{PasswordPolicy.MinimumLength} 文字以上で指定してください")
                : null,
            !string.IsNullOrEmpty(options.ShopPass) && !Gateway.ShopPasswords.IsAcceptable(options.ShopPass)
                ? Invalid("Bootstrap:ShopPass", "must be 8 to 64 ASCII letters and digits", "半角英数字 8〜64 文字で指定してください")
                : null);
    }

    private static string Missing(string key) => $"{key} is required. / 設定 {key} がありません。";

    private static string Invalid(string key, string en, string ja) => $"{key} {en}. / 設定 {key} が不正です: {ja}。";

    private static ValidateOptionsResult Collect(params string?[] failures)
    {
        var found = failures.OfType<string>().ToList();
        return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
    }
}

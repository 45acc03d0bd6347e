using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Hosting;

internal static class Database
{
    /// <summary>
    /// SQLite resolves a relative DataSource against the working directory, which differs between
    /// <c>dotnet run</c>, the dll and <c>dotnet ef</c>; the console resolves it against its own folder instead.
    /// </summary>
    public static string ResolveSqlite(string connectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.Ordinal)
            || builder.Mode == SqliteOpenMode.Memory)
        {
            return builder.ToString();
        }

        var full = Path.GetFullPath(Path.IsPathRooted(source) ? source : Path.Combine(contentRoot, source));
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        builder.DataSource = full;
        return builder.ToString();
    }

    public static IServiceCollection AddConsoleDatabase(this IServiceCollection services, string contentRoot)
    {
        services.AddDbContextFactory<ApplicationDbContext>((sp, options) =>
        {
            var connectionString = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Default;
            options.UseSqlite(ResolveSqlite(connectionString, contentRoot));
        });
        services.AddHostedService<DatabaseStartup>();
        return services;
    }
}

/// <summary>
/// Brings the schema up to date and applies the <c>Bootstrap</c> section before the server takes requests.
/// Migrations, never EnsureCreated: the schema of a running shop evolves in place.
/// </summary>
internal sealed class DatabaseStartup(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    IServiceScopeFactory scopes,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<DatabaseStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var options = bootstrap.Value;
        if (!options.IsRequested)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var shops = scope.ServiceProvider.GetRequiredService<ShopAdministration>();
        var result = await shops.CreateFirstShopAsync(
            new NewShop(options.ShopId!, options.ShopName!, options.OwnerEmail!, options.OwnerPassword!, string.IsNullOrEmpty(options.ShopPass) ? null : options.ShopPass),
            ActorRef.Bootstrap,
            cancellationToken);
        if (result.Succeeded)
        {
            logger.LogInformation("Bootstrap created shop {ShopId} and its Owner.", options.ShopId);
        }
        else if (result.ErrorKey == ShopErrors.AlreadySetUp)
        {
            logger.LogInformation("Bootstrap skipped: the database already has users.");
        }
        else
        {
            throw new InvalidOperationException(
                $"Bootstrap failed ({result.ErrorKey}{(result.Detail is null ? "" : ": " + result.Detail)}). Check the Bootstrap section of appsettings.json.");
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using MerchantConsole.Data;
using MerchantConsole.Shops;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton(sp => new ConsoleDatabase(
            sp.GetRequiredService<IOptions<DatabaseProviderOptions>>().Value.Parsed ?? DatabaseProvider.Sqlite,
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Default,
            contentRoot,
            sp.GetRequiredService<SqliteWriteGate>()));
        // Pooled: a context is leased already set up. Made afresh for each read, its set-up (options, internal services,
        // connection object) cost about half a millisecond, more than the grid's small queries themselves (docs/benchmarks.md).
        services.AddPooledDbContextFactory<ApplicationDbContext>((sp, options) => sp.GetRequiredService<ConsoleDatabase>().Configure(options));
        // Identity's stores take the context from the request's scope: a lease from the same pool, returned with the scope.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContext());
        services.AddHostedService<DatabaseStartup>();
        return services;
    }
}

/// <summary>The one place that knows which database engine the console runs on; nothing else in the app does.</summary>
public sealed class ConsoleDatabase(DatabaseProvider provider, string connectionString, string contentRoot, SqliteWriteGate writeGate)
{
    /// <summary>The lock every shop creation takes (any number: it only has to differ from other locks').</summary>
    public const long ShopCreationLock = 0x4D43_0001;

    public DatabaseProvider Provider => provider;

    /// <summary>
    /// How the grid finds the rows a search names by one of several columns (order ID, AccessID, charge permission ID).
    /// SQLite uses one index per table in a query, so one OR reads the whole shop; each alternative must be its own
    /// indexed lookup, joined by UNION. PostgreSQL combines indexes for one OR (a BitmapOr), which on a million rows
    /// answered in a third of the UNION's time (docs/benchmarks.md).
    /// </summary>
    public bool SearchesByUnion => provider == DatabaseProvider.Sqlite;

    /// <summary>
    /// Makes writers that must see each other's work take turns, until the transaction of <paramref name="db"/> ends.
    /// SQLite already does: its transactions begin IMMEDIATE, one writer at a time. PostgreSQL's read-committed
    /// transactions run side by side, so there a transaction-scoped advisory lock does it.
    /// </summary>
    public async Task SerializeAsync(ApplicationDbContext db, long lockKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);
        }
    }

    /// <summary>
    /// The engine and its options. A failed command or save is not logged as an error by EF Core on its way out: the
    /// exception itself reaches the code that knows whether it is expected (two staff claiming one transaction hit its
    /// unique index or version and the loser gets a refusal) or a bug (then it escapes to the host, the circuit or the
    /// worker's handler, which log it as an error). Logged at Debug, the SQL stays available when asked for.
    /// </summary>
    public DbContextOptionsBuilder Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ConfigureWarnings(warnings => warnings.Log(
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
        return provider switch
        {
            DatabaseProvider.Postgres => options.UseNpgsql(connectionString),
            _ => options.UseSqlite(Database.ResolveSqlite(connectionString, contentRoot)).AddInterceptors(writeGate),
        };
    }

    /// <summary>
    /// Applies the provider's own migration set. EF Core takes a database-wide lock while it migrates, so instances
    /// starting together on one PostgreSQL database apply each migration once.
    /// </summary>
    public async Task MigrateAsync(IDbContextFactory<ApplicationDbContext> dbFactory, CancellationToken cancellationToken)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            await using var migrations = PostgresMigrationsContext.Create(connectionString);
            await migrations.Database.MigrateAsync(cancellationToken);
            return;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
        // Write-ahead logging (kept in the file once set): readers never block the writer, so a grid page or a CSV export
        // of a million rows does not hold up a capture's commit. EF Core creates new files in WAL; a file made or restored
        // by other means may be in the rollback journal, where every commit waits for the readers of the moment.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
    }
}

/// <summary>
/// Brings the schema up to date and applies the <c>Bootstrap</c> section before the server takes requests.
/// Migrations, never EnsureCreated: the schema of a running shop evolves in place.
/// </summary>
internal sealed class DatabaseStartup(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    ConsoleDatabase database,
    IServiceScopeFactory scopes,
    IOptions<BootstrapOptions> bootstrap,
    ILogger<DatabaseStartup> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await database.MigrateAsync(dbFactory, cancellationToken);

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

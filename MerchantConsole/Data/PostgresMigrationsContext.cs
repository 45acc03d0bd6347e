using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace MerchantConsole.Data;

/// <summary>
/// The console's model under PostgreSQL's migrations (Data/PostgresMigrations). EF Core ties a migration set to a
/// context type, so each provider has its own: SQLite keeps <see cref="ApplicationDbContext"/>'s, this type holds
/// PostgreSQL's. It is used only to migrate; the app itself always works through <see cref="ApplicationDbContext"/>.
/// Both sets are generated from the same model, and the test command fails when either has pending changes.
/// </summary>
public sealed class PostgresMigrationsContext(DbContextOptions<PostgresMigrationsContext> options) : ApplicationDbContext(options)
{
    /// <summary>
    /// The context that migrates (and, at design time, describes) a PostgreSQL database. Identity reads its schema
    /// version from the application's services; without them it would build an older model (no passkeys table)
    /// than the one the app works with, so the same version is handed over here.
    /// </summary>
    public static PostgresMigrationsContext Create(string connectionString)
    {
        return new(new DbContextOptionsBuilder<PostgresMigrationsContext>()
            .UseNpgsql(connectionString)
            .UseApplicationServiceProvider(IdentityModelServices())
            .Options);
    }
}

/// <summary>
/// For <c>dotnet ef … --context PostgresMigrationsContext</c>: generating and checking migrations needs the model,
/// not a server, so the connection string is never opened.
/// </summary>
internal sealed class PostgresMigrationsContextFactory : IDesignTimeDbContextFactory<PostgresMigrationsContext>
{
    public PostgresMigrationsContext CreateDbContext(string[] args) =>
        PostgresMigrationsContext.Create("Host=127.0.0.1;Database=merchantconsole_design");
}

/// <summary>
/// For <c>dotnet ef … --context ApplicationDbContext</c>: SQLite's migration set. Without a factory of its own, EF Core's
/// tools took <see cref="PostgresMigrationsContextFactory"/> for this context too (its context derives from this one),
/// so the SQLite check in the test command silently compared PostgreSQL's model twice. The file is never opened.
/// </summary>
internal sealed class SqliteMigrationsContextFactory : IDesignTimeDbContextFactory<ApplicationDbContext>
{
    public ApplicationDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<ApplicationDbContext>()
        .UseSqlite("Data Source=merchantconsole-design.db")
        .UseApplicationServiceProvider(ApplicationDbContext.IdentityModelServices())
        .Options);
}

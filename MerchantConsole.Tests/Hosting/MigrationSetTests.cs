using MerchantConsole.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Hosting;

/// <summary>
/// Each provider has its own migration set generated from one model. test.sh asks <c>dotnet ef</c> about pending
/// changes; these tests ask the same of the contexts the app migrates with, and check that the two sets describe
/// the same tables and columns (a design-time factory that built an older Identity model once left PostgreSQL
/// without AspNetUserPasskeys while every check passed).
/// </summary>
public sealed class MigrationSetTests
{
    private static ApplicationDbContext Sqlite()
    {
        // Its own EF Core services, so its own model cache: EF keys the cached model by context type, not by the
        // Identity options it was built with, and a SQLite context made earlier in the process without them (a PostgreSQL
        // pass makes few SQLite contexts) would otherwise be the model compared here.
        var efServices = new ServiceCollection().AddEntityFrameworkSqlite().BuildServiceProvider();
        return new ApplicationDbContext(new DbContextOptionsBuilder<ApplicationDbContext>()
            .UseSqlite("Data Source=:memory:")
            .UseInternalServiceProvider(efServices)
            .UseApplicationServiceProvider(ApplicationDbContext.IdentityModelServices())
            .Options);
    }

    // Never opened: the model and the migrations assembly are all these tests read.
    private static PostgresMigrationsContext Postgres() => PostgresMigrationsContext.Create("Host=127.0.0.1;Database=never_opened");

    [Fact]
    public void Neither_provider_has_model_changes_without_a_migration()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite migrations lag behind the model");
        Assert.False(postgres.Database.HasPendingModelChanges(), "PostgreSQL migrations lag behind the model");
    }

    [Fact]
    public void Both_migration_sets_describe_the_same_tables_and_columns_Identity_passkeys_included()
    {
        using var sqlite = Sqlite();
        using var postgres = Postgres();

        var sqliteSchema = Schema(sqlite);
        var postgresSchema = Schema(postgres);

        Assert.Contains(sqliteSchema, c => c.StartsWith("AspNetUserPasskeys.", StringComparison.Ordinal));
        Assert.Equal(sqliteSchema, postgresSchema);
    }

    /// <summary>Every table.column (with its nullability and length) that the set's snapshot says exists.</summary>
    private static List<string> Schema(DbContext db)
    {
        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot ?? throw new InvalidOperationException("no snapshot");
        return [.. snapshot.Model.GetEntityTypes()
            .Where(e => e.GetTableName() is not null)
            .SelectMany(e => e.GetProperties().Select(p => $"{e.GetTableName()}.{p.GetColumnName()} null={p.IsNullable} max={p.GetMaxLength()}"))
            .Distinct()
            .Order(StringComparer.Ordinal)];
    }
}

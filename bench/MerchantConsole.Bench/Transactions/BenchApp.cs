using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Hosting;
using MerchantConsole.Shops;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Bench.Transactions;

/// <summary>
/// The real app's services over the benchmark database: <c>Program.CreateApp</c> builds them exactly as the
/// console does (provider, connection string options, DbContext, TransactionDirectory), and the host is never
/// started, so no worker touches the data while it is measured.
/// </summary>
internal sealed class BenchApp(WebApplication app) : IAsyncDisposable
{
    /// <summary>A staff member who may view the main shop (a Viewer there, an Operator elsewhere, the main shop current).</summary>
    public static readonly ActorRef Viewer = new("bench-viewer", "viewer@bench.example");

    public IServiceProvider Services => app.Services;

    public static BenchApp Create(string connectionString, string provider = "Sqlite") => new(Program.CreateApp(
    [
        "--Database:Provider=" + provider,
        "--ConnectionStrings:Default=" + connectionString,
        "--Logging:LogLevel:Default=Warning",
    ]));

    /// <summary>The connection string the console is configured with (the root appsettings.json copied beside us).</summary>
    public static string ConfiguredConnectionString()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        return configuration.GetConnectionString("Default") ?? throw new InvalidOperationException("appsettings.json has no ConnectionStrings:Default.");
    }

    public async Task<ApplicationDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    /// <summary>The schema through the app's own migrations, as the console's start-up applies them.</summary>
    public async Task MigrateAsync()
    {
        var database = Services.GetRequiredService<ConsoleDatabase>();
        if (database.Provider == DatabaseProvider.Postgres)
        {
            // PostgreSQL's migration set belongs to its own context type; the console's start-up goes through here too.
            await database.MigrateAsync(Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>(), CancellationToken.None);
            return;
        }

        // SQLite as before: the generator sets its own journal mode after the migrations, so no WAL here.
        await using var db = await DbAsync();
        await db.Database.MigrateAsync();
    }

    /// <summary>The shops, and the staff member the grid is read as, written through EF like the console would.</summary>
    public async Task SeedShopsAndStaffAsync()
    {
        await using var db = await DbAsync();
        var now = TransactionGenerator.End;
        foreach (var (id, name, _) in TransactionGenerator.Shops)
        {
            db.Shops.Add(new Shop { Id = id, Name = name, CreatedAt = now - TransactionGenerator.Span - TimeSpan.FromDays(1) });
        }

        db.Users.Add(new ApplicationUser
        {
            Id = Viewer.Id,
            UserName = Viewer.Name,
            NormalizedUserName = Viewer.Name.ToUpperInvariant(),
            Email = Viewer.Name,
            NormalizedEmail = Viewer.Name.ToUpperInvariant(),
            SecurityStamp = Guid.NewGuid().ToString(),
            CurrentShopId = TransactionGenerator.MainShop,
            CreatedAt = now,
        });
        db.ShopMembers.Add(new ShopMember { ShopId = TransactionGenerator.MainShop, UserId = Viewer.Id, Role = ShopRole.Viewer, CreatedAt = now });
        db.ShopMembers.Add(new ShopMember { ShopId = TransactionGenerator.Shops[1].Id, UserId = Viewer.Id, Role = ShopRole.Operator, CreatedAt = now });
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}

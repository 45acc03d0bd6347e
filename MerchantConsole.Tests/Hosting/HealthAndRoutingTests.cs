using System.Net;
using MerchantConsole.Data;
using MerchantConsole.Hosting;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MerchantConsole.Tests.Hosting;

public class HealthAndRoutingTests
{
    [Fact]
    public async Task Healthz_answers_200_when_the_database_is_reachable()
    {
        await using var console = await TestConsole.StartAsync();
        using var client = console.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_health_check_is_unhealthy_when_the_database_does_not_answer()
    {
        var options = new DbContextOptionsBuilder<ApplicationDbContext>()
            .UseSqlite("DataSource=/nonexistent-folder/console.db;Mode=ReadWrite")
            .Options;
        var check = new DatabaseHealthCheck(new FixedFactory(options));

        var result = await check.CheckHealthAsync(new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("database", check, null, null),
        });

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_is_gone()
    {
        await using var console = await TestConsole.StartAsync();
        using var client = console.CreateClient();
        var dbFactory = console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // The schema disappearing is what an unreachable or wrong database looks like from inside.
            // (Renamed rather than dropped: the same statement on SQLite and PostgreSQL, whatever refers to them.)
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"ShopMembers\" RENAME TO \"ShopMembersGone\"; ALTER TABLE \"Shops\" RENAME TO \"ShopsGone\";");
        }

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);

        // Back as it was, so the secret scan reads this console's stored secrets like any other's: its count of
        // databases it could not read stays at zero, and one that is not zero means something.
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"ShopsGone\" RENAME TO \"Shops\"; ALTER TABLE \"ShopMembersGone\" RENAME TO \"ShopMembers\";");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Pages_require_a_signed_in_user()
    {
        await using var console = await TestConsole.StartAsync();
        using var client = console.CreateClient();

        var response = await client.GetAsync(new Uri("/transactions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_speaks_Japanese_by_default_whatever_the_browser_asks()
    {
        await using var console = await TestConsole.StartAsync();
        using var client = console.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-US");

        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));

        Assert.Contains("<html lang=\"ja\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_culture_endpoint_remembers_English_and_refuses_unknown_cultures()
    {
        await using var console = await TestConsole.StartAsync();
        using var client = console.CreateClient();

        var chosen = await client.GetAsync(new Uri("/culture/set?culture=en-US&redirectUri=%2FAccount%2FLogin", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));
        var unknown = await client.GetAsync(new Uri("/culture/set?culture=xx-XX", UriKind.Relative));
        var offsite = await client.GetAsync(new Uri("/culture/set?culture=ja-JP&redirectUri=%2F%2Fevil.example", UriKind.Relative));

        Assert.Equal("/Account/Login", chosen.Headers.Location!.OriginalString);
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    private sealed class FixedFactory(DbContextOptions<ApplicationDbContext> options) : IDbContextFactory<ApplicationDbContext>
    {
        public ApplicationDbContext CreateDbContext() => new(options);
    }
}

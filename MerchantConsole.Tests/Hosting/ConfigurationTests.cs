using MerchantConsole.Hosting;
using MerchantConsole.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Tests.Hosting;

public class ConfigurationTests
{
    [Fact]
    public void The_root_appsettings_is_the_one_copied_beside_the_app()
    {
        var root = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "appsettings.json"));
        var beside = File.ReadAllText(Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "appsettings.json"));

        Assert.Equal(root, beside);
        Assert.False(File.Exists(Path.Combine(RepositoryRoot.Path, "MerchantConsole", "appsettings.json")), "a second appsettings.json inside the project would shadow the root one");
    }

    [Fact]
    public async Task A_value_from_the_root_file_reaches_the_running_app()
    {
        await using var console = await TestConsole.StartAsync();
        using var client = console.CreateClient();

        var page = await client.GetStringAsync(new Uri("/Account/Login", UriKind.Relative));

        // Console:ProductName has no default in code: it can only have come from appsettings.json.
        Assert.Equal("MerchantConsole", console.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.ProductName);
        Assert.Contains("data-testid=\"product-name\">MerchantConsole<", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Command_line_arguments_override_the_file()
    {
        await using var console = await TestConsole.StartAsync(true, "--Console:ProductName=Override");

        Assert.Equal("Override", console.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.ProductName);
    }

    [Theory]
    [InlineData("--ConnectionStrings:Default=", "ConnectionStrings:Default")]
    [InlineData("--Console:ProductName=", "Console:ProductName")]
    [InlineData("--Database:Provider=Oracle", "Database:Provider")]
    [InlineData("--Bootstrap:ShopId=shop-with-dash", "Bootstrap:ShopId")]
    [InlineData("--Bootstrap:OwnerPassword=short", "Bootstrap:OwnerPassword")]
    [InlineData("--ForwardedHeaders:KnownProxies:0=proxy.example", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("--ForwardedHeaders:KnownNetworks:0=10.0.0.0/33", "ForwardedHeaders:KnownNetworks:0")]
    [InlineData("--Gateway:Admission:ShopRequestsPerSecond=-1", "Gateway:Admission")]
    [InlineData("--Gateway:Admission:ShopBurst=0", "Gateway:Admission")]
    [InlineData("--Gateway:Admission:MaxConcurrentRequests=-5", "Gateway:Admission")]
    public async Task A_missing_or_invalid_setting_stops_startup_naming_the_key(string argument, string key)
    {
        var folder = Directory.CreateTempSubdirectory("mc-config-");
        var app = Program.CreateApp([
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Default=DataSource={Path.Combine(folder.FullName, "c.db")}",
            "--Bootstrap:ShopId=shop1", "--Bootstrap:ShopName=Shop", "--Bootstrap:OwnerEmail=o@example.test",
            "--Bootstrap:OwnerPassword=long enough password",
            argument,
        ]);
        try
        {
            var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
            Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await app.DisposeAsync();
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_relative_sqlite_path_is_resolved_against_the_app_folder_and_its_folder_created()
    {
        var appFolder = Directory.CreateTempSubdirectory("mc-root-").FullName;

        try
        {
            var resolved = Database.ResolveSqlite("DataSource=App_Data/x.db;Cache=Shared", appFolder);

            Assert.Contains($"Data Source={Path.Combine(appFolder, "App_Data", "x.db")}", resolved, StringComparison.Ordinal);
            Assert.Contains("Cache=Shared", resolved, StringComparison.Ordinal);
            Assert.True(Directory.Exists(Path.Combine(appFolder, "App_Data")));
        }
        finally
        {
            Directory.Delete(appFolder, recursive: true);
        }
    }

    [Theory]
    [InlineData("DataSource=:memory:")]
    [InlineData("DataSource=/var/lib/mc/console.db")]
    public void Absolute_and_in_memory_sources_are_kept(string connectionString)
    {
        var resolved = Database.ResolveSqlite(connectionString, "/nonexistent-root");

        Assert.DoesNotContain("nonexistent-root", resolved, StringComparison.Ordinal);
    }
}

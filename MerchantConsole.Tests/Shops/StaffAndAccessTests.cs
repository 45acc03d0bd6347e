using System.Net;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Shops;

/// <summary>The Staff page's rules and the server-side role checks, against the real app and database.</summary>
public sealed class StaffAndAccessTests : IAsyncLifetime
{
    private const string Password = "another long password";
    private TestConsole console = null!;

    public async Task InitializeAsync() => console = await TestConsole.StartAsync();

    public async Task DisposeAsync() => await console.DisposeAsync();

    private StaffDirectory Staff => console.Services.GetRequiredService<StaffDirectory>();

    private async Task<ActorRef> ActorAsync(string email)
    {
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        return new ActorRef(user.Id, email);
    }

    private async Task<ActorRef> AddAsync(string email, ShopRole role)
    {
        var owner = await ActorAsync(TestConsole.OwnerEmail);
        var added = await Staff.AddAsync(owner, email, role, Password);
        Assert.True(added.Succeeded, added.ErrorKey + " " + added.Detail);
        return await ActorAsync(email);
    }

    [Fact]
    public async Task An_Owner_adds_staff_and_the_change_is_journaled_with_who_did_it()
    {
        await AddAsync("viewer@example.test", ShopRole.Viewer);

        var list = await Staff.ListAsync(await ActorAsync(TestConsole.OwnerEmail));

        Assert.Contains(list!, m => m.Email == "viewer@example.test" && m.Role == ShopRole.Viewer && !m.IsDisabled);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "staff.add");
        Assert.Equal((TestConsole.OwnerEmail, "viewer@example.test", TestConsole.ShopId), (entry.ActorName, entry.Target, entry.ShopId));
    }

    [Theory]
    [InlineData(ShopRole.Operator)]
    [InlineData(ShopRole.Viewer)]
    public async Task Only_an_Owner_may_manage_staff_even_when_calling_the_service_directly(ShopRole role)
    {
        var member = await AddAsync("member@example.test", role);

        var add = await Staff.AddAsync(member, "intruder@example.test", ShopRole.Owner, Password);
        var promote = await Staff.ChangeRoleAsync(member, member.Id, ShopRole.Owner);
        var list = await Staff.ListAsync(member);

        Assert.Equal(ShopErrors.NotPermitted, add.ErrorKey);
        Assert.Equal(ShopErrors.NotPermitted, promote.ErrorKey);
        Assert.Null(list);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == "intruder@example.test"));
    }

    [Fact]
    public async Task The_last_active_Owner_can_be_neither_demoted_nor_disabled()
    {
        var owner = await ActorAsync(TestConsole.OwnerEmail);
        var second = await AddAsync("second-owner@example.test", ShopRole.Owner);

        var selfDisable = await Staff.SetDisabledAsync(owner, owner.Id, disabled: true);
        var disableSecond = await Staff.SetDisabledAsync(owner, second.Id, disabled: true);
        var demoteSelf = await Staff.ChangeRoleAsync(owner, owner.Id, ShopRole.Viewer);

        Assert.Equal(ShopErrors.CannotDisableSelf, selfDisable.ErrorKey);
        Assert.True(disableSecond.Succeeded);
        Assert.Equal(ShopErrors.LastOwner, demoteSelf.ErrorKey);
        var list = await Staff.ListAsync(owner);
        Assert.Equal(ShopRole.Owner, list!.Single(m => m.UserId == owner.Id).Role);
    }

    [Fact]
    public async Task Adding_staff_with_bad_input_is_refused_and_creates_nothing()
    {
        var owner = await ActorAsync(TestConsole.OwnerEmail);

        var badEmail = await Staff.AddAsync(owner, "not an email", ShopRole.Viewer, Password);
        var noPassword = await Staff.AddAsync(owner, "new@example.test", ShopRole.Viewer, null);
        var weak = await Staff.AddAsync(owner, "new@example.test", ShopRole.Viewer, "short");
        var badRole = await Staff.AddAsync(owner, "new@example.test", (ShopRole)42, Password);
        var twice = await Staff.AddAsync(owner, TestConsole.OwnerEmail, ShopRole.Viewer, Password);
        var nul = await Staff.AddAsync(owner, "new\u0000@example.test", ShopRole.Viewer, Password); // PostgreSQL cannot store a NUL

        Assert.Equal(
            [ShopErrors.EmailInvalid, ShopErrors.PasswordRequired, ShopErrors.PasswordRejected, ShopErrors.RoleInvalid, ShopErrors.AlreadyMember, ShopErrors.EmailInvalid],
            new[] { badEmail, noPassword, weak, badRole, twice, nul }.Select(r => r.ErrorKey));
        Assert.Single((await Staff.ListAsync(owner))!);
    }

    [Fact]
    public async Task Adding_staff_answers_alike_whether_or_not_the_address_already_has_an_account_elsewhere()
    {
        const string elsewhere = "works-elsewhere@example.test";
        const string ownPassword = "their own long password";
        using (var scope = console.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            var made = await users.CreateAsync(new ApplicationUser { UserName = elsewhere, Email = elsewhere, EmailConfirmed = true }, ownPassword);
            Assert.True(made.Succeeded);
        }

        var owner = await ActorAsync(TestConsole.OwnerEmail);
        async Task<string> AnswersAsync(string email) => string.Join(" | ",
            (await Staff.AddAsync(owner, email, ShopRole.Viewer, null)).ErrorKey,
            (await Staff.AddAsync(owner, email, ShopRole.Viewer, "short")).ErrorKey,
            (await Staff.AddAsync(owner, email, ShopRole.Viewer, Password)).ErrorKey ?? "added");

        var existing = await AnswersAsync(elsewhere);
        var fresh = await AnswersAsync("nobody-yet@example.test");

        Assert.Equal($"{ShopErrors.PasswordRequired} | {ShopErrors.PasswordRejected} | added", existing);
        Assert.Equal(existing, fresh);
        // The existing account keeps its own password: the Owner's initial password gives no way into it.
        using var client = console.CreateClient();
        var withOwnersPassword = await console.SignInAsync(client, elsewhere, Password);
        var withOwn = await console.SignInAsync(client, elsewhere, ownPassword);
        Assert.Equal(HttpStatusCode.OK, withOwnersPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withOwn.StatusCode);
    }

    [Fact]
    public async Task A_Viewer_gets_403_from_the_Staff_page_and_an_Owner_gets_it()
    {
        await AddAsync("viewer@example.test", ShopRole.Viewer);
        using var viewer = console.CreateClient();
        using var owner = console.CreateClient();
        await console.SignInAsync(viewer, "viewer@example.test", Password);
        await console.SignInAsync(owner, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        var viewerStaff = await viewer.GetAsync(new Uri("/staff", UriKind.Relative));
        var viewerTransactions = await viewer.GetAsync(new Uri("/transactions", UriKind.Relative));
        var ownerStaff = await owner.GetAsync(new Uri("/staff", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, viewerStaff.StatusCode);
        Assert.Contains("権限がありません", await viewerStaff.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, viewerTransactions.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownerStaff.StatusCode);
    }

    [Fact]
    public async Task A_disabled_member_loses_access_to_the_shop_at_once()
    {
        var operatorUser = await AddAsync("operator@example.test", ShopRole.Operator);
        using var client = console.CreateClient();
        await console.SignInAsync(client, "operator@example.test", Password);
        var before = await client.GetAsync(new Uri("/transactions", UriKind.Relative));

        await Staff.SetDisabledAsync(await ActorAsync(TestConsole.OwnerEmail), operatorUser.Id, disabled: true);
        var after = await client.GetAsync(new Uri("/transactions", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact]
    public async Task Only_gateway_admins_see_and_create_shops_and_admins_see_no_shop_data_by_that_alone()
    {
        var admin = await ActorAsync(TestConsole.OwnerEmail);
        var operatorUser = await AddAsync("operator@example.test", ShopRole.Operator);
        var shops = console.Services.GetRequiredService<ShopAdministration>();

        var created = await shops.CreateShopAsync(new NewShop("shop2", "二号店", "owner2@example.test", "owner two long password"), admin);
        var refused = await shops.CreateShopAsync(new NewShop("shop3", "三号店", "owner3@example.test", "owner three long password"), operatorUser);
        var taken = await shops.CreateShopAsync(new NewShop("shop2", "again", "owner4@example.test", "owner four long password"), admin);

        Assert.True(created.Succeeded);
        Assert.Equal(ShopErrors.NotPermitted, refused.ErrorKey);
        Assert.Equal(ShopErrors.ShopIdTaken, taken.ErrorKey);
        Assert.Null(await shops.ListShopsAsync(operatorUser));
        Assert.Equal(["shop2", TestConsole.ShopId], (await shops.ListShopsAsync(admin))!.Select(s => s.Id).Order());
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var session = await ShopSession.LoadAsync(db, admin.Id);
        Assert.DoesNotContain(session!.Shops, s => s.Id == "shop2");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_15_minutes()
    {
        using var client = console.CreateClient();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await console.SignInAsync(client, TestConsole.OwnerEmail, "wrong password " + attempt);
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }

        var fifth = await console.SignInAsync(client, TestConsole.OwnerEmail, "wrong password 5");
        var correct = await console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        Assert.EndsWith("/Account/Lockout", fifth.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.EndsWith("/Account/Lockout", correct.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await using var db = await console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == TestConsole.OwnerEmail);
        var remaining = user.LockoutEnd!.Value - DateTimeOffset.UtcNow;
        Assert.InRange(remaining, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task The_right_password_signs_in_and_a_wrong_one_shows_the_error()
    {
        using var client = console.CreateClient();

        var wrong = await console.SignInAsync(client, TestConsole.OwnerEmail, "definitely wrong");
        var right = await console.SignInAsync(client, TestConsole.OwnerEmail, TestConsole.OwnerPassword);

        Assert.Contains("メールアドレスまたはパスワードが正しくありません。", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
    }
}

using MerchantConsole.Api;
using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Settings;
using MerchantConsole.Shops;
using MerchantConsole.Tests.Sandbox;
using MerchantConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MerchantConsole.Tests.Gateway;

/// <summary>
/// Result notifications (結果通知) from the real app to a real HTTP receiver. The background loop is parked
/// (PollSeconds=3600); each test drives passes through DeliverDueAsync, so nothing races.
/// </summary>
public sealed class NotificationTests : IAsyncLifetime
{
    private static readonly string[] FastNotifications =
    [
        "--Gateway:Notifications:RetryIntervalSeconds=0",
        "--Gateway:Notifications:TimeoutSeconds=1",
        "--Gateway:Notifications:MaxAttempts=3",
        "--Gateway:Notifications:PollSeconds=3600",
    ];

    private TestConsole console = null!;
    private NotificationReceiver receiver = null!;
    private ActorRef owner = null!;

    public async Task InitializeAsync()
    {
        receiver = await NotificationReceiver.StartAsync();
        console = await TestConsole.StartAsync(true, FastNotifications);
        owner = await SandboxHarness.OwnerAsync(console, TestConsole.OwnerEmail);
    }

    public async Task DisposeAsync()
    {
        await console.DisposeAsync();
        await receiver.DisposeAsync();
    }

    private ResultNotifier Notifier => console.Services.GetRequiredService<ResultNotifier>();

    private T Service<T>()
        where T : notnull => console.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private Task<ApplicationDbContext> DbAsync() => console.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();

    private async Task SetUrlAsync(string? url)
    {
        await using var db = await DbAsync();
        var settings = await db.ShopAmazonPaySettings.SingleOrDefaultAsync(s => s.ShopId == TestConsole.ShopId);
        if (settings is null)
        {
            settings = new ShopAmazonPaySettings { ShopId = TestConsole.ShopId };
            db.ShopAmazonPaySettings.Add(settings);
        }

        settings.NotificationUrl = url;
        await db.SaveChangesAsync();
    }

    /// <summary>Queues the notification of a (never saved) AUTH transaction, as the gateway does in its unit of work.</summary>
    private async Task<long> EnqueueAsync(string orderId = "ORDER-0001")
    {
        await using var db = await DbAsync();
        var row = new GatewayTransaction
        {
            ShopId = TestConsole.ShopId,
            OrderId = orderId,
            AccessId = "0123456789abcdef0123456789abcdef",
            ProtectedAccessPass = console.ProtectAccessPass("NotificationTestsAccessPass01234"),
            PaymentType = PaymentType.OneTime,
            JobCd = JobCd.Auth,
            State = TransactionState.Auth,
            Amount = 1000,
            Tax = 100,
            ChargePermissionId = "S03-1234567-1234567",
        };
        console.Services.GetRequiredService<ResultNotifications>().Enqueue(db, row, null, new DateTimeOffset(2026, 11, 28, 3, 4, 5, TimeSpan.Zero));
        await db.SaveChangesAsync();
        return db.ChangeTracker.Entries<GatewayNotification>().Single().Entity.Id;
    }

    private async Task<GatewayNotification> NotificationAsync(long id)
    {
        await using var db = await DbAsync();
        var notification = await db.GatewayNotifications.AsNoTracking().Include(n => n.AttemptLog).SingleAsync(n => n.Id == id);
        notification.AttemptLog.Sort((a, b) => a.Id.CompareTo(b.Id));
        return notification;
    }

    [Fact]
    public async Task A_body_of_0_marks_the_notification_delivered_after_one_attempt()
    {
        await SetUrlAsync(receiver.Url.ToString());
        var id = await EnqueueAsync();
        receiver.Enqueue(NotificationReceiver.Answer("0\r\n"));

        var attempts = await Notifier.DeliverDueAsync();
        var again = await Notifier.DeliverDueAsync();

        var notification = await NotificationAsync(id);
        Assert.Equal((1, 0), (attempts, again));
        Assert.Equal(NotificationStatus.Delivered, notification.Status);
        Assert.NotNull(notification.DeliveredAt);
        Assert.Null(notification.LeaseUntil);
        var attempt = Assert.Single(notification.AttemptLog);
        Assert.True(attempt.Received);
        Assert.Equal((200, "0\r\n", receiver.Url.ToString()), (attempt.HttpStatus, attempt.ResponseBody, attempt.Url));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task An_answer_of_1_is_retried_and_the_next_0_delivers()
    {
        await SetUrlAsync(receiver.Url.ToString());
        var id = await EnqueueAsync();
        receiver.Enqueue(NotificationReceiver.Answer("1"), NotificationReceiver.Answer("0"));

        await Notifier.DeliverDueAsync();
        var afterFirst = await NotificationAsync(id);
        await Notifier.DeliverDueAsync();
        var afterSecond = await NotificationAsync(id);

        Assert.Equal((NotificationStatus.Pending, 1), (afterFirst.Status, afterFirst.Attempts));
        Assert.False(afterFirst.AttemptLog.Single().Received);
        Assert.Equal((NotificationStatus.Delivered, 2), (afterSecond.Status, afterSecond.Attempts));
        Assert.Equal(["1", "0"], afterSecond.AttemptLog.Select(a => a.ResponseBody));
        Assert.Equal([false, true], afterSecond.AttemptLog.Select(a => a.Received));
    }

    [Fact]
    public async Task A_timeout_and_a_500_are_not_received_even_when_the_500_says_0()
    {
        await SetUrlAsync(receiver.Url.ToString());
        var id = await EnqueueAsync();
        receiver.Enqueue(NotificationReceiver.Hang, NotificationReceiver.Answer("0", 500));

        await Notifier.DeliverDueAsync();
        await Notifier.DeliverDueAsync();

        var notification = await NotificationAsync(id);
        Assert.Equal((NotificationStatus.Pending, 2), (notification.Status, notification.Attempts));
        var (timedOut, serverError) = (notification.AttemptLog[0], notification.AttemptLog[1]);
        Assert.Null(timedOut.HttpStatus);
        Assert.Contains("timeout", timedOut.Error, StringComparison.Ordinal);
        Assert.InRange(timedOut.DurationMilliseconds, 900, 30_000);
        Assert.Equal(500, serverError.HttpStatus);
        Assert.False(serverError.Received);
    }

    [Fact]
    public async Task After_MaxAttempts_it_is_given_up_with_every_attempt_kept()
    {
        await SetUrlAsync(receiver.Url.ToString());
        var id = await EnqueueAsync();
        receiver.Enqueue(NotificationReceiver.Answer("1"), NotificationReceiver.Answer("OK"), NotificationReceiver.Answer("", 503), NotificationReceiver.Answer("0"));

        var passes = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            passes.Add(await Notifier.DeliverDueAsync());
        }

        var notification = await NotificationAsync(id);
        Assert.Equal([1, 1, 1, 0], passes);
        Assert.Equal((NotificationStatus.GaveUp, 3), (notification.Status, notification.Attempts));
        Assert.Equal(3, notification.AttemptLog.Count);
        Assert.All(notification.AttemptLog, a => Assert.False(a.Received));
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task The_form_is_sent_in_Windows31J_with_ShopPass_and_AccessPass_masked()
    {
        await SetUrlAsync(receiver.Url.ToString());
        // OrderIDs are ASCII in practice; Japanese here proves the codec, which any field's text goes through.
        await EnqueueAsync("注文テスト-1");
        receiver.Enqueue(NotificationReceiver.Answer("0"));

        await Notifier.DeliverDueAsync();

        var sent = Assert.Single(receiver.Received);
        Assert.Equal("application/x-www-form-urlencoded; charset=windows-31j", sent.ContentType);
        var raw = System.Text.Encoding.ASCII.GetString(sent.Body);
        Assert.Contains(Windows31J.UrlEncode("注文テスト"), raw, StringComparison.Ordinal);
        Assert.DoesNotContain(System.Web.HttpUtility.UrlEncode("注文テスト"), raw, StringComparison.Ordinal);
        Assert.DoesNotContain(TestConsole.ShopPass, raw, StringComparison.Ordinal);
        var form = Windows31J.ParseForm(sent.Body);
        Assert.Equal("注文テスト-1", form["OrderID"]);
        Assert.Equal("**********", form["ShopPass"]);
        Assert.Equal(new string('*', 32), form["AccessPass"]);
        Assert.Equal((TestConsole.ShopId, "AUTH", "1000", "100", "JPN", "38", "20261128120405"),
            (form["ShopID"], form["Status"], form["Amount"], form["Tax"], form["Currency"], form["PayType"], form["TranDate"]));
        Assert.Equal(
            ["ShopID", "ShopPass", "AccessID", "AccessPass", "OrderID", "Status", "JobCd", "Amount", "Tax", "Currency", "TranDate", "ErrCode", "ErrInfo", "PayType", "AmazonChargePermissionID"],
            form.Keys);
    }

    [Fact]
    public async Task Without_a_URL_the_attempt_is_an_error_and_the_retry_uses_the_URL_set_since()
    {
        await SetUrlAsync(null);
        var id = await EnqueueAsync();

        await Notifier.DeliverDueAsync();
        var withoutUrl = await NotificationAsync(id);
        await SetUrlAsync(receiver.Url.ToString());
        receiver.Enqueue(NotificationReceiver.Answer("0"));
        await Notifier.DeliverDueAsync();
        var withUrl = await NotificationAsync(id);

        var missing = Assert.Single(withoutUrl.AttemptLog);
        Assert.Equal((NotificationStatus.Pending, ""), (withoutUrl.Status, missing.Url));
        Assert.Contains(GatewayErrors.NotificationUrlMissing.ErrInfo, missing.Error, StringComparison.Ordinal);
        Assert.Equal(NotificationStatus.Delivered, withUrl.Status);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Two_passes_at_once_send_a_notification_only_once()
    {
        await SetUrlAsync(receiver.Url.ToString());
        var id = await EnqueueAsync();
        receiver.Enqueue(NotificationReceiver.Answer("0"), NotificationReceiver.Answer("0"));
        // A second notifier, as a second instance of the app would have, on the same database.
        var other = ActivatorUtilities.CreateInstance<ResultNotifier>(console.Services);

        var attempts = await Task.WhenAll(Notifier.DeliverDueAsync(), other.DeliverDueAsync());

        Assert.Equal(1, attempts.Sum());
        Assert.Single(receiver.Received);
        Assert.Single((await NotificationAsync(id)).AttemptLog);
    }

    [Fact]
    public async Task A_queued_notification_survives_a_restart_and_is_delivered_after_it()
    {
        await SetUrlAsync(receiver.Url.ToString());
        var id = await EnqueueAsync();

        console = await console.RestartAsync();
        receiver.Enqueue(NotificationReceiver.Answer("0"));
        var attempts = await Notifier.DeliverDueAsync();

        Assert.Equal(1, attempts);
        Assert.Equal(NotificationStatus.Delivered, (await NotificationAsync(id)).Status);
    }

    [Fact]
    public async Task The_test_notification_is_sent_at_once_marked_E00000000_and_journaled()
    {
        await SetUrlAsync(receiver.Url.ToString());
        receiver.Enqueue(NotificationReceiver.Answer("0"));

        var result = await Service<NotificationService>().SendTestAsync(owner);

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var notification = await NotificationAsync(result.Value);
        Assert.True(notification.IsTest);
        Assert.Equal(NotificationStatus.Delivered, notification.Status);
        var form = Windows31J.ParseForm(Assert.Single(receiver.Received).Body);
        Assert.Equal(("E00", GatewayErrors.TestNotificationInfo, "TEST"), (form["ErrCode"], form["ErrInfo"], form["OrderID"]));
        Assert.Equal(("**********", new string('*', 32)), (form["ShopPass"], form["AccessPass"]));
        await using var db = await DbAsync();
        Assert.Contains(await db.AuditEntries.ToListAsync(), e => e.Action == "settings.test-notification" && e.ActorName == TestConsole.OwnerEmail);
        var recent = Assert.Single(await Service<NotificationService>().RecentAsync(owner));
        Assert.True(Assert.Single(recent.AttemptLog).Received);
    }

    [Fact]
    public async Task The_test_notification_is_refused_without_a_URL()
    {
        var result = await Service<NotificationService>().SendTestAsync(owner);

        Assert.Equal(GatewayErrors.NotificationUrlMissing, result.Error);
        await using var db = await DbAsync();
        Assert.Empty(await db.GatewayNotifications.ToListAsync());
    }

    [Theory]
    [InlineData(ShopRole.Operator)]
    [InlineData(ShopRole.Viewer)]
    public async Task Operators_and_Viewers_cannot_send_a_test_notification_but_see_the_history(ShopRole role)
    {
        await SetUrlAsync(receiver.Url.ToString());
        await Service<StaffDirectory>().AddAsync(owner, "member@example.test", role, "member passphrase long");
        var member = await SandboxHarness.OwnerAsync(console, "member@example.test");
        await EnqueueAsync();

        var result = await Service<NotificationService>().SendTestAsync(member);
        var recent = await Service<NotificationService>().RecentAsync(member);

        Assert.Equal(NotificationService.NotPermitted, result.Error);
        Assert.Empty(receiver.Received);
        Assert.Single(recent);
    }
}

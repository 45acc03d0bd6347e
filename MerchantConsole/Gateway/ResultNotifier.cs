using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using MerchantConsole.Api;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Gateway;

/// <summary>
/// Delivers queued result notifications (結果通知) to each shop's notification URL as a Windows-31J form.
/// Only a body of exactly <c>0</c> counts as received; everything else is retried after
/// <see cref="NotificationSettings.RetryIntervalSeconds"/> until <see cref="NotificationSettings.MaxAttempts"/>
/// attempts were made. Every attempt is kept. A notification is claimed with a lease before it is sent, so
/// several instances never post the same one at once.
/// </summary>
public sealed class ResultNotifier(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    IHttpClientFactory httpFactory,
    IOptions<GatewayOptions> options,
    TimeProvider clock,
    ILogger<ResultNotifier> logger) : BackgroundService
{
    public const string HttpClientName = "ResultNotifier";

    public const int KeptBodyLength = 200;

    private const int KeptErrorLength = 500;

    private const int BatchSize = 50;

    // More than the body we keep is never read: a misbehaving receiver cannot make us buffer megabytes.
    private const int MaxBodyRead = 4096;

    private static readonly MediaTypeHeaderValue FormType = new("application/x-www-form-urlencoded") { CharSet = Windows31J.CharsetName };

    private NotificationSettings Settings => options.Value.Notifications;

    // Long enough for one POST to time out and its outcome to be written; a crashed sender's claim ends with it.
    private TimeSpan Lease => TimeSpan.FromSeconds(Settings.TimeoutSeconds * 2 + 30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The first pass waits one interval: startup is not slowed, and a test that drives passes itself
        // through DeliverDueAsync (with a long PollSeconds) never races the loop.
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Settings.PollSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Result notification pass failed; the next pass retries.");
            }
        }
    }

    /// <summary>One pass: every due notification this instance can claim gets one attempt. Returns the attempts made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken = default)
    {
        List<long> due;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var now = clock.GetUtcNow();
            due = await db.GatewayNotifications.AsNoTracking()
                .Where(n => n.Status == NotificationStatus.Pending && n.NextAttemptAt <= now && (n.LeaseUntil == null || n.LeaseUntil <= now))
                .OrderBy(n => n.NextAttemptAt).ThenBy(n => n.Id)
                .Select(n => n.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
        }

        var attempts = 0;
        foreach (var id in due)
        {
            if (await DeliverAsync(id, cancellationToken) is not null)
            {
                attempts++;
            }
        }

        return attempts;
    }

    /// <summary>
    /// One attempt at one pending notification, whether or not it is due (the test notification is sent at once).
    /// Null when another sender holds it or it is no longer pending.
    /// </summary>
    public async Task<GatewayNotificationAttempt?> DeliverAsync(long notificationId, CancellationToken cancellationToken = default)
    {
        var lease = await ClaimAsync(notificationId, cancellationToken);
        if (lease is null)
        {
            return null;
        }

        GatewayNotification notification;
        string? url;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            notification = await db.GatewayNotifications.AsNoTracking().SingleAsync(n => n.Id == notificationId, cancellationToken);
            // The URL as set now, not when the notification was queued: a corrected URL helps the retries.
            url = await db.ShopAmazonPaySettings.Where(s => s.ShopId == notification.ShopId).Select(s => s.NotificationUrl).SingleOrDefaultAsync(cancellationToken);
        }

        var attempt = string.IsNullOrWhiteSpace(url)
            ? new GatewayNotificationAttempt { At = clock.GetUtcNow(), Url = "", Error = $"{GatewayErrors.NotificationUrlMissing.ErrInfo}: {GatewayErrors.NotificationUrlMissing.English}" }
            : await PostAsync(url, ResultNotifications.Read(notification), cancellationToken);
        attempt.NotificationId = notificationId;
        await RecordAsync(notification, lease.Value, attempt);
        return attempt;
    }

    private async Task<DateTimeOffset?> ClaimAsync(long notificationId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var until = now + Lease;
        var claimed = await db.GatewayNotifications
            .Where(n => n.Id == notificationId && n.Status == NotificationStatus.Pending && (n.LeaseUntil == null || n.LeaseUntil <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(n => n.LeaseUntil, until), cancellationToken);
        return claimed == 1 ? until : null;
    }

    private async Task<GatewayNotificationAttempt> PostAsync(string url, IReadOnlyList<KeyValuePair<string, string>> fields, CancellationToken cancellationToken)
    {
        var attempt = new GatewayNotificationAttempt { At = clock.GetUtcNow(), Url = Truncate(url, 2000)! };
        var started = clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Settings.TimeoutSeconds), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var content = new ByteArrayContent(Windows31J.FormBody(fields));
            content.Headers.ContentType = FormType;
            using var http = httpFactory.CreateClient(HttpClientName);
            using var response = await http.PostAsync(new Uri(url, UriKind.Absolute), content, linked.Token);
            attempt.HttpStatus = (int)response.StatusCode;
            var body = await ReadBodyAsync(response, linked.Token);
            attempt.ResponseBody = Truncate(body, KeptBodyLength);
            // The protocol: "0" received, "1" send again; anything else is not received either.
            attempt.Received = response.IsSuccessStatusCode && body.Trim() == "0";
            if (!attempt.Received)
            {
                attempt.Error = response.IsSuccessStatusCode ? "The answer was not 0 (received)." : $"HTTP {attempt.HttpStatus}";
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            attempt.Error = $"No answer within {Settings.TimeoutSeconds} s (timeout).";
        }
        catch (HttpRequestException e)
        {
            attempt.Error = Truncate($"Connection failed: {e.Message}", KeptErrorLength);
        }
        catch (UriFormatException e)
        {
            attempt.Error = Truncate($"Invalid URL: {e.Message}", KeptErrorLength);
        }

        attempt.DurationMilliseconds = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
        return attempt;
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyRead];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken)) > 0)
        {
            read += n;
        }

        // Merchants' programs answer in UTF-8 or Shift_JIS; "0" is the same in both. UTF-8 with replacement never throws.
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private async Task RecordAsync(GatewayNotification notification, DateTimeOffset lease, GatewayNotificationAttempt attempt)
    {
        var settings = Settings;
        var attempts = notification.Attempts + 1;
        var status = attempt.Received ? NotificationStatus.Delivered
            : attempts >= settings.MaxAttempts ? NotificationStatus.GaveUp
            : NotificationStatus.Pending;
        var now = clock.GetUtcNow();
        var next = status == NotificationStatus.Pending ? now + TimeSpan.FromSeconds(settings.RetryIntervalSeconds) : notification.NextAttemptAt;
        DateTimeOffset? deliveredAt = attempt.Received ? now : null;

        // The attempt is written even if the outcome is not ours to record any more: nothing that was sent goes unlogged.
        // Not cancelled by shutdown: the POST already happened.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var updated = await db.GatewayNotifications
            .Where(n => n.Id == notification.Id && n.LeaseUntil == lease)
            .ExecuteUpdateAsync(set => set
                .SetProperty(n => n.Attempts, n => n.Attempts + 1)
                .SetProperty(n => n.Status, status)
                .SetProperty(n => n.NextAttemptAt, next)
                .SetProperty(n => n.DeliveredAt, deliveredAt)
                .SetProperty(n => n.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        db.GatewayNotificationAttempts.Add(attempt);
        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        if (updated != 1)
        {
            logger.LogWarning("Result notification {NotificationId}: the lease ran out during the attempt; another sender may retry it.", notification.Id);
        }
        else if (status == NotificationStatus.GaveUp)
        {
            logger.LogWarning("Result notification {NotificationId} for shop {ShopId} given up after {Attempts} attempts.", notification.Id, notification.ShopId, attempts);
        }

    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}

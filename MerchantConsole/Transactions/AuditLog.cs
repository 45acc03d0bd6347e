using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

/// <summary>One line of the shop's audit view: a payment operation from the gateway's journal, or a settings/staff change.</summary>
public sealed record AuditLine(DateTimeOffset At, string Who, string What, string? Target, string? Detail, bool IsPayment);

public sealed record AuditFilter(string? Who = null, string? What = null, DateOnly? From = null, DateOnly? To = null);

/// <summary>
/// 監査ログ: the gateway's operation journal and the console's change journal of the current shop, newest first,
/// filterable by user, operation and Japan-time dates. Owners only: it names every staff member's actions.
/// </summary>
public sealed class AuditLog(IDbContextFactory<ApplicationDbContext> dbFactory)
{
    public const int Limit = 500;

    public async Task<IReadOnlyList<AuditLine>?> SearchAsync(ActorRef actor, AuditFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ManageStaff, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        DateTimeOffset? from = filter.From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), Jst.Offset) : null;
        DateTimeOffset? to = filter.To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), Jst.Offset) : null;
        var who = TransactionFilter.Clean(filter.Who);

        var journal = db.GatewayJournal.AsNoTracking().Where(j => j.ShopId == shopId);
        var changes = db.AuditEntries.AsNoTracking().Where(a => a.ShopId == shopId);
        if (from is { } start)
        {
            journal = journal.Where(j => j.At >= start);
            changes = changes.Where(a => a.At >= start);
        }

        if (to is { } end)
        {
            journal = journal.Where(j => j.At < end);
            changes = changes.Where(a => a.At < end);
        }

        if (who is not null)
        {
            journal = journal.Where(j => j.ActorName.Contains(who));
            changes = changes.Where(a => a.ActorName.Contains(who));
        }

        // An operation name filters the payment journal; a prefix such as "settings." filters the change journal.
        var what = TransactionFilter.Clean(filter.What);
        Operation? operation = Enum.TryParse<Operation>(what, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
        var prefix = operation is null ? what : null;
        var payments = prefix is null
            ? await journal.Where(j => operation == null || j.Operation == operation).OrderByDescending(j => j.At).Take(Limit).ToListAsync(cancellationToken)
            : [];
        var others = operation is null
            ? await changes.Where(a => prefix == null || a.Action.StartsWith(prefix)).OrderByDescending(a => a.At).Take(Limit).ToListAsync(cancellationToken)
            : [];

        return payments.Select(j => new AuditLine(
                j.At, j.ActorName, $"{j.Operation.Japanese()}・{j.Outcome.Japanese()} / {j.Operation.English()} · {j.Outcome.English()}", j.OrderId,
                $"{j.StateBefore?.Code()} → {j.StateAfter?.Code()}{(j.ErrorCode is null ? "" : $" {j.ErrorCode} {j.ErrorMessage}")}", true))
            .Concat(others.Select(a => new AuditLine(a.At, a.ActorName, a.Action, a.Target, a.Detail, false)))
            .OrderByDescending(line => line.At)
            .Take(Limit)
            .ToList();
    }
}

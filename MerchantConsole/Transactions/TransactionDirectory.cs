using MerchantConsole.Core;
using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Hosting;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

/// <summary>A grid row: what staff read, and the operations the core's table offers in this state.</summary>
public sealed record TransactionRow(
    long Id,
    string OrderId,
    string AccessId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    TransactionState State,
    PaymentType PaymentType,
    JobCd JobCd,
    long Amount,
    long Tax,
    long Refunded,
    int PartialRefunds,
    DateTimeOffset? CaptureDeadline,
    bool AuthorizationExpired,
    DateTimeOffset? AuthorizationEndedAt,
    string? ChargePermissionId,
    bool AmountChangeEnabled,
    long Version)
{
    /// <summary>The buttons of the row: the operations the transition table allows, that staff request from the grid.</summary>
    public IReadOnlyList<Operation> Actions =>
        TransitionTable.AllowedOperations(PaymentType.Flow(), State).Where(StaffOperations.Contains).ToList();

    public bool IsPending => TransactionFilter.Pending.Contains(State);

    /// <summary>
    /// Why a same-amount 金額変更 (the manual's way to extend the capture window) cannot be offered for this
    /// authorization, or null when it can; the amounts are checked by the dialog like any other change.
    /// </summary>
    public Refusal? DeadlineExtensionRefusal => Transaction.AmountChangeRefusal(PaymentType, AmountChangeEnabled);

    /// <summary>An authorization whose capture deadline is near (or passed) and that staff may extend from the grid.</summary>
    public bool OffersDeadlineExtension(DateTimeOffset now) =>
        State == TransactionState.Auth && CaptureDeadline is { } deadline && deadline - now <= TransactionFilter.ExpiryWarning
        && Actions.Contains(Operation.ChangeAmount);

    public static readonly IReadOnlyList<Operation> StaffOperations =
        [Operation.Capture, Operation.CancelFull, Operation.CancelPartial, Operation.ChangeAmount, Operation.EndRegistration];
}

/// <summary>A page of the grid, and the shop it was read from (the one the actor was permitted to view at the time).</summary>
public sealed record TransactionPage(IReadOnlyList<TransactionRow> Rows, int Total, string ShopId);

/// <summary>Reads the current shop's transactions for the grid; every query is scoped to a shop the actor may view.</summary>
public sealed class TransactionDirectory(IDbContextFactory<ApplicationDbContext> dbFactory, ConsoleDatabase database, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<TransactionPage?> SearchAsync(ActorRef actor, TransactionFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One connection for the permission check, the count and the page, rather than one opened per query.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        if (shopId is null)
        {
            return null;
        }

        // The page's IDs first, then only those rows (a "deferred join"): the offset and the sort run over index entries
        // and narrow rows instead of whole rows, and the inner query can be answered from a covering index. As one query,
        // page 2,000 by amount and an AUTH date range were 5 and 60 times slower on a million rows (docs/decisions/007).
        var size = Math.Clamp(pageSize, 1, MaxPageSize);
        return await GridQuery.RunAsync(db, shopId, filter, database.SearchesByUnion, clock.GetUtcNow(), Math.Max(0, page) * size, size, cancellationToken);
    }

    /// <summary>How many authorizations must be captured within 7 days (or already missed it): the banner's number.</summary>
    public async Task<int> ExpiringCountAsync(ActorRef actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shopId = await ShopSession.PermittedShopAsync(db, actor, ShopPermission.ViewShop, cancellationToken);
        return shopId is null ? 0 : await Filtered(db, shopId, new TransactionFilter { ExpiringSoon = true }).CountAsync(cancellationToken);
    }

    internal IQueryable<GatewayTransaction> Filtered(ApplicationDbContext db, string shopId, TransactionFilter filter)
    {
        var query = db.GatewayTransactions.AsNoTracking().Where(t => t.ShopId == shopId);
        if (filter.Search is { Length: > 0 } search)
        {
            // Each alternative on its own index, within the shop: one OR over the three, or the LIKE that StartsWith
            // becomes (which SQLite cannot serve from an index), reads every row of the shop. The order ID prefix is a
            // range on (ShopId, OrderId), ordinal as order IDs are (ASCII letters, digits and '-', unique as written).
            // The rows are then found by ID alone: with the shop repeated outside, SQLite (which has no statistics to
            // tell it a shop may hold a million rows) walks the shop's index testing every ID against the matches.
            var shopRows = db.GatewayTransactions.Where(t => t.ShopId == shopId);
            var matches = shopRows.Where(t => t.AccessId == search).Select(t => t.Id)
                .Union(shopRows.Where(t => t.ChargePermissionId == search).Select(t => t.Id));
            if (OrderIdPrefixEnd(search) is { } end)
            {
#pragma warning disable CA1309 // Translated to SQL, where text compares by the column's binary collation: ordinal.
                matches = matches.Union(shopRows.Where(t => string.Compare(t.OrderId, search) >= 0 && string.Compare(t.OrderId, end) < 0).Select(t => t.Id));
#pragma warning restore CA1309
            }

            query = db.GatewayTransactions.AsNoTracking().Where(t => matches.Contains(t.Id));
        }

        if (filter.States.Count > 0)
        {
            var states = filter.States.ToList();
            query = query.Where(t => states.Contains(t.State));
        }

        if (filter.PaymentTypes.Count > 0)
        {
            var types = filter.PaymentTypes.ToList();
            query = query.Where(t => types.Contains(t.PaymentType));
        }

        if (filter.JobCd is { } jobCd)
        {
            query = query.Where(t => t.JobCd == jobCd && t.PaymentType != PaymentType.RegistrationOnly);
        }

        if (filter.From is { } from)
        {
            var start = StartOfJstDay(from);
            query = query.Where(t => t.CreatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfJstDay(to.AddDays(1));
            query = query.Where(t => t.CreatedAt < end);
        }

        if (filter.MinAmount is { } min)
        {
            query = query.Where(t => t.Amount + t.Tax >= min);
        }

        if (filter.MaxAmount is { } max)
        {
            query = query.Where(t => t.Amount + t.Tax <= max);
        }

        if (filter.ExpiringSoon)
        {
            var limit = clock.GetUtcNow() + TransactionFilter.ExpiryWarning;
            query = query.Where(t => t.State == TransactionState.Auth && t.CaptureDeadline != null && t.CaptureDeadline <= limit);
        }

        return query;
    }

    /// <summary>A stored transaction as a grid row, for a record already loaded (the detail page's buttons).</summary>
    public static TransactionRow RowOf(GatewayTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new(t.Id, t.OrderId, t.AccessId, t.CreatedAt, t.UpdatedAt, t.State, t.PaymentType, t.JobCd, t.Amount, t.Tax,
            t.CancelledAmount + t.CancelledTax, t.PartialRefunds, t.CaptureDeadline, t.AuthorizationExpired, t.AuthorizationEndedAt, t.ChargePermissionId,
            t.AmountChangeEnabled, t.Version);
    }

    /// <summary>
    /// The first string after every order ID that starts with <paramref name="prefix"/>; null when no order ID can start
    /// with it (order IDs are ASCII letters, digits and '-').
    /// </summary>
    internal static string? OrderIdPrefixEnd(string prefix) =>
        prefix.Length <= GatewayTransaction.OrderIdMaxLength && prefix.All(char.IsAscii) && prefix[^1] < '\x7f'
            ? prefix[..^1] + (char)(prefix[^1] + 1)
            : null;

    internal static DateTimeOffset StartOfJstDay(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Jst.Offset);
}

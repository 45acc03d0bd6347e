using System.Globalization;
using System.Security.Cryptography;
using MerchantConsole.Core;
using MerchantConsole.Core.Payments;
using MerchantConsole.Core.Shops;
using MerchantConsole.Data;
using MerchantConsole.Gateway;
using MerchantConsole.Shops;
using Microsoft.EntityFrameworkCore;

namespace MerchantConsole.Transactions;

/// <summary>Everything about one transaction that its detail page and action dialogs show.</summary>
public sealed record TransactionDetail(
    GatewayTransaction Row,
    Transaction? Snapshot,
    IReadOnlyList<GatewayRefund> Refunds,
    IReadOnlyList<GatewayAmountChange> AmountChanges,
    IReadOnlyList<GatewayJournalEntry> Journal,
    IReadOnlyList<GatewayNotification> Notifications,
    bool CanOperate)
{
    public Yen RemainingAmount => Snapshot?.RemainingAmount ?? Yen.Zero;

    public Yen RemainingTax => Snapshot?.RemainingTax ?? Yen.Zero;

    public int PartialRefundsLeft => Limits.MaximumPartialRefunds - Row.PartialRefunds;

    /// <summary>The 金額変更 ceiling for before + after (interpretation 3).</summary>
    public Yen AmountChangeCeiling => Limits.AmountChangeCeiling(new Yen(Row.FirstAuthorizedTotal));

    /// <summary>The largest total a 金額変更 may set now: the ceiling less the amount before.</summary>
    public Yen AmountChangeMaximum => Yen.Min(AmountChangeCeiling - new Yen(Row.Amount + Row.Tax), Limits.MaximumAmount);
}

/// <summary>
/// The console's buttons: each checks the staff member's role on the server, asks the core first (so a refusal is
/// shown before anything is sent), and acts through the same gateway engine as the merchant API.
/// </summary>
public sealed class TransactionActions(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    PaymentGateway gateway,
    PermissionOperations permissions,
    GatewaySync sync,
    TimeProvider clock)
{
    public static readonly Refusal NotPermitted = new("NOT_PERMITTED",
        "この操作を行う権限がありません(オペレーター以上が必要です)。", "You may not do this (Operator or Owner needed).");

    public async Task<TransactionDetail?> LoadAsync(ActorRef actor, long transactionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var session = await ShopSession.LoadAsync(db, actor.Id, cancellationToken);
        if (session?.Current is null || !session.Can(ShopPermission.ViewShop))
        {
            return null;
        }

        var shopId = session.Current.Id;
        var row = await db.GatewayTransactions.AsNoTracking().Include(t => t.Refunds).Include(t => t.AmountChanges)
            .SingleOrDefaultAsync(t => t.Id == transactionId && t.ShopId == shopId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var journal = await db.GatewayJournal.AsNoTracking()
            .Where(j => j.ShopId == shopId && (j.TransactionId == transactionId || (row.PermissionId != null && j.PermissionId == row.PermissionId && j.TransactionId == null)))
            .OrderBy(j => j.At).ThenBy(j => j.Id).ToListAsync(cancellationToken);
        var notifications = await db.GatewayNotifications.AsNoTracking().Include(n => n.AttemptLog)
            .Where(n => n.ShopId == shopId && n.TransactionId == transactionId).OrderBy(n => n.CreatedAt).ToListAsync(cancellationToken);
        return new TransactionDetail(
            row,
            row.PaymentType == PaymentType.RegistrationOnly ? null : row.ToSnapshot(),
            row.Refunds.OrderBy(r => r.RequestedAt).ToList(),
            row.AmountChanges.OrderBy(c => c.At).ToList(),
            journal,
            notifications,
            session.Can(ShopPermission.OperatePayments));
    }

    /// <summary>The core's answer before anything is sent: null when the operation may go ahead with these amounts.</summary>
    public Refusal? Check(TransactionDetail detail, Operation operation, Yen? amount, Yen? tax)
    {
        ArgumentNullException.ThrowIfNull(detail);
        if (!detail.CanOperate)
        {
            return NotPermitted;
        }

        if (detail.Snapshot is not { } snapshot)
        {
            return null; // a registration-only row: 利用承諾終了 is decided on its permission
        }

        var request = operation switch
        {
            Operation.Capture => Request.Capture(),
            Operation.CancelFull => Request.CancelFull(),
            Operation.CancelPartial => Request.CancelPartial(amount ?? Yen.Zero, tax ?? Yen.Zero),
            Operation.ChangeAmount => Request.ChangeAmount(amount ?? Yen.Zero, tax ?? Yen.Zero),
            _ => null,
        };
        if (request is null)
        {
            return null;
        }

        var decision = snapshot.Decide(request, clock.GetUtcNow());
        return decision.IsAccepted ? null : decision.Refusal;
    }

    public async Task<GatewayResult<GatewayTransaction>> RunAsync(
        ActorRef actor, long transactionId, Operation operation, Yen? amount, Yen? tax, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var owner = await OwnTransactionShopAsync(actor, transactionId, cancellationToken);
        if (!owner.IsSuccess)
        {
            return owner.Error;
        }

        var shopId = owner.Value;
        var staff = GatewayActor.Staff(actor);
        return operation switch
        {
            Operation.Capture => await gateway.CaptureAsync(shopId, transactionId, null, null, staff, cancellationToken),
            Operation.CancelFull => await gateway.CancelAsync(shopId, transactionId, null, null, staff, cancellationToken),
            Operation.CancelPartial => await gateway.CancelAsync(shopId, transactionId, amount ?? Yen.Zero, tax ?? Yen.Zero, staff, cancellationToken),
            Operation.ChangeAmount => await gateway.ChangeAmountAsync(shopId, transactionId, amount ?? Yen.Zero, tax ?? Yen.Zero, staff, cancellationToken),
            Operation.EndRegistration => await EndRegistrationOfAsync(shopId, transactionId, staff, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation staff start from a row."),
        };
    }

    /// <summary>利用承諾終了 by charge permission ID (the registrations page).</summary>
    public async Task<GatewayResult<GatewayPermission>> EndRegistrationAsync(ActorRef actor, string chargePermissionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var shopId = await PermittedShopAsync(actor, cancellationToken);
        return shopId is null ? GatewayErrors.NotPermitted : await permissions.EndAsync(shopId, chargePermissionId, GatewayActor.Staff(actor), cancellationToken);
    }

    /// <summary>随時決済 from the console: 取引登録 and 決済実行 on the permission, with an order ID the console makes up.</summary>
    public async Task<GatewayResult<GatewayTransaction>> ChargeNowAsync(
        ActorRef actor, string chargePermissionId, JobCd jobCd, Yen amount, Yen tax, string? orderId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var shopId = await PermittedShopAsync(actor, cancellationToken);
        if (shopId is null)
        {
            return GatewayErrors.NotPermitted;
        }

        // The permission must be this shop's before anything is written: another shop's ID creates no order here.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.GatewayPermissions.AnyAsync(p => p.ShopId == shopId && p.ChargePermissionId == chargePermissionId, cancellationToken))
            {
                return GatewayErrors.PermissionNotFound;
            }
        }

        var staff = GatewayActor.Staff(actor);
        orderId ??= "R" + clock.GetUtcNow().ToJst().ToString("yyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(6);
        var entry = await gateway.EntryAsync(shopId, new EntryInput(orderId, PaymentType.Recurring, jobCd, amount, tax), staff, cancellationToken);
        if (!entry.IsSuccess)
        {
            return entry.Error;
        }

        long id;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            id = await db.GatewayTransactions.Where(t => t.ShopId == shopId && t.OrderId == orderId).Select(t => t.Id).SingleAsync(cancellationToken);
        }

        var exec = await gateway.ExecAsync(shopId, id, new ExecInput("", ChargePermissionId: chargePermissionId), new Uri("http://127.0.0.1/"), staff, cancellationToken);
        return exec.IsSuccess ? exec.Value.Transaction : exec.Error;
    }

    /// <summary>
    /// 今すぐ同期 (the grid's sync button): asks Amazon now about a pending step of one of the staff member's own shop's
    /// transactions. True when it settled, false when Amazon is still working on it.
    /// </summary>
    public async Task<GatewayResult<bool>> SyncNowAsync(ActorRef actor, long transactionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var owner = await OwnTransactionShopAsync(actor, transactionId, cancellationToken);
        return owner.IsSuccess ? await sync.SettleOneAsync(transactionId, cancellationToken) : owner.Error;
    }

    private async Task<GatewayResult<GatewayTransaction>> EndRegistrationOfAsync(string shopId, long transactionId, GatewayActor staff, CancellationToken cancellationToken)
    {
        string? permissionId;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            permissionId = await db.GatewayTransactions.Where(t => t.Id == transactionId).Select(t => t.ChargePermissionId).SingleAsync(cancellationToken);
        }

        if (permissionId is null)
        {
            return GatewayErrors.PermissionNotFound;
        }

        var ended = await permissions.EndAsync(shopId, permissionId, staff, cancellationToken);
        if (!ended.IsSuccess)
        {
            return ended.Error;
        }

        await using var read = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await read.GatewayTransactions.AsNoTracking().SingleAsync(t => t.Id == transactionId, cancellationToken);
    }

    /// <summary>
    /// The shop in which the actor may operate payments, when the transaction is that shop's: E01 "not permitted" for a
    /// Viewer (or no shop), "order not found" for another shop's transaction (never saying that it exists).
    /// </summary>
    private async Task<GatewayResult<string>> OwnTransactionShopAsync(ActorRef actor, long transactionId, CancellationToken cancellationToken)
    {
        var shopId = await PermittedShopAsync(actor, cancellationToken);
        if (shopId is null)
        {
            return GatewayErrors.NotPermitted;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.GatewayTransactions.AnyAsync(t => t.Id == transactionId && t.ShopId == shopId, cancellationToken)
            ? shopId
            : GatewayErrors.OrderNotFound;
    }

    private async Task<string?> PermittedShopAsync(ActorRef actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ShopSession.PermittedShopAsync(db, actor, ShopPermission.OperatePayments, cancellationToken);
    }
}

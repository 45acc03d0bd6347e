using System.Security.Cryptography;
using System.Text;
using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using MerchantConsole.Settings;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Gateway;

public sealed record EntryInput(string OrderId, PaymentType PaymentType, JobCd JobCd, Yen Amount, Yen Tax, int AmazonPayType = 3);

public sealed record EntryResult(string AccessId, string AccessPass);

public sealed record ExecInput(
    string RetUrl,
    string? CheckoutSessionId = null,
    string? ChargePermissionId = null,
    string? Description = null,
    int? PaymentTermSeconds = null,
    FrequencyUnit? FrequencyUnit = null,
    int? FrequencyValue = null,
    string? ClientField1 = null,
    string? ClientField2 = null,
    string? ClientField3 = null,
    ProductType? ApbType = null,
    Address? ApbAddress = null);

/// <summary>AmazonpayType 4: the additional payment button's product type and the shipping address it carries.</summary>
public sealed record ApbChoice(ProductType ProductType, Address? Address);

/// <summary>支払手続き開始's answer: Amazon's page to redirect to, or (APB) the signed button the customer presses.</summary>
public sealed record StartAnswer(Uri? Redirect, string? ButtonHtml);

/// <summary>決済実行's answer: the start URL and token for the browser, or (随時決済) the payment's state.</summary>
public sealed record ExecResult(GatewayTransaction Transaction, string? Token, Uri? StartUrl, DateTimeOffset? StartLimit);

/// <summary>
/// The gateway: one method per operation of the manual. Each loads the transaction, asks the core, writes
/// the pending operation with its idempotency key, calls Amazon Pay, then records the outcome, the journal
/// and the notification in one database transaction. The console and the merchant API both call it.
/// </summary>
public sealed class PaymentGateway(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    AmazonSteps steps,
    AmazonPayConnection connection,
    IDataProtectionProvider protection,
    GatewayRecorder recorder,
    IOptions<GatewayOptions> options,
    TimeProvider clock)
{
    public const string StartPath = "/payment/AmazonpayStart";

    public const string ReturnPath = "/payment/AmazonpayReturn";

    /// <summary>AmazonpayType 4: the additional payment button (APB) — no review page; the order goes straight to payment.</summary>
    public const int ApbAmazonPayType = 4;

    private static readonly string[] RequiredJapaneseAddress = ["Name", "AddressLine1", "StateOrRegion", "PostalCode", "CountryCode", "PhoneNumber"];

    /// <summary>The Data Protection purpose of stored AccessPasses; changing it makes every stored one unreadable.</summary>
    internal const string AccessPassPurpose = "MerchantConsole.AccessPass.v1";

    private readonly IDataProtector accessPasses = protection.CreateProtector(AccessPassPurpose);

    /// <summary>取引登録: a new transaction in UNPROCESSED, with the AccessID and AccessPass that guard it.</summary>
    public async Task<GatewayResult<EntryResult>> EntryAsync(string shopId, EntryInput input, GatewayActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.PaymentType != PaymentType.RegistrationOnly)
        {
            var decision = Transaction.Entry(input.PaymentType, input.JobCd, input.Amount, input.Tax);
            if (!decision.IsAccepted)
            {
                return GatewayErrors.From(decision.Refusal);
            }
        }
        else if (input.Amount != Yen.Zero || input.Tax != Yen.Zero)
        {
            return GatewayErrors.JobCdNotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var shop = await ShopContextAsync(db, shopId, cancellationToken);
        if (shop.Error is { } notConfigured)
        {
            return notConfigured;
        }

        if (await db.GatewayTransactions.AnyAsync(t => t.ShopId == shopId && t.OrderId == input.OrderId, cancellationToken))
        {
            return GatewayErrors.OrderIdTaken;
        }

        var now = clock.GetUtcNow();
        var accessPass = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var row = new GatewayTransaction
        {
            ShopId = shopId,
            OrderId = input.OrderId,
            AccessId = RandomNumberGenerator.GetHexString(32, lowercase: true),
            ProtectedAccessPass = accessPasses.Protect(accessPass),
            PaymentType = input.PaymentType,
            JobCd = input.JobCd,
            AmazonPayType = input.AmazonPayType,
            State = TransactionState.Unprocessed,
            Amount = input.Amount.Value,
            Tax = input.Tax.Value,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.GatewayTransactions.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return GatewayErrors.OrderIdTaken; // the unique index lost a race with the same order ID
        }

        recorder.Journal(db, row, actor, Operation.EntryTran, GatewayOutcome.Succeeded, null, row.State, input.Amount.Value, input.Tax.Value);
        await db.SaveChangesAsync(cancellationToken);
        return new EntryResult(row.AccessId, accessPass);
    }

    /// <summary>The transaction AccessID and AccessPass name, if they match (and OrderID, when given).</summary>
    public async Task<GatewayResult<GatewayTransaction>> AuthenticateAsync(
        string shopId, string accessId, string accessPass, string? orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await ByAccessId.For(db)(db, accessId, shopId, cancellationToken);
        if (row is null || !CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(accessPasses.Unprotect(row.ProtectedAccessPass)), Encoding.UTF8.GetBytes(accessPass)))
        {
            return GatewayErrors.AccessMismatch;
        }

        return orderId is not null && orderId != row.OrderId ? GatewayErrors.OrderIdMismatch : row;
    }

    /// <summary>For SearchTradeMulti only: the merchant authenticated with ShopPass may read its AccessPass back.</summary>
    public string RevealAccessPass(GatewayTransaction row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return accessPasses.Unprotect(row.ProtectedAccessPass);
    }

    /// <summary>
    /// 決済実行. One-time and registrations: the checkout session learns the amount, the intent and where the buyer
    /// comes back; the answer carries the start URL. 随時決済: the payment is authorized on the permission now.
    /// </summary>
    public async Task<GatewayResult<ExecResult>> ExecAsync(
        string shopId, long transactionId, ExecInput input, Uri publicBase, GatewayActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.GatewayTransactions.SingleOrDefaultAsync(t => t.Id == transactionId && t.ShopId == shopId, cancellationToken);
            if (row is null)
            {
                return GatewayErrors.OrderNotFound; // not this shop's: the same answer as no transaction at all
            }

            if (row.State != TransactionState.Unprocessed)
            {
                return row.State is TransactionState.ReqSuccess ? GatewayErrors.AlreadyProcessed : GatewayErrors.NotAllowedInState;
            }

            if (row.PaymentType == PaymentType.Recurring)
            {
                if (input.ChargePermissionId is null)
                {
                    return GatewayErrors.PermissionIdMissing;
                }

                var permission = await db.GatewayPermissions.AsNoTracking()
                    .SingleOrDefaultAsync(p => p.ShopId == shopId && p.ChargePermissionId == input.ChargePermissionId, cancellationToken);
                if (permission is null)
                {
                    return GatewayErrors.PermissionNotFound;
                }

                row.ChargePermissionId = permission.ChargePermissionId;
                row.PermissionId = permission.Id;
            }
            else if (row.AmazonPayType == ApbAmazonPayType)
            {
                // The APB's checkout session is made by the button the customer presses at the start URL.
                if (row.PaymentType != PaymentType.OneTime)
                {
                    return GatewayErrors.ApbOneTimeOnly;
                }

                var type = input.ApbType ?? ProductType.PayOnly;
                if (type == ProductType.PayAndShip && !IsCompleteJapaneseAddress(input.ApbAddress))
                {
                    return GatewayErrors.ApbAddressMissing;
                }

                row.ApbJson = System.Text.Json.JsonSerializer.Serialize(new ApbChoice(type, type == ProductType.PayAndShip ? input.ApbAddress : null));
            }
            else
            {
                if (input.CheckoutSessionId is null)
                {
                    return GatewayErrors.CheckoutSessionMissing;
                }

                if (row.PaymentType != PaymentType.OneTime && (input.FrequencyUnit is null || input.FrequencyValue is null))
                {
                    return GatewayErrors.FrequencyMissing;
                }

                row.CheckoutSessionId = input.CheckoutSessionId;
            }

            row.RetUrl = input.RetUrl;
            row.Description = input.Description;
            row.ClientField1 = input.ClientField1;
            row.ClientField2 = input.ClientField2;
            row.ClientField3 = input.ClientField3;
            row.FrequencyUnit = input.FrequencyUnit?.ToString();
            row.FrequencyValue = input.FrequencyValue;
            row.Version++;
            await db.SaveChangesAsync(cancellationToken);
        }

        var returnUrl = new Uri(publicBase, ReturnPath + "?AccessID=");
        var result = await OperateAsync(shopId, transactionId, actor, Operation.ExecTran, new OperationArguments(), returnUrl, cancellationToken);
        if (!result.IsSuccess)
        {
            return result.Error;
        }

        var done = result.Value;
        if (done.PaymentType == PaymentType.Recurring || done.State != TransactionState.ReqSuccess)
        {
            return new ExecResult(done, null, null, null);
        }

        // The start token is given once; only its hash is kept.
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        var limit = clock.GetUtcNow().AddSeconds(input.PaymentTermSeconds ?? options.Value.DefaultPaymentTermSeconds);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.GatewayTransactions.SingleAsync(t => t.Id == transactionId, cancellationToken);
            row.StartTokenHash = Hash(token);
            row.StartLimit = limit;
            row.Version++;
            await db.SaveChangesAsync(cancellationToken);
            return new ExecResult(row, token, new Uri(publicBase, StartPath), limit);
        }
    }

    /// <summary>支払手続き開始: the customer's browser brings AccessID and Token; the answer is Amazon's payment page.</summary>
    public async Task<GatewayResult<StartAnswer>> StartAsync(string accessId, string token, Uri publicBase, CancellationToken cancellationToken = default)
    {
        GatewayTransaction row;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.GatewayTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.AccessId == accessId, cancellationToken);
            if (found?.StartTokenHash is null || !CryptographicOperations.FixedTimeEquals(
                    Encoding.ASCII.GetBytes(found.StartTokenHash), Encoding.ASCII.GetBytes(Hash(token))))
            {
                return GatewayErrors.TokenInvalid;
            }

            if (clock.GetUtcNow() > found.StartLimit)
            {
                return GatewayErrors.StartExpired;
            }

            row = found;
        }

        var returnUrl = new Uri(publicBase, ReturnPath + "?AccessID=");
        var (result, step) = await OperateCoreAsync(row.ShopId, row.Id, GatewayActor.Customer, Operation.StartPayment, new OperationArguments(), returnUrl, cancellationToken);
        return !result.IsSuccess ? result.Error
            : result.Value.State == TransactionState.AuthProcess && (step?.RedirectUrl is not null || step?.ButtonHtml is not null)
                ? new StartAnswer(step.RedirectUrl, step.ButtonHtml)
                : GatewayErrors.CheckoutSessionNotUsable;
    }

    /// <summary>
    /// The customer is back from Amazon: complete the checkout and settle the payment's result. A reload after
    /// completion answers the same result again.
    /// </summary>
    public async Task<GatewayResult<GatewayTransaction>> ReturnAsync(string accessId, string checkoutSessionId, CancellationToken cancellationToken = default)
    {
        if (!AmazonPayIds.IsCheckoutSessionId(checkoutSessionId))
        {
            return GatewayErrors.AccessMismatch; // names no session; never sent to Amazon
        }

        GatewayTransaction row;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.GatewayTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.AccessId == accessId, cancellationToken);
            if (found is { CheckoutSessionId: null, AmazonPayType: ApbAmazonPayType, State: TransactionState.AuthProcess })
            {
                // The APB made its session when the customer pressed it: take it only if it leads back to this transaction.
                if (!await SessionReturnsToAsync(db, found, checkoutSessionId, cancellationToken))
                {
                    return GatewayErrors.AccessMismatch;
                }

                var tracked = await db.GatewayTransactions.SingleAsync(t => t.Id == found.Id, cancellationToken);
                tracked.CheckoutSessionId = checkoutSessionId;
                tracked.Version++;
                await db.SaveChangesAsync(cancellationToken);
                found.CheckoutSessionId = checkoutSessionId;
            }

            if (found is null || found.CheckoutSessionId != checkoutSessionId)
            {
                return GatewayErrors.AccessMismatch;
            }

            row = found;
        }

        if (row.State != TransactionState.AuthProcess)
        {
            return row; // already settled: the browser came back twice, or the notification got there first
        }

        return await OperateAsync(row.ShopId, row.Id, GatewayActor.Customer, Operation.CustomerResult, new OperationArguments(), null, cancellationToken);
    }

    /// <summary>実売上 of the authorized amount; the API passes the amount it expects, the console does not.</summary>
    public Task<GatewayResult<GatewayTransaction>> CaptureAsync(
        string shopId, long transactionId, Yen? amount, Yen? tax, GatewayActor actor, CancellationToken cancellationToken = default) =>
        OperateAsync(shopId, transactionId, actor, Operation.Capture, new OperationArguments(amount?.Value, amount is null ? null : (tax ?? Yen.Zero).Value), null, cancellationToken);

    /// <summary>
    /// キャンセル: an authorization is released whole; captured money is refunded — all that remains (全額) when no
    /// amount is given or the amount is the whole remainder, else part of it (一部).
    /// </summary>
    public async Task<GatewayResult<GatewayTransaction>> CancelAsync(
        string shopId, long transactionId, Yen? amount, Yen? tax, GatewayActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GatewayTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == transactionId && t.ShopId == shopId, cancellationToken);
        if (row is null)
        {
            return GatewayErrors.OrderNotFound;
        }

        var total = amount is null ? (long?)null : amount.Value.Value + (tax ?? Yen.Zero).Value;
        if (row.State == TransactionState.Auth)
        {
            if (total is not null && total != row.Amount + row.Tax)
            {
                return GatewayErrors.AuthCancelMustBeWhole;
            }

            return await OperateAsync(shopId, transactionId, actor, Operation.CancelFull, new OperationArguments(), null, cancellationToken);
        }

        var remainingAmount = row.CapturedAmount - row.CancelledAmount;
        var remainingTax = row.CapturedTax - row.CancelledTax;
        return amount is null
            ? await OperateAsync(shopId, transactionId, actor, Operation.CancelFull,
                new OperationArguments(remainingAmount, remainingTax), null, cancellationToken)
            : await OperateAsync(shopId, transactionId, actor, Operation.CancelPartial,
                new OperationArguments(amount.Value.Value, (tax ?? Yen.Zero).Value), null, cancellationToken);
    }

    /// <summary>金額変更: a re-authorization at the new amount, which also restarts the 30 days.</summary>
    public async Task<GatewayResult<GatewayTransaction>> ChangeAmountAsync(
        string shopId, long transactionId, Yen amount, Yen tax, GatewayActor actor, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.GatewayTransactions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == transactionId && t.ShopId == shopId, cancellationToken);
        if (row is null)
        {
            return GatewayErrors.OrderNotFound;
        }

        return await OperateAsync(shopId, transactionId, actor, Operation.ChangeAmount,
            new OperationArguments(amount.Value, tax.Value, OldChargeId: row.ChargeId), null, cancellationToken);
    }

    /// <summary>
    /// The shared pipeline: decide, claim the transaction with a pending operation, call Amazon, commit the outcome.
    /// </summary>
    private async Task<GatewayResult<GatewayTransaction>> OperateAsync(
        string shopId, long transactionId, GatewayActor actor, Operation operation, OperationArguments args, Uri? returnUrl, CancellationToken cancellationToken) =>
        (await OperateCoreAsync(shopId, transactionId, actor, operation, args, returnUrl, cancellationToken)).Result;

    private async Task<(GatewayResult<GatewayTransaction> Result, StepResult? Step)> OperateCoreAsync(
        string shopId, long transactionId, GatewayActor actor, Operation operation, OperationArguments args, Uri? returnUrl, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The claim's unit of work lives until the outcome is written, which then needs no reads of its own.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var (claimed, refused) = await ClaimOperationAsync(
                db, shopId, transactionId, actor, operation, args, returnUrl, mayDecideAgain: attempt < MaximumClaimAttempts, cancellationToken);
            if (refused is not null)
            {
                return (refused, null);
            }

            if (claimed is null)
            {
                continue; // another operation finished in between: decide again on what it left
            }

            // The connection goes back to the pool while Amazon answers (a pool of PostgreSQL connections is not large).
            await db.Database.CloseConnectionAsync();
            var (op, row, context) = claimed;
            var step = await steps.RunAsync(op, row, context, recovering: false, cancellationToken);
            if (options.Value.Testing.CrashAfterAmazonCall == operation)
            {
                Environment.FailFast($"Test hook Gateway:Testing:CrashAfterAmazonCall={operation}: dying between the Amazon call and the commit.");
            }

            return (await recorder.FinishClaimedAsync(db, op, row, step, cancellationToken), step);
        }
    }

    private sealed record ClaimedOperation(GatewayPendingOperation Op, GatewayTransaction Row, StepContext Context);

    /// <summary>
    /// Decides on the stored row and claims it with a pending operation: the claim, a refusal (journaled), or neither
    /// when another operation finished in between and the caller should decide again.
    /// </summary>
    private async Task<(ClaimedOperation? Claimed, GatewayError? Refused)> ClaimOperationAsync(
        ApplicationDbContext db, string shopId, long transactionId, GatewayActor actor, Operation operation, OperationArguments args, Uri? returnUrl,
        bool mayDecideAgain, CancellationToken cancellationToken)
    {
        // One connection for the reads and the claim's save, rather than one opened and closed for each.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var row = await WithRefunds.For(db)(db, transactionId, shopId, cancellationToken);
        if (row is null)
        {
            return (null, GatewayErrors.OrderNotFound);
        }

        var shop = await ShopContextAsync(db, shopId, cancellationToken);
        if (shop.Error is { } notConfigured)
        {
            return (null, notConfigured);
        }

        var context = shop.Context! with { ReturnUrl = returnUrl is null ? null : new Uri(returnUrl.AbsoluteUri + row.AccessId) };
        var now = clock.GetUtcNow();
        if (operation == Operation.RecurringCharge || (operation == Operation.ExecTran && row.PaymentType == PaymentType.Recurring))
        {
            var permission = await db.GatewayPermissions.Include(p => p.Charges).SingleAsync(p => p.Id == row.PermissionId, cancellationToken);
            var ceiling = await db.ShopAmazonPaySettings.Where(s => s.ShopId == shopId).Select(s => s.RecurringMonthlyCeiling).SingleAsync(cancellationToken);
            var onPermission = permission.ToSnapshot().Decide(Request.RecurringCharge(new Yen(row.Amount), new Yen(row.Tax), new Yen(ceiling)), now);
            if (!onPermission.IsAccepted)
            {
                return (null, await RefuseAsync(db, row, actor, operation, GatewayErrors.From(onPermission.Refusal), cancellationToken));
            }

            args = args with { MonthlyCeiling = ceiling };
        }

        var refusal = Decide(row, args.ToRequest(operation), now, out var plan);
        if (refusal is not null)
        {
            return (null, await RefuseAsync(db, row, actor, operation, refusal, cancellationToken));
        }

        if (plan?.Refund is { } refund)
        {
            var refundRow = new GatewayRefund
            {
                TransactionId = row.Id,
                Amount = refund.Amount.Value,
                Tax = refund.Tax.Value,
                IsFullCancel = refund.IsFullCancel,
                StateBefore = refund.StateBefore,
                State = GatewayRefundState.Pending,
                RequestedAt = now,
            };
            row.Refunds.Add(refundRow);
            args = args with { Amount = refund.Amount.Value, Tax = refund.Tax.Value };
        }

        var op = NewPending(row, operation, args, actor, now);
        db.GatewayPendingOperations.Add(op);
        recorder.Journal(db, row, actor, operation, GatewayOutcome.Requested, row.State, null, args.Amount, args.Tax, op.IdempotencyKey);
        row.Version++;
        var claim = await ClaimAsync(db, op, cancellationToken);
        if (claim == Claim.Changed && mayDecideAgain)
        {
            return (null, null); // another operation finished in between: decide again on what it left
        }

        if (claim != Claim.Taken)
        {
            return (null, await RefuseAsync(db, row, actor, operation, ClaimError(claim), cancellationToken));
        }

        if (plan?.Refund is not null)
        {
            op.Arguments = (args with { RefundRowId = row.Refunds[^1].Id }).ToJson();
            await db.SaveChangesAsync(cancellationToken);
        }

        return (new ClaimedOperation(op, row, context), null);
    }

    /// <summary>
    /// Registration-only rows walk the registration table; every other row the payment or recurring table.
    /// Returns the refusal, or null with the transaction plan (null for a registration row).
    /// </summary>
    internal static GatewayError? Decide(GatewayTransaction row, Request request, DateTimeOffset at, out TransactionPlan? plan)
    {
        plan = null;
        if (row.PaymentType == PaymentType.RegistrationOnly)
        {
            var decision = row.ToEntrySnapshot().Decide(request, at);
            return decision.IsAccepted ? null : GatewayErrors.From(decision.Refusal, request.Operation, row.State);
        }

        var transactionDecision = row.ToSnapshot().Decide(request, at);
        if (!transactionDecision.IsAccepted)
        {
            return GatewayErrors.From(transactionDecision.Refusal, request.Operation, row.State);
        }

        plan = transactionDecision.Plan;
        return null;
    }

    private async Task<GatewayError> RefuseAsync(
        ApplicationDbContext db, GatewayTransaction row, GatewayActor actor, Operation operation, GatewayError error, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        recorder.Journal(db, row, actor, operation, GatewayOutcome.Refused, row.State, row.State, null, null, error: error);
        await db.SaveChangesAsync(cancellationToken);
        return error;
    }

    private GatewayPendingOperation NewPending(GatewayTransaction row, Operation operation, OperationArguments args, GatewayActor actor, DateTimeOffset now) => new()
    {
        Subject = "T" + row.Id,
        ShopId = row.ShopId,
        TransactionId = row.Id,
        Operation = operation,
        IdempotencyKey = AmazonPayClient.NewIdempotencyKey(),
        Arguments = args.ToJson(),
        ActorKind = actor.Kind,
        ActorId = actor.Id,
        ActorName = actor.Name,
        StartedAt = now,
        LeaseUntil = now.AddSeconds(options.Value.OperationLeaseSeconds),
    };

    /// <summary>How many times an operation decides again when others keep finishing on its transaction first.</summary>
    internal const int MaximumClaimAttempts = 3;

    /// <summary>What committing a claim found.</summary>
    internal enum Claim
    {
        /// <summary>The transaction is ours until the outcome is recorded.</summary>
        Taken,

        /// <summary>Another operation of the same kind holds it (a double click, a retried request): E90010001.</summary>
        Duplicate,

        /// <summary>Another operation holds it: E82000001.</summary>
        Busy,

        /// <summary>Nothing holds it, but it changed since it was read: another operation finished in between.</summary>
        Changed,
    }

    /// <summary>
    /// Commits the claim. A unique-subject clash means another operation holds the transaction; a version clash with no
    /// holder means one finished since the row was read, and the caller decides again on the new state (which may then
    /// answer "already processed"). The unit of work is cleared on a clash so the caller can journal the refusal.
    /// </summary>
    internal static async Task<Claim> ClaimAsync(ApplicationDbContext db, GatewayPendingOperation op, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return Claim.Taken;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var other = await db.GatewayPendingOperations.AsNoTracking().SingleOrDefaultAsync(p => p.Subject == op.Subject, cancellationToken);
            return other is null ? Claim.Changed : other.Operation == op.Operation ? Claim.Duplicate : Claim.Busy;
        }
    }

    /// <summary>The refusal for a claim another operation won (a transaction that keeps changing counts as busy).</summary>
    internal static GatewayError ClaimError(Claim claim) => claim == Claim.Duplicate ? GatewayErrors.DuplicateSubmission : GatewayErrors.InFlight;

    internal async Task<(StepContext? Context, GatewayError? Error)> ShopContextAsync(ApplicationDbContext db, string shopId, CancellationToken cancellationToken)
    {
        // One query for the settings and the shop's name: every operation starts here.
        var found = await SettingsAndName.For(db)(db, shopId, cancellationToken);
        if (found?.Settings is not { StoreId: not null } settings)
        {
            return (null, GatewayErrors.NotConfigured);
        }

        var credentials = connection.Credentials(settings);
        if (credentials is null)
        {
            return (null, GatewayErrors.NotConfigured);
        }

        var shopName = found.ShopName;
        var sandboxMode = connection.SandboxBase is not null;
        return (new StepContext(credentials, string.IsNullOrWhiteSpace(settings.StoreName) ? shopName : settings.StoreName)
        {
            Button = new ButtonShop(settings.StoreId, credentials.PublicKeyId, shopName, settings.StoreName, Sandbox: sandboxMode),
            MerchantId = settings.MerchantId,
            SandboxMode = sandboxMode,
        }, null);
    }

    // The reads every operation makes, compiled (docs/benchmarks.md, engine throughput).
    private static readonly PerModel<Func<ApplicationDbContext, string, string, CancellationToken, Task<GatewayTransaction?>>> ByAccessId =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, string accessId, string shopId, CancellationToken _) =>
            db.GatewayTransactions.AsNoTracking().SingleOrDefault(t => t.AccessId == accessId && t.ShopId == shopId)));

    private static readonly PerModel<Func<ApplicationDbContext, long, string, CancellationToken, Task<GatewayTransaction?>>> WithRefunds =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, long id, string shopId, CancellationToken _) =>
            db.GatewayTransactions.Include(t => t.Refunds).SingleOrDefault(t => t.Id == id && t.ShopId == shopId)));

    private sealed record ShopSettings(ShopAmazonPaySettings Settings, string ShopName);

    private static readonly PerModel<Func<ApplicationDbContext, string, CancellationToken, Task<ShopSettings?>>> SettingsAndName =
        new(() => EF.CompileAsyncQuery((ApplicationDbContext db, string shopId, CancellationToken _) =>
            db.ShopAmazonPaySettings.AsNoTracking().Where(s => s.ShopId == shopId)
                .Join(db.Shops, s => s.ShopId, s => s.Id, (settings, shop) => new ShopSettings(settings, shop.Name))
                .SingleOrDefault()));

    private async Task<bool> SessionReturnsToAsync(ApplicationDbContext db, GatewayTransaction row, string checkoutSessionId, CancellationToken cancellationToken)
    {
        var shop = await ShopContextAsync(db, row.ShopId, cancellationToken);
        if (shop.Context is not { } context)
        {
            return false;
        }

        return await steps.SessionReturnsToAsync(context.Credentials, checkoutSessionId, row, cancellationToken);
    }

    private static bool IsCompleteJapaneseAddress(Address? address) =>
        address is not null && RequiredJapaneseAddress.All(field =>
            !string.IsNullOrWhiteSpace((string?)typeof(Address).GetProperty(field)!.GetValue(address)));

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Gateway;

/// <summary>
/// Commits what Amazon answered: the next state from the core's plan, the refunds, amount changes and
/// permissions that go with it, the journal line and the result notification — in one database transaction.
/// </summary>
public sealed class GatewayRecorder(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    ResultNotifications notifications,
    IOptions<GatewayOptions> options,
    TimeProvider clock)
{
    /// <summary>
    /// Completes a pending operation. <paramref name="recovered"/>: found after a crash, so nobody got a synchronous answer.
    /// When Amazon's answer outlasted the lease, recovery may have completed the operation first (with the same
    /// idempotency key, so Amazon did it once): then the caller gets what recovery recorded, and nothing is applied twice.
    /// </summary>
    internal async Task<GatewayResult<GatewayTransaction>> FinishAsync(
        GatewayPendingOperation pending, StepResult step, CancellationToken cancellationToken, bool recovered = false)
    {
        try
        {
            return await CommitAsync(pending.Id, step, recovered, cancellationToken)
                ?? await RecordedOutcomeAsync(pending, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Both finished at once (PostgreSQL lets both read the operation): the row's version stopped the second.
            return await RecordedOutcomeAsync(pending, cancellationToken);
        }
    }

    /// <summary>What the journal says the operation came to, read by its idempotency key.</summary>
    private async Task<GatewayResult<GatewayTransaction>> RecordedOutcomeAsync(GatewayPendingOperation pending, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await RecordedErrorAsync(db, pending, cancellationToken) is { } error)
        {
            return error;
        }

        return await db.GatewayTransactions.AsNoTracking().Include(t => t.Refunds).SingleAsync(t => t.Id == pending.TransactionId, cancellationToken);
    }

    /// <summary>The error the completed operation answered, or null when it succeeded (or is still pending at Amazon).</summary>
    internal static async Task<GatewayError?> RecordedErrorAsync(ApplicationDbContext db, GatewayPendingOperation pending, CancellationToken cancellationToken)
    {
        var outcome = await db.GatewayJournal.AsNoTracking()
            .Where(j => j.IdempotencyKey == pending.IdempotencyKey && j.Outcome != GatewayOutcome.Requested && j.Outcome != GatewayOutcome.Unanswered)
            .OrderByDescending(j => j.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new InvalidOperationException($"Pending operation {pending.Id} is gone but its outcome was never journaled.");
        return outcome.Outcome == GatewayOutcome.Failed ? GatewayErrors.Find(outcome.ErrorCode) ?? GatewayErrors.AmazonRejected : null;
    }

    /// <summary>
    /// Completes the operation this caller claimed, in the claim's own unit of work: the transaction, its refunds and the
    /// pending operation are still tracked from the claim, so the outcome is written without reading them again. The
    /// writes carry the versions the claim saw: if anything changed meanwhile (the lease ran out and recovery completed
    /// the operation, or the sync touched the row), they fail as a whole and the outcome is recorded from fresh reads.
    /// </summary>
    internal async Task<GatewayResult<GatewayTransaction>> FinishClaimedAsync(
        ApplicationDbContext db, GatewayPendingOperation pending, GatewayTransaction row, StepResult step, CancellationToken cancellationToken)
    {
        try
        {
            return await RecordAsync(db, pending, row, step, recovered: false, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await FinishAsync(pending, step, cancellationToken);
        }
    }

    /// <summary>Applies the step, or answers null when the operation is no longer pending (someone else completed it).</summary>
    private async Task<GatewayResult<GatewayTransaction>?> CommitAsync(long operationId, StepResult step, bool recovered, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var op = await db.GatewayPendingOperations.SingleOrDefaultAsync(p => p.Id == operationId, cancellationToken);
        if (op is null)
        {
            return null;
        }

        var row = await db.GatewayTransactions.Include(t => t.Refunds).SingleAsync(t => t.Id == op.TransactionId, cancellationToken);
        var result = await RecordAsync(db, op, row, step, recovered, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Writes the step's outcome for a tracked pending operation and its transaction (one save).</summary>
    private async Task<GatewayResult<GatewayTransaction>> RecordAsync(
        ApplicationDbContext db, GatewayPendingOperation op, GatewayTransaction row, StepResult step, bool recovered, CancellationToken cancellationToken)
    {
        var actor = new GatewayActor(op.ActorKind, op.ActorId, op.ActorName);
        if (step.Outcome is null && !step.StillProcessing)
        {
            // No answer: the lease ends now, so recovery asks Amazon (or re-sends with the same key) at its next pass.
            // The journal keeps what the caller was told; recovery's line with the outcome follows.
            op.LeaseUntil = clock.GetUtcNow();
            var args = OperationArguments.FromJson(op.Arguments);
            Journal(db, row, actor, op.Operation, GatewayOutcome.Unanswered, row.State, row.State,
                args.Amount, args.Tax, op.IdempotencyKey, step.RequestId, step.Error);
            await db.SaveChangesAsync(cancellationToken);
            return step.Error!;
        }

        var notify = recovered || op.ActorKind != GatewayActorKind.Api;
        Apply(db, row, op.Operation, OperationArguments.FromJson(op.Arguments), step, op.StartedAt, actor, op.IdempotencyKey, notify);
        db.GatewayPendingOperations.Remove(op);
        await db.SaveChangesAsync(cancellationToken);
        return step.Outcome == Outcome.Failed ? step.Error ?? GatewayErrors.AmazonRejected : row;
    }

    /// <summary>The sync found that Amazon settled an accepted step (or still has not).</summary>
    internal async Task SettleAsync(long transactionId, StepResult step, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.GatewayTransactions.Include(t => t.Refunds).SingleAsync(t => t.Id == transactionId, cancellationToken);
        var now = clock.GetUtcNow();
        row.SyncLeaseUntil = null;
        if (step.Outcome is null)
        {
            // Still processing, or no answer: ask again later, waiting twice as long each time.
            row.SyncAttempts++;
            var delay = Math.Min(options.Value.Sync.FirstDelaySeconds * Math.Pow(2, row.SyncAttempts), options.Value.Sync.MaxDelaySeconds);
            row.SyncDueAt = now.AddSeconds(delay);
        }
        else
        {
            var operation = row.State switch
            {
                TransactionState.AuthProcess => Operation.CustomerResult,
                TransactionState.Unprocessed => Operation.ExecTran,
                _ => Operation.Sync,
            };
            var args = operation == Operation.ExecTran
                ? new OperationArguments(MonthlyCeiling: await db.ShopAmazonPaySettings.Where(s => s.ShopId == row.ShopId).Select(s => s.RecurringMonthlyCeiling).SingleAsync(cancellationToken))
                : new OperationArguments();
            Apply(db, row, operation, args, step, now, GatewayActor.Sync, null, notify: true);
        }

        row.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private void Apply(
        ApplicationDbContext db, GatewayTransaction row, Operation operation, OperationArguments args, StepResult step,
        DateTimeOffset decidedAt, GatewayActor actor, string? idempotencyKey, bool notify)
    {
        var before = row.State;
        row.ChargeId = step.ChargeId ?? row.ChargeId;
        row.ChargePermissionId = step.ChargePermissionId ?? row.ChargePermissionId;
        if (step.Outcome is not { } outcome)
        {
            // Amazon is still authorizing: the sync will settle it.
            row.SyncDueAt = step.At.AddSeconds(options.Value.Sync.FirstDelaySeconds);
            row.SyncAttempts = 0;
            row.Version++;
            Journal(db, row, actor, operation, GatewayOutcome.Pending, before, before, args.Amount, args.Tax, idempotencyKey, step.RequestId);
            return;
        }

        var request = args.ToRequest(operation);
        if (row.PaymentType == PaymentType.RegistrationOnly)
        {
            ApplyRegistration(db, row, request, outcome, step, decidedAt);
        }
        else
        {
            ApplyPayment(db, row, request, outcome, step, decidedAt, args, actor);
        }

        row.Version++;
        row.SyncDueAt = row.State is TransactionState.ReqCapture or TransactionState.ReqSales or TransactionState.ReqReturn
            ? step.At.AddSeconds(options.Value.Sync.FirstDelaySeconds)
            : null;
        row.SyncAttempts = 0;
        var result = outcome switch
        {
            Outcome.Confirmed => GatewayOutcome.Succeeded,
            Outcome.Pending => GatewayOutcome.Pending,
            _ => GatewayOutcome.Failed,
        };
        Journal(db, row, actor, operation, result, before, row.State, args.Amount, args.Tax, idempotencyKey, step.RequestId,
            step.Outcome == Outcome.Failed ? step.Error ?? GatewayErrors.AmazonRejected.With(step.FailureReason) : null);
        // 決済実行 and 支払手続き開始 of a checkout only prepare it; the customer's result is what the merchant waits for.
        var prepares = operation == Operation.StartPayment || (operation == Operation.ExecTran && row.PaymentType != PaymentType.Recurring);
        if (notify && !prepares)
        {
            notifications.Enqueue(db, row, step.Outcome == Outcome.Failed ? step.Error ?? GatewayErrors.AmazonRejected : null, step.At);
        }
    }

    private static void ApplyRegistration(ApplicationDbContext db, GatewayTransaction row, Request request, Outcome outcome, StepResult step, DateTimeOffset decidedAt)
    {
        var decision = row.ToEntrySnapshot().Decide(request, decidedAt);
        var plan = decision.Plan ?? throw new InvalidOperationException($"{request.Operation} was accepted and is now refused: {decision.Refusal}");
        var next = plan.Settle(outcome, step.At, step.FailureReason);
        row.State = next.State;
        row.FailureReason = next.FailureReason;
        row.UpdatedAt = step.At;
        if (request.Operation == Operation.CustomerResult && outcome != Outcome.Failed)
        {
            row.AuthorizedAt = next.GrantedAt;
            db.GatewayPermissions.Add(NewPermission(row, next));
        }
    }

    private static void ApplyPayment(
        ApplicationDbContext db, GatewayTransaction row, Request request, Outcome outcome, StepResult step,
        DateTimeOffset decidedAt, OperationArguments args, GatewayActor actor)
    {
        var refusal = PaymentGateway.Decide(row, request, decidedAt, out var plan);
        if (refusal is not null || plan is null)
        {
            throw new InvalidOperationException($"{request.Operation} was accepted and is now refused: {refusal}");
        }

        var amountBefore = row.Amount;
        var taxBefore = row.Tax;
        var next = plan.Settle(outcome, step.At, step.FailureReason, step.AuthorizationEnded);
        row.Apply(next, step.At);

        if (request.Operation == Operation.ExecTran && row.PaymentType != PaymentType.Recurring && outcome == Outcome.Confirmed)
        {
            row.AmountChangeEnabled = step.AmountChangeEnabled ?? false;
        }

        if (plan.Refund is not null && request.Operation is Operation.CancelFull or Operation.CancelPartial)
        {
            // The refund row written with the claim (its ID reaches the arguments just after; a crash between
            // the two leaves it as the newest refund not yet known to Amazon).
            var refund = args.RefundRowId is { } refundRowId
                ? row.Refunds.Single(r => r.Id == refundRowId)
                : row.Refunds.Where(r => r.State == GatewayRefundState.Pending && r.AmazonRefundId == null).OrderBy(r => r.Id).Last();
            refund.AmazonRefundId = step.RefundId ?? refund.AmazonRefundId;
            refund.State = outcome switch
            {
                Outcome.Confirmed => GatewayRefundState.Refunded,
                Outcome.Pending => GatewayRefundState.Pending,
                _ => GatewayRefundState.Declined,
            };
            refund.FailureReason = outcome == Outcome.Failed ? step.FailureReason : null;
            refund.SettledAt = outcome == Outcome.Pending ? null : step.At;
            row.PendingRefundId = outcome == Outcome.Pending ? refund.Id : null;
        }
        else if (request.Operation == Operation.Sync && plan.Refund is not null)
        {
            var refund = row.Refunds.Single(r => r.State == GatewayRefundState.Pending && r.AmazonRefundId != null);
            refund.State = outcome == Outcome.Confirmed ? GatewayRefundState.Refunded : GatewayRefundState.Declined;
            refund.FailureReason = outcome == Outcome.Failed ? step.FailureReason : null;
            refund.SettledAt = step.At;
        }

        if (request.Operation == Operation.ChangeAmount && outcome == Outcome.Confirmed)
        {
            db.GatewayAmountChanges.Add(new GatewayAmountChange
            {
                TransactionId = row.Id,
                At = step.At,
                AmountBefore = amountBefore,
                TaxBefore = taxBefore,
                AmountAfter = row.Amount,
                TaxAfter = row.Tax,
                ChargeIdBefore = args.OldChargeId,
                ChargeIdAfter = step.ChargeId,
                ActorName = actor.Name,
            });
        }

        var authorized = outcome != Outcome.Failed;
        if (authorized && row.PaymentType == PaymentType.Recurring && request.Operation == Operation.ExecTran && row.PermissionId is { } permissionId)
        {
            db.GatewayPermissionCharges.Add(new GatewayPermissionCharge { PermissionId = permissionId, TransactionId = row.Id, At = step.At, Amount = row.Amount + row.Tax });
            var permission = db.GatewayPermissions.Single(p => p.Id == permissionId);
            var validUntil = step.At.ToJst().AddMonths(Core.Payments.Limits.PermissionValidityMonths);
            permission.ExpiresAt = permission.ExpiresAt is { } current && current > validUntil ? current : validUntil;
            permission.UpdatedAt = step.At;
            permission.Version++;
        }

        if (authorized && row.PaymentType == PaymentType.RegistrationWithFirstPayment && request.Operation == Operation.CustomerResult && row.ChargePermissionId is not null)
        {
            var granted = Permission.GrantedWithFirstPayment(step.At, new Yen(row.Amount + row.Tax));
            var permission = NewPermission(row, granted);
            permission.Charges.Add(new GatewayPermissionCharge { TransactionId = row.Id, At = step.At, Amount = row.Amount + row.Tax });
            db.GatewayPermissions.Add(permission);
        }
    }

    private static GatewayPermission NewPermission(GatewayTransaction row, Permission granted) => new()
    {
        ShopId = row.ShopId,
        ChargePermissionId = row.ChargePermissionId ?? throw new InvalidOperationException("Amazon granted a permission without its ID."),
        Origin = row.PaymentType,
        OriginTransactionId = row.Id,
        State = TransactionState.Register,
        FrequencyUnit = row.FrequencyUnit,
        FrequencyValue = row.FrequencyValue,
        GrantedAt = granted.GrantedAt,
        ExpiresAt = granted.ExpiresAt,
        UpdatedAt = granted.GrantedAt ?? row.UpdatedAt,
    };

    /// <summary>Appends a journal line to the caller's unit of work.</summary>
    internal void Journal(
        ApplicationDbContext db, GatewayTransaction row, GatewayActor actor, Operation operation, GatewayOutcome outcome,
        TransactionState? before, TransactionState? after, long? amount, long? tax, string? idempotencyKey = null,
        string? requestId = null, GatewayError? error = null, string? amazonObjectId = null) =>
        db.GatewayJournal.Add(new GatewayJournalEntry
        {
            ShopId = row.ShopId,
            TransactionId = row.Id == 0 ? null : row.Id,
            PermissionId = row.PermissionId,
            OrderId = row.OrderId,
            At = clock.GetUtcNow(),
            ActorKind = actor.Kind,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Operation = operation,
            Outcome = outcome,
            StateBefore = before,
            StateAfter = after,
            Amount = amount,
            Tax = tax,
            IdempotencyKey = idempotencyKey,
            AmazonRequestId = requestId,
            AmazonObjectId = amazonObjectId,
            ErrorCode = error?.ErrInfo,
            ErrorMessage = error is null ? null : Truncate(error.English + (error.Detail is null ? "" : " (" + error.Detail + ")"), 1000),
        });

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

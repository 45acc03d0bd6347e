using MerchantConsole.Core.AmazonPay;
using MerchantConsole.Core.Payments;
using MerchantConsole.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace MerchantConsole.Gateway;

/// <summary>What 利用承諾照会 answers: our record, and Amazon's view of the permission's limits.</summary>
public sealed record PermissionStatus(GatewayPermission Permission, Yen? AmountLimit, Yen? AmountBalance, string? ReasonCode);

/// <summary>利用承諾終了 and 利用承諾照会: operations on a recurring permission, keyed by Amazon's charge permission ID.</summary>
public sealed class PermissionOperations(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    PaymentGateway gateway,
    AmazonSteps steps,
    AmazonPayClient amazon,
    GatewayRecorder recorder,
    IOptions<GatewayOptions> options,
    TimeProvider clock)
{
    public async Task<GatewayResult<GatewayPermission>> EndAsync(string shopId, string chargePermissionId, GatewayActor actor, CancellationToken cancellationToken = default)
    {
        GatewayPendingOperation op;
        GatewayPermission permission;
        StepContext context;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var found = await db.GatewayPermissions.Include(p => p.Charges)
                .SingleOrDefaultAsync(p => p.ShopId == shopId && p.ChargePermissionId == chargePermissionId, cancellationToken);
            if (found is null)
            {
                return GatewayErrors.PermissionNotFound;
            }

            permission = found;
            var shop = await gateway.ShopContextAsync(db, shopId, cancellationToken);
            if (shop.Error is { } notConfigured)
            {
                return notConfigured;
            }

            context = shop.Context!;
            var now = clock.GetUtcNow();
            var decision = permission.ToSnapshot().Decide(Request.EndRegistration(), now);
            if (!decision.IsAccepted)
            {
                var error = GatewayErrors.From(decision.Refusal, Operation.EndRegistration, permission.State);
                Journal(db, permission, actor, GatewayOutcome.Refused, permission.State, permission.State, null, error);
                await db.SaveChangesAsync(cancellationToken);
                return error;
            }

            op = new GatewayPendingOperation
            {
                Subject = "P" + permission.Id,
                ShopId = shopId,
                PermissionId = permission.Id,
                Operation = Operation.EndRegistration,
                IdempotencyKey = AmazonPayClient.NewIdempotencyKey(),
                ActorKind = actor.Kind,
                ActorId = actor.Id,
                ActorName = actor.Name,
                StartedAt = now,
                LeaseUntil = now.AddSeconds(options.Value.OperationLeaseSeconds),
            };
            db.GatewayPendingOperations.Add(op);
            Journal(db, permission, actor, GatewayOutcome.Requested, permission.State, null, op.IdempotencyKey);
            permission.Version++;
            var claim = await PaymentGateway.ClaimAsync(db, op, cancellationToken);
            if (claim != PaymentGateway.Claim.Taken)
            {
                // Lost to another operation on the permission: a close that finished first leaves END ("already processed").
                var current = await db.GatewayPermissions.AsNoTracking().Include(p => p.Charges).SingleAsync(p => p.Id == permission.Id, cancellationToken);
                var again = current.ToSnapshot().Decide(Request.EndRegistration(), clock.GetUtcNow());
                var error = claim == PaymentGateway.Claim.Changed && !again.IsAccepted
                    ? GatewayErrors.From(again.Refusal, Operation.EndRegistration, current.State)
                    : PaymentGateway.ClaimError(claim);
                Journal(db, current, actor, GatewayOutcome.Refused, current.State, current.State, null, error);
                await db.SaveChangesAsync(cancellationToken);
                return error;
            }
        }

        var step = await steps.ClosePermissionAsync(context.Credentials, chargePermissionId, recovering: false, cancellationToken);
        return await FinishAsync(op, step, cancellationToken);
    }

    /// <summary>Commits a close: END on the permission, and on the registration-only transaction that created it.</summary>
    /// <remarks>As for payments: when recovery completed the close first, the caller gets what it recorded.</remarks>
    internal async Task<GatewayResult<GatewayPermission>> FinishAsync(GatewayPendingOperation pending, StepResult step, CancellationToken cancellationToken)
    {
        try
        {
            return await CommitAsync(pending.Id, step, cancellationToken) ?? await RecordedOutcomeAsync(pending, cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return await RecordedOutcomeAsync(pending, cancellationToken);
        }
    }

    private async Task<GatewayResult<GatewayPermission>> RecordedOutcomeAsync(GatewayPendingOperation pending, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await GatewayRecorder.RecordedErrorAsync(db, pending, cancellationToken) is { } error)
        {
            return error;
        }

        return await db.GatewayPermissions.AsNoTracking().Include(p => p.Charges).SingleAsync(p => p.Id == pending.PermissionId, cancellationToken);
    }

    private async Task<GatewayResult<GatewayPermission>?> CommitAsync(long operationId, StepResult step, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var op = await db.GatewayPendingOperations.SingleOrDefaultAsync(p => p.Id == operationId, cancellationToken);
        if (op is null)
        {
            return null;
        }

        var permission = await db.GatewayPermissions.Include(p => p.Charges).SingleAsync(p => p.Id == op.PermissionId, cancellationToken);
        var actor = new GatewayActor(op.ActorKind, op.ActorId, op.ActorName);
        if (step.Outcome is not { } outcome)
        {
            // No answer: recovery asks Amazon at its next pass; the journal keeps what the caller was told.
            var unanswered = step.Error ?? GatewayErrors.AmazonUnavailable;
            op.LeaseUntil = clock.GetUtcNow();
            Journal(db, permission, actor, GatewayOutcome.Unanswered, permission.State, permission.State, op.IdempotencyKey, unanswered, step.RequestId);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return unanswered;
        }

        var before = permission.State;
        var plan = permission.ToSnapshot().Decide(Request.EndRegistration(), op.StartedAt).Plan
            ?? throw new InvalidOperationException("An accepted 利用承諾終了 is now refused.");
        var next = plan.Settle(outcome, step.At, step.FailureReason);
        permission.State = next.State;
        permission.FailureReason = next.FailureReason;
        permission.UpdatedAt = step.At;
        permission.Version++;
        if (outcome == Outcome.Confirmed && permission.Origin == PaymentType.RegistrationOnly)
        {
            var origin = await db.GatewayTransactions.SingleAsync(t => t.Id == permission.OriginTransactionId, cancellationToken);
            origin.State = TransactionState.End;
            origin.UpdatedAt = step.At;
            origin.Version++;
            recorder.Journal(db, origin, actor, Operation.EndRegistration, GatewayOutcome.Succeeded, TransactionState.Register, TransactionState.End, null, null, op.IdempotencyKey, step.RequestId);
        }

        Journal(db, permission, actor, outcome == Outcome.Confirmed ? GatewayOutcome.Succeeded : GatewayOutcome.Failed, before, permission.State, op.IdempotencyKey,
            outcome == Outcome.Failed ? step.Error : null, step.RequestId);
        db.GatewayPendingOperations.Remove(op);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome == Outcome.Failed ? step.Error ?? GatewayErrors.AmazonRejected : permission;
    }

    /// <summary>利用承諾照会: our state, with Amazon's amount limit and balance when it answers.</summary>
    public async Task<GatewayResult<PermissionStatus>> SearchAsync(string shopId, string chargePermissionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var permission = await db.GatewayPermissions.AsNoTracking().Include(p => p.Charges)
            .SingleOrDefaultAsync(p => p.ShopId == shopId && p.ChargePermissionId == chargePermissionId, cancellationToken);
        if (permission is null)
        {
            return GatewayErrors.PermissionNotFound;
        }

        var shop = await gateway.ShopContextAsync(db, shopId, cancellationToken);
        if (shop.Error is { } notConfigured)
        {
            return notConfigured;
        }

        var amazonView = await amazon.GetChargePermissionAsync(shop.Context!.Credentials, chargePermissionId, cancellationToken);
        if (!amazonView.IsSuccess)
        {
            return amazonView.Error.OutcomeUnknown ? GatewayErrors.AmazonUnavailable.With(amazonView.Error.ReasonCode) : StepResult.ErrorFor(amazonView.Error);
        }

        var status = amazonView.Value.StatusDetails;
        return new PermissionStatus(
            permission,
            amazonView.Value.Limits?.AmountLimit,
            amazonView.Value.Limits?.AmountBalance,
            status.Reasons is { Count: > 0 } reasons ? reasons[0].ReasonCode : status.State.ToString());
    }

    private void Journal(
        ApplicationDbContext db, GatewayPermission permission, GatewayActor actor, GatewayOutcome outcome,
        TransactionState? before, TransactionState? after, string? key, GatewayError? error = null, string? requestId = null) =>
        db.GatewayJournal.Add(new GatewayJournalEntry
        {
            ShopId = permission.ShopId,
            PermissionId = permission.Id,
            At = clock.GetUtcNow(),
            ActorKind = actor.Kind,
            ActorId = actor.Id,
            ActorName = actor.Name,
            Operation = Operation.EndRegistration,
            Outcome = outcome,
            StateBefore = before,
            StateAfter = after,
            IdempotencyKey = key,
            AmazonRequestId = requestId,
            AmazonObjectId = permission.ChargePermissionId,
            ErrorCode = error?.ErrInfo,
            ErrorMessage = error?.English,
        });
}

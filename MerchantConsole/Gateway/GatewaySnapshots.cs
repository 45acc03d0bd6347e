using MerchantConsole.Core.Payments;

namespace MerchantConsole.Gateway;

/// <summary>Between the stored rows and the core's immutable snapshots, which decide every step.</summary>
internal static class GatewaySnapshots
{
    public static Transaction ToSnapshot(this GatewayTransaction row)
    {
        var pending = row.PendingRefundId is { } id ? row.Refunds.Single(r => r.Id == id) : null;
        return new Transaction
        {
            Type = row.PaymentType,
            JobCd = row.JobCd,
            State = row.State,
            Amount = new Yen(row.Amount),
            Tax = new Yen(row.Tax),
            AmountChangeEnabled = row.AmountChangeEnabled,
            FirstAuthorizedTotal = new Yen(row.FirstAuthorizedTotal),
            AuthorizedAt = row.AuthorizedAt,
            CaptureDeadline = row.CaptureDeadline,
            AuthorizationEndedAt = row.AuthorizationEndedAt,
            CapturedAt = row.CapturedAt,
            CapturedAmount = new Yen(row.CapturedAmount),
            CapturedTax = new Yen(row.CapturedTax),
            CancelledAmount = new Yen(row.CancelledAmount),
            CancelledTax = new Yen(row.CancelledTax),
            PartialRefunds = row.PartialRefunds,
            PendingRefund = pending is null ? null : new Refund(pending.StateBefore, new Yen(pending.Amount), new Yen(pending.Tax), pending.IsFullCancel),
            FailureReason = row.FailureReason,
        };
    }

    /// <summary>Copies the next snapshot's bookkeeping onto the row (the pending refund's row is the caller's).</summary>
    public static void Apply(this GatewayTransaction row, Transaction next, DateTimeOffset at)
    {
        if (row.State != next.State)
        {
            row.UpdatedAt = at;
        }

        row.State = next.State;
        row.Amount = next.Amount.Value;
        row.Tax = next.Tax.Value;
        row.FirstAuthorizedTotal = next.FirstAuthorizedTotal.Value;
        if (row.AuthorizedAt != next.AuthorizedAt)
        {
            row.AuthorizationExpired = false;
        }

        row.AuthorizedAt = next.AuthorizedAt;
        row.CaptureDeadline = next.CaptureDeadline;
        row.AuthorizationEndedAt = next.AuthorizationEndedAt;
        row.CapturedAt = next.CapturedAt;
        row.CapturedAmount = next.CapturedAmount.Value;
        row.CapturedTax = next.CapturedTax.Value;
        row.CancelledAmount = next.CancelledAmount.Value;
        row.CancelledTax = next.CancelledTax.Value;
        row.PartialRefunds = next.PartialRefunds;
        row.FailureReason = next.FailureReason;
        if (next.PendingRefund is null)
        {
            row.PendingRefundId = null;
        }
    }

    /// <summary>A registration-only row walks the registration table as a permission until Amazon grants it.</summary>
    public static Permission ToEntrySnapshot(this GatewayTransaction row) =>
        Permission.Entry() with { State = row.State, FailureReason = row.FailureReason };

    public static Permission ToSnapshot(this GatewayPermission row) => new()
    {
        Origin = row.Origin,
        State = row.State,
        GrantedAt = row.GrantedAt,
        ExpiresAt = row.ExpiresAt,
        Charges = [.. row.Charges.Select(c => new PermissionCharge(c.At, new Yen(c.Amount)))],
        FailureReason = row.FailureReason,
    };
}

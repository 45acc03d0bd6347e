namespace MerchantConsole.Gateway;

public enum BulkItemStatus
{
    Waiting,
    Succeeded,
    Failed,
}

/// <summary>
/// A bulk capture (一括実売上) staff started: kept in the database and worked by a background worker, so leaving the
/// page, closing the browser or restarting the app does not stop it, and its results stay viewable.
/// </summary>
public class BulkCaptureJob
{
    public long Id { get; set; }

    public required string ShopId { get; set; }

    public required string CreatedById { get; set; }

    public required string CreatedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public int Total { get; set; }

    /// <summary>The sum of amount + tax of the rows when the job was confirmed.</summary>
    public long TotalYen { get; set; }

    public List<BulkCaptureItem> Items { get; set; } = [];
}

/// <summary>One row of a bulk capture and what became of it.</summary>
public class BulkCaptureItem
{
    public long Id { get; set; }

    public long JobId { get; set; }

    public long TransactionId { get; set; }

    public required string OrderId { get; set; }

    public BulkItemStatus Status { get; set; }

    public string? ErrorCode { get; set; }

    public string? Message { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? LeaseUntil { get; set; }

    public DateTimeOffset? DoneAt { get; set; }
}

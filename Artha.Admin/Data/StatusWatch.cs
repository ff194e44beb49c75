namespace Artha.Admin.Data;

/// <summary>What an asynchronous Artha operation is watched for.</summary>
public enum WatchKind
{
    /// <summary>KYC/KYB application: <see cref="StatusWatch.EntityId"/> = customer id, <see cref="StatusWatch.ProductId"/> set.</summary>
    Kyc = 0,
    /// <summary>Card issuance (or the new card of a replacement): <see cref="StatusWatch.EntityId"/> = card id; watches <c>state</c>.</summary>
    CardIssuance = 1,
    /// <summary>Top-up: <see cref="StatusWatch.EntityId"/> = the top-up id (Artha's transaction id).</summary>
    TopUp = 2,
    /// <summary>
    /// A replacement whose new card Artha did not name: <see cref="StatusWatch.EntityId"/> = the old card id (also
    /// <see cref="StatusWatch.CardId"/>), customer and product set. Resolved by finding the new card in the customer's cards,
    /// then handed over to a <see cref="CardIssuance"/> watch of that card.
    /// </summary>
    Replacement = 3,
}

public enum WatchOutcome
{
    Active = 0,
    /// <summary>A terminal status was seen.</summary>
    Completed = 1,
    /// <summary>The deadline passed first: "timed out — check with Artha".</summary>
    TimedOut = 2,
}

/// <summary>
/// A persisted watch on something the portal started and Artha finishes later. The poller (and the webhook
/// receiver) move it forward; it survives restarts because it lives in the database.
/// </summary>
public class StatusWatch
{
    public long Id { get; set; }
    public WatchKind Kind { get; set; }
    public string EntityId { get; set; } = "";
    public string? ProductId { get; set; }
    public string? CustomerId { get; set; }
    public string? CardId { get; set; }

    /// <summary>Shown in notifications, e.g. "Top-up of £50.00 to card ••4242".</summary>
    public string Description { get; set; } = "";

    public string? LastStatus { get; set; }
    public WatchOutcome Outcome { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    public DateTime NextPollAtUtc { get; set; }
    public DateTime DeadlineUtc { get; set; }
    public DateTime? LastPolledAtUtc { get; set; }
    public DateTime? CompletedAtUtc { get; set; }
    public string? StartedByUserName { get; set; }

    /// <summary>
    /// The portal instance (<see cref="WorkLeaseOptions.InstanceId"/>) that has claimed this row for work, while
    /// <see cref="LeaseUntilUtc"/> is in the future; null when nobody holds it. See <see cref="WorkLeases"/>.
    /// </summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the claim of <see cref="LeaseOwner"/> ends; after it any instance may claim the row again (take-over).</summary>
    public DateTime? LeaseUntilUtc { get; set; }
}

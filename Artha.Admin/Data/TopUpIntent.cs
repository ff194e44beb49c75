namespace Artha.Admin.Data;

/// <summary>
/// A top-up the portal has decided to make, persisted before Artha is called so that a double click, a retry
/// or a crash can never fund a card twice: the same <see cref="IdempotencyKey"/> finds this row again, and a row
/// left <see cref="TopUpIntentState.Submitting"/> is reconciled against Artha's top-up history, not re-sent.
/// </summary>
public class TopUpIntent
{
    public Guid Id { get; set; }

    /// <summary>Chosen by the form when it opens; unique, so one confirmation can create at most one top-up.</summary>
    public string IdempotencyKey { get; set; } = "";

    public string CardId { get; set; } = "";
    public string? CustomerId { get; set; }
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";

    public TopUpIntentState State { get; set; }

    /// <summary>Artha's transaction id of the top-up (= the top-up id to poll), once known.</summary>
    public string? TopUpId { get; set; }
    public string? ArthaStatus { get; set; }
    public string? ArthaRequestId { get; set; }
    public string? LastError { get; set; }

    public string? CreatedByUserId { get; set; }
    public string CreatedByUserName { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>
    /// The portal instance (<see cref="WorkLeaseOptions.InstanceId"/>) that has claimed this row for work, while
    /// <see cref="LeaseUntilUtc"/> is in the future; null when nobody holds it. See <see cref="WorkLeases"/>.
    /// </summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the claim of <see cref="LeaseOwner"/> ends; after it any instance may claim the row again (take-over).</summary>
    public DateTime? LeaseUntilUtc { get; set; }
}

public enum TopUpIntentState
{
    /// <summary>Saved; the call to Artha is in flight or its answer was lost (reconcile before doing anything else).</summary>
    Submitting = 0,
    /// <summary>Artha accepted it; its status is being watched.</summary>
    Submitted = 1,
    /// <summary>Artha refused it outright (4xx); nothing was created, the user may try again with a new intent.</summary>
    Refused = 2,
    Approved = 3,
    Rejected = 4,
}

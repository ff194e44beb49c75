namespace Artha.Sandbox.State;

// Mutable state records. They are only read or written while holding the SandboxStore lock;
// endpoints never see them, only the immutable response models built from them under that lock.

public sealed record AddressInfo(string? AddressLine1, string? AddressLine2, string? City, string? State, string? PostalCode, string? Country);

public sealed record BusinessInfo(string? BusinessName, string? RegistrationNumber, string? TaxId, string? IncorporationDate,
    string? Website, string? Industry, string? CompanyType);

public sealed class CustomerRecord
{
    public required string Id { get; init; }
    public required string Type { get; set; }
    public string? FirstName { get; set; }
    public string? MiddleName { get; set; }
    public string? LastName { get; set; }
    public string? BusinessName { get; set; }
    public required string Email { get; set; }
    public string? PhoneCode { get; set; }
    public string? PhoneNumber { get; set; }
    public string? Country { get; set; }
    public string? State { get; set; }
    public string? DateOfBirth { get; set; }
    public string? Gender { get; set; }
    public string? ExternalReference { get; set; }
    public AddressInfo? Address { get; set; }
    public BusinessInfo? Business { get; set; }
    public string Status { get; set; } = "active";
    /// <summary>Mirrors the customer's latest KYC application: not_submitted, pending, under_review, approved, rejected.</summary>
    public string KycState { get; set; } = "not_submitted";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? UpdatedAt { get; set; }
    public List<CardRecord> Cards { get; } = [];
    public List<TransactionRecord> Transactions { get; } = [];

    public string DisplayName => Type == "business" && !string.IsNullOrEmpty(BusinessName)
        ? BusinessName
        : string.Join(' ', new[] { FirstName, LastName }.Where(n => !string.IsNullOrEmpty(n)));
}

public sealed class LimitValues
{
    public decimal? Daily { get; set; }
    public decimal? Monthly { get; set; }
    public decimal? PerTransaction { get; set; }
    public decimal? AtmWithdrawal { get; set; }
    public decimal? Yearly { get; set; }
    public decimal? Lifetime { get; set; }

    public LimitValues Copy() => (LimitValues)MemberwiseClone();
}

public sealed class ProductRecord
{
    public required string ProductId { get; init; }
    public required string Name { get; init; }
    public required string Organization { get; init; }
    /// <summary>Capitalised as on the Get Product page: Virtual or Physical.</summary>
    public required string Type { get; init; }
    public string CardType => Type.ToLowerInvariant();
    public string? Country { get; init; }
    public required string Bin { get; init; }
    public required string Currency { get; init; }
    public string Status { get; init; } = "Active";
    public required string[] KycRequirements { get; init; }
    /// <summary>individual (KYC, kycDetails) or business (KYB, kybDetails).</summary>
    public required string CustomerType { get; init; }
    public required string Provider { get; init; }
    public string? Description { get; init; }
    public required LimitValues DefaultLimits { get; init; }
}

public sealed class ApplicationRecord
{
    public required string CustomerId { get; init; }
    public required string ProductId { get; init; }
    /// <summary>Pending, UnderReview, Approved or Rejected (§7.5 spelling).</summary>
    public string Status { get; set; } = "Pending";
    public string? Remarks { get; set; }
    public string? ApplicantLastName { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>Bumped on every resubmission so a review scheduled for an older submission is ignored.</summary>
    public int Version { get; set; }
}

public sealed class CardRecord
{
    public required string Id { get; init; }
    public required CustomerRecord Customer { get; init; }
    public required ProductRecord Product { get; init; }
    public required string Currency { get; init; }
    public required string Pan { get; init; }
    public required string Cvv { get; init; }
    public required int ExpiryMonth { get; init; }
    public required int ExpiryYear { get; init; }
    public required string CardholderName { get; init; }
    /// <summary>Lifecycle status: inactive, active, frozen, cancelled.</summary>
    public string Status { get; set; } = "inactive";
    /// <summary>Issuance state: pending, active, failed (seed flow, phase 5).</summary>
    public string State { get; set; } = "pending";
    public string? FailureReason { get; set; }
    public decimal AvailableBalance { get; set; }
    public decimal HoldAmount { get; set; }
    public required LimitValues Limits { get; set; }
    /// <summary>PBKDF2 hash of the PIN with its salt; the PIN itself is never kept.</summary>
    public byte[]? PinHash { get; set; }
    public byte[]? PinSalt { get; set; }
    public AddressInfo? ShippingAddress { get; set; }
    public string? ReplacesCardId { get; set; }
    public string? ReplacedByCardId { get; set; }
    /// <summary>Set only by the deterministic seed, which backdates a card to its place in the seeded history.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
    /// <summary>Oldest first, ordered by (AuthorizedAt, Sequence).</summary>
    public List<TransactionRecord> Transactions { get; } = [];
    public List<TopUpRecord> TopUps { get; } = [];

    public string Last4 => Pan[^4..];
}

public sealed class TopUpRecord
{
    public required string Id { get; init; }
    public required string TaskId { get; init; }
    public required CardRecord Card { get; init; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    /// <summary>pending, approved, rejected (seed flow, phase 7).</summary>
    public string Status { get; set; } = "pending";
    public string? Remarks { get; set; }
    /// <summary>False when the merchant balance could not cover the amount: nothing to credit back on rejection.</summary>
    public bool MerchantDebited { get; set; }
    /// <summary>Completed through <c>POST /_sandbox/topups/{id}/complete</c> (which also lifts the .77 hold).</summary>
    public bool ReleasedByControl { get; set; }
    public bool RejectedByControl { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public sealed class TransactionRecord
{
    public required string TransactionId { get; init; }
    public required long Sequence { get; init; }
    public required CardRecord Card { get; init; }
    public string? OriginalTransactionId { get; init; }
    public required string Type { get; init; }
    public string? SubType { get; init; }
    public required string Status { get; set; }
    public required decimal Amount { get; init; }
    public required string Currency { get; init; }
    public string? LocalCurrency { get; init; }
    public decimal LocalAmount { get; init; }
    public string? AuthorizationCode { get; init; }
    public required DateTimeOffset AuthorizedAt { get; init; }
    public decimal Fee { get; init; }
    public decimal CrossborderFee { get; init; }
    public decimal SettleAmount { get; set; }
    public DateTimeOffset? SettleDate { get; set; }
    /// <summary>Sum of the refunds made against this (settled) purchase; what is left to refund is SettleAmount minus this.</summary>
    public decimal RefundedAmount { get; set; }
    public string? MerchantName { get; init; }
    public string? MerchantCategoryCode { get; init; }
    public string? MerchantCountry { get; init; }
    public string? MerchantCity { get; init; }
    public string? Description { get; set; }
}

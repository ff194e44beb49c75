namespace Artha.Sandbox.State;

/// <summary>Offset pagination shared by every list endpoint (limit default 20, max 100).</summary>
public sealed record Paging(int Limit, int Offset)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public static readonly Paging Default = new(DefaultLimit, 0);
}

public sealed record CustomerFilter(string? Search, string? Type, string? KycStatus, string? Status, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);

public sealed record CardFilter(string? CustomerId, string? Status, string? Type, string? ProductId, string? State);

public sealed record TransactionFilter(string? Type, string? Status, DateTimeOffset? From, DateTimeOffset? To, string? Merchant,
    decimal? MinAmount, decimal? MaxAmount, string? CardId, string? CustomerId);

public sealed record TopUpFilter(string? Status, DateTimeOffset? From, DateTimeOffset? To, string? CardId, string? CustomerId,
    decimal? MinAmount, decimal? MaxAmount);

public sealed record StoredFile(string FileId, string FileName, string? ContentType, byte[] Content, DateTimeOffset UploadedAt);

/// <summary>Deferred lifecycle work, completed when its due time has passed (lazily on a request or by the background timer).</summary>
internal sealed record ScheduledWork(ScheduledWorkKind Kind, string Id, int Version = 0);

internal enum ScheduledWorkKind { KycReview, CardIssuance, TopUp, PurchaseSettlement }

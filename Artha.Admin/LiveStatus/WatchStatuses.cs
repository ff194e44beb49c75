using Artha.Admin.Data;
using Artha.Client.Models;

namespace Artha.Admin.LiveStatus;

/// <summary>What an observed status means for a watch: terminal or not, and the words for the notification.</summary>
public readonly record struct StatusReading(string Status, bool IsTerminal, bool IsSuccess, string Verb);

/// <summary>
/// Terminal statuses per kind (KYC Approved/Rejected; card state active/failed; top-up approved/rejected; replacement
/// <see cref="ReplacementFound"/>).
/// </summary>
public static class WatchStatuses
{
    /// <summary>The last status of a <see cref="WatchKind.Replacement"/> watch once its new card was found and handed over.</summary>
    public const string ReplacementFound = "found";

    public static StatusReading Read(WatchKind kind, string status) => kind switch
    {
        WatchKind.Kyc => ReadKyc(new KycStatus(status), status),
        WatchKind.CardIssuance => ReadCard(new CardState(status), status),
        WatchKind.Replacement => Same(status, ReplacementFound) ? new(status, true, true, "is being issued") : new(status, false, false, Describe(status)),
        _ => ReadTopUp(new TopUpStatus(status), status),
    };

    /// <summary>
    /// The timing options (<see cref="StatusWatchOptions"/>, named) a kind uses: its own, except a replacement, which
    /// waits for a card to be issued and so uses <see cref="WatchKind.CardIssuance"/>'s (<c>LiveStatus:CardIssuance:*</c>).
    /// </summary>
    public static string TimingOf(WatchKind kind) => kind == WatchKind.Replacement ? nameof(WatchKind.CardIssuance) : kind.ToString();

    private static StatusReading ReadKyc(KycStatus kyc, string status) =>
        kyc == KycStatus.Approved ? new(status, true, true, "approved")
        : kyc == KycStatus.Rejected ? new(status, true, false, "rejected")
        : new(status, false, false, Describe(status));

    private static StatusReading ReadCard(CardState state, string status) =>
        state == CardState.Active ? new(status, true, true, "completed")
        : state == CardState.Failed ? new(status, true, false, "failed")
        : new(status, false, false, Describe(status));

    private static StatusReading ReadTopUp(TopUpStatus topUp, string status) =>
        topUp == TopUpStatus.Approved || topUp == TopUpStatus.Completed ? new(status, true, true, "approved")
        : topUp == TopUpStatus.Rejected || topUp == TopUpStatus.Failed ? new(status, true, false, "rejected")
        : new(status, false, false, Describe(status));

    /// <summary>True when two spellings name the same status ("UnderReview", "under_review").</summary>
    public static bool Same(string? a, string? b) => a is not null && b is not null && Normalize(a) == Normalize(b);

    public static StatusSubject SubjectOf(WatchKind kind) => kind switch
    {
        WatchKind.Kyc => StatusSubject.Kyc,
        WatchKind.CardIssuance or WatchKind.Replacement => StatusSubject.Card,
        _ => StatusSubject.TopUp,
    };

    /// <summary>Audit action and target type for the outcome of a watch of this kind.</summary>
    public static (string Action, string TargetType) AuditOf(WatchKind kind) => kind switch
    {
        WatchKind.Kyc => ("kyc.outcome", "customer"),
        WatchKind.CardIssuance => ("card.issue.outcome", "card"),
        WatchKind.Replacement => ("card.replace.outcome", "card"),
        _ => ("topup.outcome", "topup"),
    };

    /// <summary>The watch's description, or a plain fallback when the page that started it gave none.</summary>
    public static string DescriptionOf(StatusWatch watch) => !string.IsNullOrWhiteSpace(watch.Description)
        ? watch.Description.Trim()
        : watch.Kind switch
        {
            WatchKind.Kyc => $"KYC for customer {watch.EntityId}",
            WatchKind.CardIssuance => $"Issuance of card {watch.EntityId}",
            WatchKind.Replacement => $"Replacement of card {watch.EntityId}",
            _ => $"Top-up {watch.EntityId}",
        };

    private static string Normalize(string value) =>
        value.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();

    private static string Describe(string status) => $"is {Normalize(status) switch { "underreview" => "under review", var s => s }}";
}

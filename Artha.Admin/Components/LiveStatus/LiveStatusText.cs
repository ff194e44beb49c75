using Artha.Admin.LiveStatus;
using MudBlazor;

namespace Artha.Admin.Components.LiveStatus;

/// <summary>How a status change reads in notifications and the live activity panel.</summary>
public static class LiveStatusText
{
    public static Severity SeverityOf(StatusChange change) => Normalize(change.Status) switch
    {
        "approved" or "active" or "completed" or "settled" or "succeeded" => Severity.Success,
        "rejected" or "failed" or "declined" or "cancelled" => Severity.Error,
        "timedout" => Severity.Warning,
        _ => Severity.Info,
    };

    public static string SummaryOf(StatusChange change) => change.Subject switch
    {
        StatusSubject.Kyc => "KYC",
        StatusSubject.Card => "Card",
        StatusSubject.TopUp => "Top-up",
        StatusSubject.Transaction => "Transaction",
        _ => "Customer",
    };

    /// <summary>"14:02:31 UTC" today, else "21 Nov 14:02 UTC".</summary>
    public static string WhenOf(StatusChange change, DateTime nowUtc) =>
        change.OccurredAtUtc.Date == nowUtc.Date
            ? change.OccurredAtUtc.ToString("HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture)
            : change.OccurredAtUtc.ToString("d MMM HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Normalize(string? status) =>
        (status ?? "").Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}

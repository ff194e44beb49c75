using Artha.Admin.Security;
using Artha.Admin.Services;
using Radzen;

namespace Artha.Admin.Components.UI;

/// <summary>Turns outcomes into notifications with one consistent voice across pages.</summary>
public sealed class PortalNotifier(NotificationService notifications)
{
    public void Success(string summary, string detail) =>
        notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Success, Summary = summary, Detail = detail, Duration = 6000 });

    public void Info(string summary, string detail) =>
        notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Info, Summary = summary, Detail = detail, Duration = 8000 });

    /// <summary>Reports a refusal the portal explains itself (e.g. validation messages), not an exception.</summary>
    public void Failure(string whatFailed, string detail) =>
        notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Error, Summary = whatFailed, Detail = detail, Duration = 15000 });

    /// <summary>Reports a failure: what failed, what to do, and the Artha request id when there is one.</summary>
    public void Failure(string whatFailed, Exception exception)
    {
        var detail = exception switch
        {
            ArthaOperationException artha => artha.Describe(),
            PermissionDeniedException denied => denied.Message,
            _ => "Something unexpected went wrong. Your input is kept; try again, and tell an administrator if it persists.",
        };
        notifications.Notify(new NotificationMessage { Severity = NotificationSeverity.Error, Summary = whatFailed, Detail = detail, Duration = 15000 });
    }
}

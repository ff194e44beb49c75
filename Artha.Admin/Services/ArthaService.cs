using System.Net;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Client;
using Artha.Client.Errors;
using Artha.Client.Models;
using Microsoft.EntityFrameworkCore;

namespace Artha.Admin.Services;

/// <summary>
/// The one service pages use for Artha work (scoped: one per circuit). Every method checks the caller's
/// permission itself — a hidden button is never the only guard — writes the audit trail (refusals included),
/// and turns Artha's errors into <see cref="ArthaOperationException"/>s that say what to do next.
/// Wire types from Artha.Client stop here: methods return the portal's own view models.
/// The class is split by feature into ArthaService.*.cs files.
/// </summary>
public sealed partial class ArthaService(
    IArthaClient artha,
    CurrentStaff currentStaff,
    AuditTrail audit,
    IDbContextFactory<AdminDbContext> dbFactory,
    StatusWatchRegistry watches,
    IStatusEventStream events,
    TimeProvider clock,
    IMerchantBalanceSource merchantBalance,
    ISandboxTools sandboxTools,
    KycSubmissionMemory kycMemory,
    TopUpSettlement settlement,
    StepUp stepUp,
    Microsoft.Extensions.Options.IOptions<SecurityOptions> security,
    ILogger<ArthaService> logger)
{
    /// <summary>True when the signed-in user holds <paramref name="permission"/>; for the UI to hide what a role cannot do.</summary>
    public async Task<bool> CanAsync(Permission permission) => (await currentStaff.GetAsync()).Allows(permission);

    /// <summary>Refuses (and audits the refusal of) a call the user's role does not allow.</summary>
    private async Task RequireAsync(Permission permission, string action, AuditTarget? target)
    {
        var user = await currentStaff.GetAsync();
        if (!user.Allows(permission))
        {
            await audit.RecordAsync(action, target, AuditOutcome.Refused, $"role lacks {permission}");
            logger.LogWarning("Refused {Action} on {TargetType} {TargetId} for {User}: role lacks {Permission}.",
                action, target?.Type, target?.Id, user.Identity?.Name, permission);
            throw new PermissionDeniedException(permission);
        }
    }

    /// <summary>
    /// The server-side step-up guard of a sensitive action: refuses (and audits the refusal of) a call without a
    /// re-authentication in the last <see cref="SecurityOptions.StepUpWindow"/>. The page asks first (StepUpPrompt).
    /// </summary>
    private async Task RequireStepUpAsync(string action, AuditTarget target, string purpose)
    {
        if (stepUp.IsFresh)
        {
            return;
        }
        await audit.RecordAsync(action, target, AuditOutcome.Refused, "no recent step-up (password or authenticator code)");
        stepUp.Require(purpose);
    }

    /// <summary>A read: permission check, then the call, with errors translated. Reads are not audited.</summary>
    private async Task<T> ReadAsync<T>(Permission permission, string action, AuditTarget? target, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await RequireAsync(permission, action, target);
        try
        {
            return await call(cancellationToken);
        }
        catch (ArthaException ex)
        {
            throw Translate(ex, action, isChange: false);
        }
    }

    /// <summary>
    /// A change: permission check, an audit row written as Pending before the call (the intent), the call,
    /// then the row's outcome and Artha request id. A failure is audited as Failed and rethrown translated.
    /// </summary>
    private async Task<T> ChangeAsync<T>(
        Permission permission, string action, AuditTarget target, string? detail,
        Func<CancellationToken, Task<T>> call, Func<T, string?> requestIdOf, CancellationToken cancellationToken)
    {
        await RequireAsync(permission, action, target);
        var entry = await audit.RecordAsync(action, target, AuditOutcome.Pending, detail, cancellationToken: cancellationToken);
        try
        {
            var result = await call(cancellationToken);
            await CompleteAuditAsync(entry.Id, AuditOutcome.Succeeded, requestIdOf(result), null);
            return result;
        }
        catch (ArthaException ex)
        {
            var translated = Translate(ex, action, isChange: true);
            await CompleteAuditAsync(entry.Id, AuditOutcome.Failed, translated.RequestId, translated.ErrorCode ?? translated.Kind.ToString());
            throw translated;
        }
        catch (OperationCanceledException)
        {
            await CompleteAuditAsync(entry.Id, AuditOutcome.Failed, null, "cancelled before Artha answered; outcome unknown");
            throw;
        }
    }

    /// <summary><see cref="ChangeAsync{T}(Permission, string, AuditTarget, string?, Func{CancellationToken, Task{T}}, Func{T, string?}, CancellationToken)"/> for a response that carries its own request id.</summary>
    private Task<T> ChangeAsync<T>(
        Permission permission, string action, AuditTarget target, string? detail,
        Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        where T : ArthaResponse =>
        ChangeAsync(permission, action, target, detail, call, r => r.RequestId, cancellationToken);

    private async Task CompleteAuditAsync(long entryId, AuditOutcome outcome, string? requestId, string? failure)
    {
        // Not cancellable: the outcome of a call that already happened must be recorded.
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var entry = await db.AuditEntries.FindAsync(entryId);
        if (entry is null)
        {
            return;
        }
        entry.Outcome = outcome;
        entry.ArthaRequestId = requestId ?? entry.ArthaRequestId;
        if (failure is not null)
        {
            entry.Detail = string.IsNullOrEmpty(entry.Detail) ? failure : $"{entry.Detail} — {failure}";
        }
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Tells every open page about a change this circuit made (or learned).</summary>
    private async Task PublishAsync(StatusSubject subject, string entityId, string status, string message,
        string? customerId = null, string? cardId = null, string? productId = null, bool notable = true)
    {
        var user = await currentStaff.GetAsync();
        await events.PublishAsync(new StatusChange(subject, entityId, status, message, clock.GetUtcNow().UtcDateTime)
        {
            CustomerId = customerId,
            CardId = cardId,
            ProductId = productId,
            IsNotable = notable,
            // The author already saw the page's own confirmation; everyone else gets the live notification.
            InitiatedBy = user.Identity?.Name,
        });
    }

    /// <summary>Starts watching something Artha finishes asynchronously; the poller and webhooks take it from here.</summary>
    private async Task WatchAsync(WatchKind kind, string entityId, string description, string? lastStatus,
        string? productId = null, string? customerId = null, string? cardId = null)
    {
        var user = await currentStaff.GetAsync();
        await watches.WatchAsync(kind, entityId, description, lastStatus, productId, customerId, cardId, user.Identity?.Name);
    }

    /// <summary>Turns a client failure into a message that says what happened and what to do next.</summary>
    internal static ArthaOperationException Translate(ArthaException exception, string action, bool isChange)
    {
        switch (exception)
        {
            case ArthaApiException api:
                var (kind, advice) = api.StatusCode switch
                {
                    HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => (ArthaFailureKind.Validation, "Artha refused the details. Correct the highlighted fields and try again."),
                    HttpStatusCode.NotFound => (ArthaFailureKind.NotFound, "Artha does not know this record. It may have been removed; reload the page."),
                    HttpStatusCode.Conflict => (ArthaFailureKind.Conflict, "This conflicts with the record's current state at Artha. Reload to see the latest state."),
                    HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => (ArthaFailureKind.Authentication, "Artha rejected the portal's credentials. Ask an administrator to check the Artha API key and secret."),
                    _ when (int)api.StatusCode >= 500 => (ArthaFailureKind.ServerError, isChange
                        ? "Artha failed while handling the request. Check the record before trying again: the change may or may not have happened."
                        : "Artha failed while answering. Try again in a moment."),
                    _ => (ArthaFailureKind.ServerError, "Artha could not complete the request. Try again, and report the request id if it keeps failing."),
                };
                var serverMessage = string.IsNullOrWhiteSpace(api.ServerMessage) ? null : api.ServerMessage.Trim().TrimEnd('.') + ".";
                var message = serverMessage is null || kind == ArthaFailureKind.Authentication ? advice : $"{serverMessage} {advice}";
                return new ArthaOperationException(message, kind, api.RequestId, api.FieldErrors, api.StatusCode, api.ErrorCode, api);
            case ArthaTransportException { Kind: ArthaTransportFailure.Timeout } timeout:
                return new ArthaOperationException(isChange
                    ? "Artha did not answer in time, so it is not known whether the change happened. Reload the record to check before trying again."
                    : "Artha did not answer in time. Try again in a moment.", ArthaFailureKind.Timeout, innerException: timeout);
            default:
                return new ArthaOperationException(isChange
                    ? "Artha cannot be reached right now, so the change was most likely not made. Your input is kept: try again in a minute, and reload the record first to be sure."
                    : "Artha cannot be reached right now. Try again in a minute, and tell an administrator if it persists.",
                    ArthaFailureKind.Unavailable, innerException: exception);
        }
    }
}

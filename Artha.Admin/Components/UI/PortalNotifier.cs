using Artha.Admin.Security;
using Artha.Admin.Services;
using MudBlazor;

namespace Artha.Admin.Components.UI;

/// <summary>
/// Every notification of the portal, in one voice, as a MudBlazor snackbar: a short summary and what to do next.
/// Successes close by themselves; failures stay until dismissed or the user navigates (the layout clears them).
/// </summary>
public sealed class PortalNotifier(ISnackbar snackbar, TimeProvider time)
{
    /// <summary>Messages younger than this survive a navigation (e.g. "Customer created" shown just before opening it).</summary>
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1.5);

    private readonly List<(Snackbar Shown, DateTimeOffset At)> shown = [];

    public void Success(string summary, string detail) => Show(Severity.Success, summary, detail, 6000);

    public void Info(string summary, string detail) => Show(Severity.Info, summary, detail, 8000);

    public void Warning(string summary, string detail) => Show(Severity.Warning, summary, detail, 10000);

    /// <summary>Reports a refusal the portal explains itself (e.g. validation messages), not an exception.</summary>
    public void Failure(string whatFailed, string detail) => Show(Severity.Error, whatFailed, detail, 0);

    /// <summary>Reports a failure: what failed, what to do, and the Artha request id when there is one.</summary>
    public void Failure(string whatFailed, Exception exception) => Failure(whatFailed, Describe(exception));

    /// <summary>The one wording of a failure for staff: never a stack trace, always what to do next.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        ArthaOperationException artha => artha.Describe(),
        PermissionDeniedException denied => denied.Message,
        StepUpRequiredException stepUp => stepUp.Message,
        _ => "Something unexpected went wrong. Your input is kept; try again, and tell an administrator if it persists.",
    };

    /// <summary>
    /// The one error path of page actions: runs <paramref name="action"/>, and on a failure staff can act on
    /// (Artha refused or is unreachable, a validation rule, a permission) notifies and returns false. Anything else
    /// is a defect and goes on to the layout's error boundary, which shows a reference id and keeps the circuit.
    /// </summary>
    public async Task<bool> TryAsync(string whatFailed, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            Failure(whatFailed, ex);
            return false;
        }
    }

    /// <summary>As <see cref="TryAsync(string, Func{Task})"/>, with the action's result (default when it failed).</summary>
    public async Task<(bool Ok, T? Value)> TryAsync<T>(string whatFailed, Func<Task<T>> action)
    {
        try
        {
            return (true, await action());
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            Failure(whatFailed, ex);
            return (false, default);
        }
    }

    /// <summary>Failures that are part of normal work, not defects: shown to staff, never thrown to the boundary.</summary>
    public static bool IsExpected(Exception ex) => ex is ArthaOperationException or PermissionDeniedException or StepUpRequiredException;

    /// <summary>Clears every notification.</summary>
    public void Clear()
    {
        snackbar.Clear();
        shown.Clear();
    }

    /// <summary>
    /// Removes the notifications shown before the last moment (the layout calls it on every navigation, so stale
    /// messages never carry over to the next page, while one shown by the action that navigated stays).
    /// </summary>
    public void ClearStale()
    {
        var cutoff = time.GetUtcNow() - FreshFor;
        foreach (var (old, _) in shown.Where(s => s.At < cutoff).ToList())
        {
            snackbar.Remove(old);
        }
        shown.RemoveAll(s => s.At < cutoff);
    }

    /// <summary>Shows a message; a duration of 0 keeps it until dismissed.</summary>
    public void Show(Severity severity, string summary, string detail, int durationMs)
    {
        var message = string.IsNullOrWhiteSpace(detail) ? summary : $"{summary}: {detail}";
        var added = snackbar.Add(message, severity, options =>
        {
            options.RequireInteraction = durationMs == 0;
            if (durationMs > 0)
            {
                options.VisibleStateDuration = durationMs;
            }
            options.ShowCloseIcon = true;
        }, key: message);
        if (added is not null)
        {
            shown.Add((added, time.GetUtcNow()));
        }
    }
}

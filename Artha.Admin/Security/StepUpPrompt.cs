using MudBlazor;

namespace Artha.Admin.Security;

/// <summary>
/// The page side of <see cref="StepUp"/> (scoped: one per circuit): <see cref="EnsureAsync"/> returns true at once while
/// a re-authentication is fresh, otherwise opens <see cref="StepUpDialog"/> and returns true only once the user gave
/// the password or a current authenticator code there (false when they cancelled).
/// </summary>
public sealed class StepUpPrompt(StepUp stepUp, IDialogService dialogs)
{
    /// <param name="purpose">What the user is about to do, lower case, e.g. "reveal the card details".</param>
    public async Task<bool> EnsureAsync(string purpose)
    {
        if (stepUp.IsFresh)
        {
            return true;
        }
        var parameters = new DialogParameters<StepUpDialog> { { d => d.Purpose, purpose } };
        var options = new DialogOptions { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<StepUpDialog>("Confirm it is you", parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false } && stepUp.IsFresh;
    }

    /// <summary>
    /// Runs a step-up-guarded service call: asks first (<see cref="EnsureAsync"/>), and if the service still refuses with
    /// <see cref="StepUpRequiredException"/> (the window ran out in between), asks again and retries once with the same
    /// input. When the user cancels the dialog, throws <see cref="StepUpRequiredException"/> (its message says what to do),
    /// so the page reports it like any refusal and keeps what the user typed.
    /// </summary>
    public async Task<T> RunAsync<T>(string purpose, Func<Task<T>> action)
    {
        if (!await EnsureAsync(purpose))
        {
            throw new StepUpRequiredException(purpose);
        }
        try
        {
            return await action();
        }
        catch (StepUpRequiredException refused)
        {
            if (!await EnsureAsync(refused.Purpose))
            {
                throw;
            }
            return await action();
        }
    }
}

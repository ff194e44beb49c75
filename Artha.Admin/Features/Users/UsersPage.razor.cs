using Artha.Admin.Components.UI;
using Artha.Admin.Features.Users.Model;
using Artha.Admin.Features.Users.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Users;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Artha.Admin.Features.Users;

public partial class UsersPage : IDisposable
{
    private const string SearchKey = "q";
    private static readonly int[] PageSizes = [.. UrlState.PageSizes];

    [Inject] private UserAdministration Administration { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private PortalDialogs Confirmations { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private UrlState Url { get; set; } = default!;
    [Inject] private StepUpPrompt StepUps { get; set; } = default!;

    /// <summary>The search, kept in the URL (<c>/users?q=…</c>) so a link reproduces the list.</summary>
    [SupplyParameterFromQuery(Name = SearchKey)] public string? Search { get; set; }

    private MudDataGrid<StaffUserRow>? grid;
    private GridSource<StaffUserRow> source = default!;
    private int initialPage;
    private int initialSize;
    private string? search;

    private bool showCreate;
    private bool busy;
    private NewUserForm form = new();
    private IReadOnlyList<string> formErrors = [];
    private string? generatedPassword;
    private string? generatedFor;

    protected override void OnInitialized()
    {
        initialPage = Url.PageIndex;
        initialSize = Url.PageSize();
        search = Normalize(Search);
        source = new GridSource<StaffUserRow>(async (request, ct) =>
        {
            var page = await Administration.ListAsync(search, request.Offset, request.Limit, request.Sort, ct);
            return new ListPage<StaffUserRow>(page.Items, page.Total, request.Offset);
        }, "Users");
        source.Changed += KeepPageInUrl;
    }

    protected override async Task OnParametersSetAsync()
    {
        // The address changed (back/forward, a pasted link): the URL's search wins.
        var fromUrl = Normalize(Search);
        if (fromUrl == search)
        {
            return;
        }
        search = fromUrl;
        await FirstPageAsync();
    }

    private async Task SearchChangedAsync(string? value)
    {
        search = Normalize(value);
        Url.Set(new Dictionary<string, object?> { [SearchKey] = search, [UrlState.PageKey] = null });
        await FirstPageAsync();
    }

    private async Task FirstPageAsync()
    {
        if (grid is not null)
        {
            grid.NavigateTo(Page.First);
            await grid.ReloadServerData();
        }
    }

    private void KeepPageInUrl() => Url.SetPage(source.Page, source.PageSize);

    private void ShowCreate()
    {
        form = new NewUserForm();
        formErrors = [];
        showCreate = true;
    }

    private void ToggleRole(string role, bool on)
    {
        if (on)
        {
            form.Roles.Add(role);
        }
        else
        {
            form.Roles.Remove(role);
        }
    }

    private async Task CreateAsync()
    {
        if (busy)
        {
            return;
        }
        // The same rules the service applies, shown before anything is sent; what the admin typed is kept.
        var roles = PortalRoles.All.Where(form.Roles.Contains).ToList();
        formErrors = NewUserRules.Errors(form.Email, form.Password, roles, Administration.MinimumPasswordLength);
        if (formErrors.Count > 0)
        {
            return;
        }
        busy = true;
        try
        {
            var email = form.Email.Trim();
            var (ok, result) = await SteppedUpAsync("The user was not created", () =>
                Administration.CreateAsync(email, string.IsNullOrWhiteSpace(form.DisplayName) ? null : form.DisplayName.Trim(), roles, form.Password));
            if (!ok || result is null)
            {
                return;
            }
            if (!result.Succeeded)
            {
                formErrors = result.Errors;
                return;
            }
            Notifier.Success("User created", $"{email} can now sign in.");
            showCreate = false;
            await ReloadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ChangeRolesAsync(StaffUserRow row)
    {
        var parameters = new DialogParameters<UserRolesDialog>
        {
            { d => d.Email, row.Email },
            { d => d.Roles, row.Roles },
            { d => d.LastActiveAdmin, row.IsLastActiveAdmin },
        };
        var dialog = await Dialogs.ShowAsync<UserRolesDialog>($"Roles of {row.Email}", parameters,
            new DialogOptions { CloseOnEscapeKey = true, BackdropClick = false, MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseButton = true });
        if (await dialog.Result is not { Canceled: false, Data: IReadOnlyList<string> roles } || roles.SequenceEqual(row.Roles))
        {
            return;
        }
        await ApplyAsync($"The roles of {row.Email} were not changed", () => Administration.SetRolesAsync(row.Id, roles),
            $"{row.Email} now has {string.Join(", ", roles)}.");
    }

    private async Task SetDisabledAsync(StaffUserRow row, bool disable)
    {
        var confirmed = disable
            ? await Confirmations.ConfirmAsync($"Disable {row.Email}?",
                "Their open sessions end at their next click and they cannot sign in until an administrator enables the account again.",
                "Disable", destructive: true)
            : await Confirmations.ConfirmAsync($"Enable {row.Email}?", "They can sign in again with their current password.", "Enable");
        if (!confirmed)
        {
            return;
        }
        await ApplyAsync(disable ? $"{row.Email} was not disabled" : $"{row.Email} was not enabled",
            () => Administration.SetDisabledAsync(row.Id, disable), disable ? $"{row.Email} is disabled." : $"{row.Email} is enabled.");
    }

    private async Task ResetPasswordAsync(StaffUserRow row)
    {
        if (!await Confirmations.ConfirmAsync($"Reset the password of {row.Email}?",
                "Their current password stops working at once; you get a new one to hand over.", "Reset password"))
        {
            return;
        }
        var (ok, result) = await SteppedUpAsync($"The password of {row.Email} was not reset", () => Administration.ResetPasswordAsync(row.Id));
        if (!ok || result is null)
        {
            return;
        }
        if (result.Succeeded)
        {
            generatedPassword = result.GeneratedPassword;
            generatedFor = row.Email;
        }
        Report(result, $"The password of {row.Email} was not reset", $"Password of {row.Email} reset.");
    }

    private async Task SignOutEverywhereAsync(StaffUserRow row)
    {
        if (!await Confirmations.ConfirmAsync($"Sign {row.Email} out everywhere?",
                "Every open session of this account, in every browser, ends at its next request; they must sign in again. Their password and roles stay as they are.",
                "Sign out everywhere"))
        {
            return;
        }
        await ApplyAsync($"{row.Email} was not signed out", () => Administration.SignOutEverywhereAsync(row.Id), $"Every session of {row.Email} has ended.",
            stepUp: false);
    }

    private async Task ResetMfaAsync(StaffUserRow row)
    {
        if (!await Confirmations.ConfirmAsync($"Reset two-factor authentication of {row.Email}?",
                "Their authenticator app and recovery codes stop working and every open session of the account ends. " +
                "If their role requires it, their next sign-in asks them to set up an authenticator app again.",
                "Reset MFA", destructive: true))
        {
            return;
        }
        await ApplyAsync($"Two-factor authentication of {row.Email} was not reset", () => Administration.ResetMfaAsync(row.Id),
            $"Two-factor authentication of {row.Email} is reset.");
    }

    /// <summary>
    /// A user-administration change behind the step-up (the service enforces it; this asks first, and again if the
    /// service still refuses). Cancelling the dialog changes nothing and keeps what was typed.
    /// </summary>
    private Task<(bool Ok, T? Value)> SteppedUpAsync<T>(string whatFailed, Func<Task<T>> change) =>
        Notifier.TryAsync(whatFailed, () => StepUps.RunAsync(UserAdministration.StepUpPurpose, change));

    private async Task ApplyAsync(string whatFailed, Func<Task<UserChangeResult>> change, string success, bool stepUp = true)
    {
        var (ok, result) = stepUp ? await SteppedUpAsync(whatFailed, change) : await Notifier.TryAsync(whatFailed, change);
        if (ok && result is not null)
        {
            Report(result, whatFailed, success);
        }
        await ReloadAsync();
    }

    private void Report(UserChangeResult result, string whatFailed, string success)
    {
        if (result.Succeeded)
        {
            Notifier.Success("Saved", success);
        }
        else
        {
            Notifier.Failure(whatFailed, string.Join(" ", result.Errors));
        }
    }

    private static (string Label, Color Color, string Key) StatusOf(StaffUserRow row) =>
        row.IsDisabled ? ("Disabled", Color.Error, "disabled")
        : row.IsLockedOut ? ("Locked out", Color.Warning, "lockedout")
        : ("Active", Color.Success, "active");

    private static (string Label, string Key, string Title) MfaStateOf(StaffUserRow row) =>
        row.MfaEnabled ? ("On", "on", "Signs in with an authenticator app")
        : row.MfaRequired ? ("Off (required)", "required", "Required for their role: the next sign-in asks them to set up an authenticator app")
        : ("Off", "off", "No second factor set up");

    private Task ReloadAsync() => grid?.ReloadServerData() ?? Task.CompletedTask;

    private static string? Normalize(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public void Dispose() => source.Changed -= KeepPageInUrl;
}

using Artha.Admin.Components.UI;
using Artha.Admin.Users;
using Microsoft.AspNetCore.Components;
using Radzen;
using Radzen.Blazor;

namespace Artha.Admin.Components.Pages.Users;

public partial class UsersPage
{
    [Inject] private UserAdministration Administration { get; set; } = default!;
    [Inject] private PortalNotifier Notifier { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    /// <summary>The search, kept in the URL (<c>/users?q=…</c>) so a link reproduces the list.</summary>
    [SupplyParameterFromQuery(Name = "q")] public string? Search { get; set; }

    private RadzenDataGrid<StaffUserRow>? grid;
    private IReadOnlyList<StaffUserRow>? rows; // null until first load: Radzen only calls LoadData on first render when Data is null
    private int total;
    private bool loading;
    private string? search;
    private string? loadError;
    private CancellationTokenSource? searchDebounce;

    private bool showCreate;
    private bool busy;
    private NewUserForm form = new();
    private IReadOnlyList<string> formErrors = [];
    private string? generatedPassword;
    private string? generatedFor;

    protected override async Task OnParametersSetAsync()
    {
        // First render, or the address changed (back/forward, a pasted link): the URL's search wins.
        var fromUrl = string.IsNullOrWhiteSpace(Search) ? null : Search;
        if (fromUrl == (string.IsNullOrWhiteSpace(search) ? null : search))
        {
            return;
        }
        search = fromUrl;
        if (grid is not null)
        {
            await grid.FirstPage(true);
        }
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        loading = true;
        try
        {
            var page = await Administration.ListAsync(search, args.Skip ?? 0, args.Top ?? 20, Services.ListSort.From(args.Sorts));
            rows = page.Items;
            total = page.Total;
            loadError = null;
        }
        catch (Security.PermissionDeniedException ex)
        {
            // E.g. the Admin role was removed while this page was open: say so instead of ending the session.
            rows = [];
            total = 0;
            loadError = ex.Message;
        }
        finally
        {
            loading = false;
        }
    }

    private async Task OnSearchInput(ChangeEventArgs e)
    {
        search = e.Value?.ToString();
        searchDebounce?.Cancel();
        searchDebounce = new CancellationTokenSource();
        try
        {
            await Task.Delay(300, searchDebounce.Token);
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("q", string.IsNullOrWhiteSpace(search) ? null : search.Trim()), replace: true);
            if (grid is not null)
            {
                await grid.FirstPage(true);
            }
        }
        catch (TaskCanceledException)
        {
            // A newer keystroke replaced this search.
        }
    }

    private void ShowCreate()
    {
        form = new NewUserForm();
        formErrors = [];
        showCreate = true;
    }

    private async Task CreateAsync(NewUserForm submitted)
    {
        if (busy)
        {
            return;
        }
        busy = true;
        try
        {
            var result = await Administration.CreateAsync(submitted.Email.Trim(), submitted.DisplayName?.Trim(), submitted.Roles.ToList(), submitted.Password);
            if (!result.Succeeded)
            {
                // Keep what the admin typed; show why it was refused.
                formErrors = result.Errors;
                return;
            }
            Notifier.Success("User created", $"{submitted.Email} can now sign in.");
            showCreate = false;
            await ReloadAsync();
        }
        finally
        {
            busy = false;
        }
    }

    private async Task ChangeRolesAsync(StaffUserRow row, IEnumerable<string> roles)
    {
        var result = await Administration.SetRolesAsync(row.Id, roles.ToList());
        Report(result, $"Roles of {row.Email} updated.");
        await ReloadAsync();
    }

    private async Task SetDisabledAsync(StaffUserRow row, bool disable)
    {
        if (disable)
        {
            var confirmed = await Dialogs.Confirm($"Disable {row.Email}? They are signed out within a minute and cannot sign in until enabled again.",
                "Disable user", new ConfirmOptions { OkButtonText = "Disable", CancelButtonText = "Keep active" });
            if (confirmed != true)
            {
                return;
            }
        }
        var result = await Administration.SetDisabledAsync(row.Id, disable);
        Report(result, disable ? $"{row.Email} is disabled." : $"{row.Email} is enabled.");
        await ReloadAsync();
    }

    private async Task ResetPasswordAsync(StaffUserRow row)
    {
        var confirmed = await Dialogs.Confirm($"Reset the password of {row.Email}? Their current password stops working at once.",
            "Reset password", new ConfirmOptions { OkButtonText = "Reset", CancelButtonText = "Cancel" });
        if (confirmed != true)
        {
            return;
        }
        var result = await Administration.ResetPasswordAsync(row.Id);
        if (result.Succeeded)
        {
            generatedPassword = result.GeneratedPassword;
            generatedFor = row.Email;
        }
        Report(result, $"Password of {row.Email} reset.");
    }

    private void Report(UserChangeResult result, string success)
    {
        if (result.Succeeded)
        {
            Notifier.Success("Saved", success);
        }
        else
        {
            Notifier.Failure("Not saved", string.Join(" ", result.Errors));
        }
    }

    private Task ReloadAsync() => grid?.Reload() ?? Task.CompletedTask;

    private sealed class NewUserForm
    {
        public string Email { get; set; } = "";
        public string? DisplayName { get; set; }
        public string Password { get; set; } = "";
        public IEnumerable<string> Roles { get; set; } = [];
    }
}

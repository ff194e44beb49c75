using System.Text.RegularExpressions;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Artha.Admin.Tests.Security;

/// <summary>Step-up: the password or a current authenticator code, remembered for 5 minutes in the circuit.</summary>
public class StepUpTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Password = "Operations!StepUp-2026";

    private async Task<(string Id, string Email)> NewOperationsUserAsync()
    {
        var email = $"ops-{Guid.NewGuid():N}@artha.local";
        return (await portal.CreateUserAsync(email, Password, PortalRoles.Operations), email);
    }

    private static StepUp StepUpOn(AsyncServiceScope scope, TimeProvider clock) => new(
        scope.ServiceProvider.GetRequiredService<CurrentStaff>(), scope.ServiceProvider.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new SecurityOptions()), clock, NullLogger<StepUp>.Instance);

    [Fact]
    public async Task The_password_opens_a_five_minute_window_and_a_wrong_one_counts_towards_lockout_audited_without_the_secret()
    {
        var (id, email) = await NewOperationsUserAsync();
        await using var circuit = portal.ScopeAsUser(id, email, PortalRoles.Operations);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var stepUp = StepUpOn(circuit, clock);

        Assert.False(stepUp.IsFresh);
        Assert.Throws<StepUpRequiredException>(() => stepUp.Require("reveal the card details"));

        var wrong = await stepUp.VerifyAsync("Not-The!Password1", "reveal the card details");
        Assert.False(wrong.Succeeded);
        Assert.Contains("not correct", wrong.Message);
        Assert.Equal(1, (await portal.FindUserAsync(email)).AccessFailedCount);

        Assert.True((await stepUp.VerifyAsync(Password, "reveal the card details")).Succeeded);
        stepUp.Require("reveal the card details");
        Assert.Equal(0, (await portal.FindUserAsync(email)).AccessFailedCount);

        clock.Advance(TimeSpan.FromMinutes(4.9));
        Assert.True(stepUp.IsFresh);
        clock.Advance(TimeSpan.FromMinutes(0.2));
        Assert.False(stepUp.IsFresh);

        var audit = (await portal.LatestAuditAsync()).Where(a => a.UserName == email && a.Action == SignInAudit.StepUp).ToList();
        Assert.Contains(audit, a => a.Outcome == AuditOutcome.Failed && a.Detail == "wrong password to reveal the card details");
        Assert.Contains(audit, a => a.Outcome == AuditOutcome.Succeeded && a.Detail == "re-authenticated with password to reveal the card details");
        Assert.DoesNotContain(audit, a => a.Detail!.Contains(Password, StringComparison.Ordinal) || a.Detail.Contains("Not-The", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_current_authenticator_code_also_steps_up_once_two_factor_is_on()
    {
        var (id, email) = await NewOperationsUserAsync();
        string key;
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = (await users.FindByIdAsync(id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            key = (await users.GetAuthenticatorKeyAsync(user))!;
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        await using var circuit = portal.ScopeAsUser(id, email, PortalRoles.Operations);
        var stepUp = StepUpOn(circuit, TimeProvider.System);

        Assert.True(await stepUp.HasAuthenticatorAsync());
        // A code from ten minutes ago is no longer valid.
        Assert.False((await stepUp.VerifyAsync(StaffAccessTestKit.Totp(key, DateTimeOffset.UtcNow.AddMinutes(-10)), "cancel the card")).Succeeded);
        Assert.False(stepUp.IsFresh);
        var result = await stepUp.VerifyAsync(StaffAccessTestKit.Totp(key, DateTimeOffset.UtcNow), "cancel the card");

        Assert.True(result.Succeeded, result.Message);
        Assert.True(stepUp.IsFresh);
    }

    [Fact]
    public async Task The_dialog_keeps_asking_until_the_password_is_right_and_then_the_prompt_succeeds()
    {
        var (id, email) = await NewOperationsUserAsync();
        await using var circuit = portal.ScopeAsUser(id, email, PortalRoles.Operations);
        await using var ui = new BunitContext();
        ui.Services.AddMudServices();
        ui.JSInterop.Mode = JSRuntimeMode.Loose;
        var stepUp = StepUpOn(circuit, TimeProvider.System);
        ui.Services.AddSingleton(stepUp);
        ui.Services.AddScoped<StepUpPrompt>();
        ui.Render<MudPopoverProvider>();
        var dialogs = ui.Render<MudDialogProvider>();
        var prompt = ui.Services.GetRequiredService<StepUpPrompt>();

        var asked = dialogs.InvokeAsync(() => prompt.EnsureAsync("reveal the card details"));
        dialogs.WaitForAssertion(() => Assert.Contains("To reveal the card details", dialogs.Find("#step-up-purpose").TextContent));
        dialogs.Find("#step-up-secret").Input("Wrong!Password-1");
        dialogs.Find("#step-up-form").Submit();
        dialogs.WaitForAssertion(() => Assert.Contains("not correct", dialogs.Markup));
        Assert.False(asked.IsCompleted);

        dialogs.Find("#step-up-secret").Input(Password);
        dialogs.Find("#step-up-form").Submit();

        Assert.True(await asked.WaitAsync(TimeSpan.FromSeconds(30)));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#step-up-dialog")));
        // Fresh now: the next sensitive action does not ask again.
        Assert.True(await dialogs.InvokeAsync(() => prompt.EnsureAsync("reveal the card details")));
        Assert.Empty(dialogs.FindAll("#step-up-dialog"));
    }

    [Fact]
    public async Task Cancelling_the_dialog_refuses_the_action()
    {
        var (id, email) = await NewOperationsUserAsync();
        await using var circuit = portal.ScopeAsUser(id, email, PortalRoles.Operations);
        await using var ui = new BunitContext();
        ui.Services.AddMudServices();
        ui.JSInterop.Mode = JSRuntimeMode.Loose;
        ui.Services.AddSingleton(StepUpOn(circuit, TimeProvider.System));
        ui.Services.AddScoped<StepUpPrompt>();
        ui.Render<MudPopoverProvider>();
        var dialogs = ui.Render<MudDialogProvider>();

        var asked = dialogs.InvokeAsync(() => ui.Services.GetRequiredService<StepUpPrompt>().EnsureAsync("cancel the card"));
        dialogs.WaitForAssertion(() => dialogs.Find("#step-up-cancel"));
        dialogs.Find("#step-up-cancel").Click();

        Assert.False(await asked.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task When_the_service_still_refuses_the_prompt_asks_again_and_retries_with_the_same_input()
    {
        var (id, email) = await NewOperationsUserAsync();
        await using var circuit = portal.ScopeAsUser(id, email, PortalRoles.Operations);
        await using var ui = new BunitContext();
        ui.Services.AddMudServices();
        ui.JSInterop.Mode = JSRuntimeMode.Loose;
        var stepUp = StepUpOn(circuit, TimeProvider.System);
        ui.Services.AddSingleton(stepUp);
        ui.Services.AddScoped<StepUpPrompt>();
        ui.Render<MudPopoverProvider>();
        var dialogs = ui.Render<MudDialogProvider>();
        Assert.True((await stepUp.VerifyAsync(Password, "cancel the card")).Succeeded);
        var inputs = new List<string>();
        const string reason = "customer reported it stolen";

        // The first call finds the window gone (it ran out between the prompt and the service): the service refuses.
        var run = dialogs.InvokeAsync(() => ui.Services.GetRequiredService<StepUpPrompt>().RunAsync("cancel the card", () =>
        {
            inputs.Add(reason);
            if (inputs.Count == 1)
            {
                stepUp.Forget();
                stepUp.Require("cancel the card");
            }
            return Task.FromResult("cancelled");
        }));
        dialogs.WaitForAssertion(() => Assert.Contains("To cancel the card", dialogs.Find("#step-up-purpose").TextContent));
        dialogs.Find("#step-up-secret").Input(Password);
        dialogs.Find("#step-up-form").Submit();

        Assert.Equal("cancelled", await run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal([reason, reason], inputs);
    }
}

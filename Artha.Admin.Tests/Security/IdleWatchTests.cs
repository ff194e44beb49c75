using System.Security.Claims;
using Artha.Admin.Components.Layout;
using Artha.Admin.Security;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace Artha.Admin.Tests.Security;

/// <summary>The idle warning of an open page: 2 minutes before the 15-minute idle sign-out, "Stay signed in" renews.</summary>
public class IdleWatchTests : BunitContext, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly ManualClock clock = new(Start);

    public IdleWatchTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<TimeProvider>(clock);
        Services.AddSingleton(Options.Create(new SecurityOptions()));
        Services.AddScoped<SessionClock>();
        Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
    }

    private IRenderedComponent<IdleWatch>? watch;

    private IRenderedComponent<MudDialogProvider> RenderWatch(DateTimeOffset signedInAt)
    {
        AddAuthorization().SetAuthorized("support@artha.local").SetClaims(new Claim(SecurityHardening.SignedInAtClaim, signedInAt.ToString("O")));
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        watch = Render<IdleWatch>();
        return dialogs;
    }

    [Fact]
    public void The_warning_appears_two_minutes_before_the_idle_sign_out_and_stay_signed_in_renews_the_session()
    {
        JSInterop.Setup<bool>("arthaAdmin.idle.renew").SetResult(true);
        var dialogs = RenderWatch(Start);

        clock.Advance(TimeSpan.FromMinutes(12.9));
        Assert.Empty(dialogs.FindAll("#idle-stay"));

        clock.Advance(TimeSpan.FromMinutes(0.2));
        dialogs.WaitForAssertion(() => Assert.Contains("1:54", dialogs.Find("#idle-countdown").TextContent));
        Assert.Contains("signed out in", dialogs.Find("#idle-message").TextContent);

        dialogs.Find("#idle-stay").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#idle-stay")));
        Assert.Equal(Start.AddSeconds(786 + 900), Services.GetRequiredService<SessionClock>().IdleDeadline);
        clock.Advance(TimeSpan.FromMinutes(12.9));
        Assert.Empty(dialogs.FindAll("#idle-stay"));
        Assert.Empty(JSInterop.Invocations["arthaAdmin.idle.signOut"]);
    }

    [Fact]
    public void Without_an_answer_the_page_signs_out_at_the_deadline_saying_it_was_idle()
    {
        var dialogs = RenderWatch(Start);

        clock.Advance(TimeSpan.FromMinutes(14));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("#idle-stay")));
        clock.Advance(TimeSpan.FromMinutes(1));

        dialogs.WaitForAssertion(() =>
        {
            var signOut = Assert.Single(JSInterop.Invocations["arthaAdmin.idle.signOut"]);
            Assert.Equal(["idle-signout-form", "idle"], signOut.Arguments);
        });
        Assert.Empty(dialogs.FindAll("#idle-stay"));
    }

    [Fact]
    public void Activity_reported_by_the_page_renews_the_session_and_closes_the_warning()
    {
        var dialogs = RenderWatch(Start);
        clock.Advance(TimeSpan.FromMinutes(13.5));
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll("#idle-stay")));

        var rendered = watch!;
        rendered.InvokeAsync(() => rendered.Instance.Renewed());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("#idle-stay")));
        Assert.Equal(Start.AddSeconds(810 + 900), Services.GetRequiredService<SessionClock>().IdleDeadline);
    }

    [Fact]
    public void The_absolute_lifetime_is_announced_cannot_be_extended_and_ends_the_page()
    {
        // Signed in 9 h 50 min ago: the 10-hour limit comes before the idle deadline.
        var dialogs = RenderWatch(Start.AddHours(-10).AddMinutes(10));

        clock.Advance(TimeSpan.FromMinutes(8.5));
        dialogs.WaitForAssertion(() => Assert.Contains("at most 10 hours", dialogs.Find("#idle-message").TextContent));
        Assert.Empty(dialogs.FindAll("#idle-stay"));
        clock.Advance(TimeSpan.FromMinutes(1.5));

        dialogs.WaitForAssertion(() => Assert.Equal("lifetime", Assert.Single(JSInterop.Invocations["arthaAdmin.idle.signOut"]).Arguments[1]));
    }

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => new("test-token", "__RequestVerificationToken");
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();
}

using System.Globalization;
using Artha.Admin.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace Artha.Admin.Components.Layout;

/// <summary>
/// Warns <see cref="SecurityOptions.IdleWarning"/> (2 minutes) before the idle sign-out (<see cref="SecurityOptions.IdleTimeout"/>,
/// 15 minutes) with "Stay signed in" and "Sign out", and signs out at the deadline. Activity on the page (keys, clicks,
/// scrolling; at most once a minute) renews the sliding sign-in cookie through <c>POST /Account/KeepAlive</c>, so only a
/// page nobody uses is signed out. The absolute lifetime (<see cref="SecurityOptions.AbsoluteLifetime"/>) is announced the
/// same way and cannot be extended. The deadlines live in the circuit's <see cref="SessionClock"/>, which the circuit's
/// revalidation also enforces, so a page whose script never runs loses its access all the same.
/// </summary>
public sealed partial class IdleWatch
{
    /// <summary>Activity renews the cookie at most this often.</summary>
    private static readonly TimeSpan ActivityRenewalInterval = TimeSpan.FromMinutes(1);

    private readonly DialogOptions dialogOptions = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseButton = false, BackdropClick = false, CloseOnEscapeKey = false };
    private DotNetObjectReference<IdleWatch>? selfReference;
    private ITimer? timer;
    private bool warningVisible;
    private bool endsAtLifetime;
    private bool renewing;
    private bool signingOut;
    private TimeSpan remaining;

    [Inject] private SessionClock Session { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private IJSRuntime JS { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private string CountdownText => remaining <= TimeSpan.Zero ? "0:00"
        : $"{(int)remaining.TotalMinutes}:{remaining.Seconds.ToString("00", CultureInfo.InvariantCulture)}";

    private string LifetimeText => Session.Settings.AbsoluteLifetime.TotalHours is var hours && hours >= 1
        ? $"{hours:0.#} hours" : $"{Session.Settings.AbsoluteLifetime.TotalMinutes:0} minutes";

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        selfReference = DotNetObjectReference.Create(this);
        await JS.InvokeVoidAsync("arthaAdmin.idle.start", selfReference, "Account/KeepAlive", (int)ActivityRenewalInterval.TotalMilliseconds);
        timer = Clock.CreateTimer(_ => _ = InvokeAsync(CheckAsync), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>Once a second: show, update or hide the warning; sign out at the deadline.</summary>
    private async Task CheckAsync()
    {
        if (signingOut || AuthenticationState is null)
        {
            return;
        }
        var user = (await AuthenticationState).User;
        var now = Session.Now;
        var deadline = Session.Deadline(user);
        var lifetimeEnds = Session.AbsoluteDeadline(user) is { } absolute && absolute <= Session.IdleDeadline;
        if (now >= deadline)
        {
            await SignOutAsync(lifetimeEnds ? "lifetime" : "idle");
            return;
        }

        var show = now >= deadline - Session.Settings.IdleWarning;
        if (show && lifetimeEnds && dismissedLifetimeWarning)
        {
            show = false;
        }
        if (show || warningVisible)
        {
            endsAtLifetime = lifetimeEnds;
            remaining = deadline - now;
            warningVisible = show;
            StateHasChanged();
        }
    }

    private bool dismissedLifetimeWarning;

    private void Dismiss()
    {
        dismissedLifetimeWarning = true;
        warningVisible = false;
    }

    private async Task StayAsync()
    {
        renewing = true;
        try
        {
            if (await JS.InvokeAsync<bool>("arthaAdmin.idle.renew"))
            {
                Session.Renewed();
                warningVisible = false;
            }
            else
            {
                // The sign-in ended meanwhile (e.g. signed out everywhere): nothing to keep alive.
                await SignOutAsync("idle");
            }
        }
        finally
        {
            renewing = false;
        }
    }

    /// <summary>Called by the page's script after activity renewed the cookie.</summary>
    [JSInvokable]
    public Task Renewed() => InvokeAsync(() =>
    {
        Session.Renewed();
        if (warningVisible && !endsAtLifetime)
        {
            warningVisible = false;
            StateHasChanged();
        }
    });

    /// <summary>Called by the page's script when a renewal found the sign-in already ended.</summary>
    [JSInvokable]
    public Task Ended() => InvokeAsync(() => SignOutAsync("idle"));

    private async Task SignOutAsync(string? reason)
    {
        if (signingOut)
        {
            return;
        }
        signingOut = true;
        warningVisible = false;
        timer?.Dispose();
        StateHasChanged();
        await JS.InvokeVoidAsync("arthaAdmin.idle.signOut", "idle-signout-form", reason ?? "");
    }

    public async ValueTask DisposeAsync()
    {
        timer?.Dispose();
        if (selfReference is not null)
        {
            try
            {
                await JS.InvokeVoidAsync("arthaAdmin.idle.stop");
            }
            catch (JSDisconnectedException)
            {
                // The page is gone: nothing left to stop.
            }
            selfReference.Dispose();
        }
    }
}

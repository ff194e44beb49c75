using Artha.Admin.Components.UI;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;

namespace Artha.Admin.Tests.Components;

/// <summary>The shared pieces every page is built from: dialogs, notifications, list state, the grid adapter, URL state.</summary>
public class SharedUiTests : BunitContext, IAsyncLifetime
{
    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's popover services only dispose asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }

    private readonly ManualClock time = new(DateTimeOffset.Parse("2026-12-02T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public SharedUiTests()
    {
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(time); // after AddMudServices, which registers the system clock
        Services.AddScoped<PortalNotifier>();
        Services.AddScoped<PortalDialogs>();
        Services.AddScoped<UrlState>();
        Services.AddLogging();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render<MudDialogProvider>();
    }

    private PortalNotifier Notifier => Services.GetRequiredService<PortalNotifier>();

    private IReadOnlyList<Snackbar> Shown => Services.GetRequiredService<ISnackbar>().ShownSnackbars.ToList();

    [Fact]
    public async Task A_confirmation_with_a_reason_stays_disabled_until_a_reason_is_given_and_returns_it()
    {
        var provider = RenderProviders();
        var dialogs = Services.GetRequiredService<PortalDialogs>();

        var answer = provider.InvokeAsync(() => dialogs.ConfirmAsync(new ConfirmRequest("Freeze card?", "The card stops working until unfrozen.")
        {
            ConfirmText = "Freeze", ReasonLabel = "Reason",
        }));

        provider.WaitForAssertion(() => Assert.Contains("Freeze card?", provider.Markup));
        Assert.True(provider.Find("#confirm-ok").HasAttribute("disabled"));
        provider.Find("#confirm-reason").Input("Customer reported it lost");
        provider.WaitForAssertion(() => Assert.False(provider.Find("#confirm-ok").HasAttribute("disabled")));
        provider.Find("#confirm-ok").Click();

        var result = await answer;
        Assert.True(result.Confirmed);
        Assert.Equal("Customer reported it lost", result.Reason);
    }

    [Fact]
    public async Task A_typed_confirmation_needs_the_exact_phrase_and_cancel_answers_no()
    {
        var provider = RenderProviders();
        var dialogs = Services.GetRequiredService<PortalDialogs>();

        var answer = provider.InvokeAsync(() => dialogs.ConfirmAsync(new ConfirmRequest("Cancel card?", "This cannot be undone.")
        {
            TypedPhrase = "CANCEL", Destructive = true,
        }));
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("#confirm-typed")));
        provider.Find("#confirm-typed").Input("cancel");
        Assert.True(provider.Find("#confirm-ok").HasAttribute("disabled"));
        provider.Find("#confirm-cancel").Click();

        var result = await answer;
        Assert.False(result.Confirmed);
        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("#confirm-dialog-title")));
    }

    [Fact]
    public async Task The_one_error_path_notifies_expected_failures_and_rethrows_defects()
    {
        RenderProviders();

        var ok = await Notifier.TryAsync("Freezing the card", () =>
            throw new ArthaOperationException("Artha could not be reached. Try again in a minute.", ArthaFailureKind.Unavailable, "req_1"));
        Assert.False(ok);
        var shown = Assert.Single(Shown);
        Assert.Equal(Severity.Error, shown.Severity);
        Assert.Contains("Freezing the card", shown.Message);
        Assert.Contains("req_1", shown.Message);

        var (done, value) = await Notifier.TryAsync("Loading", () => Task.FromResult(42));
        Assert.True(done);
        Assert.Equal(42, value);

        await Assert.ThrowsAsync<InvalidOperationException>(() => Notifier.TryAsync("Loading", () => throw new InvalidOperationException("bug")));
    }

    [Fact]
    public void Notifications_older_than_a_moment_are_cleared_on_navigation_and_a_fresh_one_stays()
    {
        RenderProviders();
        Notifier.Failure("Saving failed", "Artha refused the change.");
        time.Advance(TimeSpan.FromSeconds(5));
        Notifier.Success("Customer created", "Jane Doe");

        Notifier.ClearStale();

        var left = Assert.Single(Shown);
        Assert.Contains("Customer created", left.Message);
    }

    [Fact]
    public void List_state_shows_the_error_with_a_retry_before_loading_or_empty()
    {
        var retried = 0;
        var state = Render<ListState>(p => p
            .Add(x => x.Error, "Cards could not be loaded. Artha is unavailable.")
            .Add(x => x.Loading, true)
            .Add(x => x.OnRetry, () => retried++));

        Assert.Contains("Cards could not be loaded", state.Find("[role=alert]").TextContent);
        state.Find(".list-retry").Click();
        Assert.Equal(1, retried);

        state.Render(p => p.Add(x => x.Error, null).Add(x => x.Loading, false).Add(x => x.IsEmpty, true).Add(x => x.EmptyText, "There are no cards yet."));
        Assert.Contains("There are no cards yet.", state.Find(".list-empty").TextContent);
    }

    [Fact]
    public async Task The_grid_adapter_turns_page_and_size_into_offset_and_limit_passes_the_token_and_reports_failures()
    {
        ListRequest? asked = null;
        CancellationToken passed = default;
        var source = new GridSource<string>((request, token) =>
        {
            asked = request;
            passed = token;
            return Task.FromResult(new ListPage<string>(["a", "b"], 42, request.Offset));
        }, "Cards");
        using var cts = new CancellationTokenSource();
        var state = new GridState<string> { Page = 2, PageSize = 20 };

        var data = await source.LoadAsync(state, cts.Token);

        Assert.Equal(new ListRequest(40, 20, null), asked);
        Assert.Equal(cts.Token, passed);
        Assert.Equal(42, data.TotalItems);
        Assert.Null(source.Error);

        var failing = new GridSource<string>((_, _) => throw new PermissionDeniedException(Permission.ViewAudit), "Audit");
        var none = await failing.LoadAsync(state, CancellationToken.None);
        Assert.Empty(none.Items);
        Assert.StartsWith("Audit could not be loaded.", failing.Error);
    }

    [Fact]
    public void Url_state_writes_values_drops_blanks_and_reads_page_and_size_tolerantly()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var url = Services.GetRequiredService<UrlState>();

        url.Set(new Dictionary<string, object?> { ["q"] = "  smith ", ["from"] = new DateOnly(2026, 11, 1), ["type"] = "" });
        Assert.EndsWith("?q=smith&from=2026-11-01", navigation.Uri);

        url.SetPage(2, 50);
        Assert.Equal(2, url.PageIndex);
        Assert.Equal(50, url.PageSize());

        navigation.NavigateTo("cards?page=abc&size=7");
        Assert.Equal(0, url.PageIndex);
        Assert.Equal(20, url.PageSize());
    }

    private sealed class Throwing : ComponentBase
    {
        protected override void OnInitialized() => throw new InvalidOperationException("a defect");
    }

    [Fact]
    public void An_unexpected_page_error_shows_a_reference_id_and_the_boundary_recovers()
    {
        var boundary = Render<PortalErrorBoundary>(p => p.AddChildContent<Throwing>());

        var reference = boundary.Find("#page-error-reference").TextContent;
        Assert.Matches("^ERR-[0-9A-F]{8}$", reference);
        Assert.DoesNotContain("a defect", boundary.Markup);
    }
}

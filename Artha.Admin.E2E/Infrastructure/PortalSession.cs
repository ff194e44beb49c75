using System.Text;
using Artha.Admin.Security;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Artha.Admin.E2E.Infrastructure;

/// <summary>
/// One signed-in user in their own browser context: knows when the Blazor circuit has rendered (so typing is not lost
/// to prerendered markup), navigates inside the circuit like a link click does, and saves a numbered full-page
/// screenshot of every step of its journey.
/// </summary>
public sealed class PortalSession : IAsyncDisposable
{
    private static readonly TimeSpan CircuitTimeout = TimeSpan.FromSeconds(20);
    private readonly string _journey;
    private int _step;
    private TaskCompletionSource _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _browserErrors = new();

    private string _password = "";

    private PortalSession(IPage page, string journey)
    {
        Page = page;
        _journey = journey;
        // Uncaught script errors and console errors (a failed circuit call logs one), for AssertPageHealthyAsync.
        page.PageError += (_, error) => _browserErrors.Enqueue($"uncaught: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _browserErrors.Enqueue($"console: {message.Text}");
            }
        };
        page.WebSocket += (_, socket) =>
        {
            if (!socket.Url.Contains("/_blazor", StringComparison.Ordinal))
            {
                return;
            }
            socket.FrameReceived += (_, frame) =>
            {
                // The first render batch of the circuit: from here on the page's event handlers are live.
                var payload = frame.Binary is { } binary ? Encoding.ASCII.GetString(binary) : frame.Text ?? "";
                if (payload.Contains("JS.RenderBatch", StringComparison.Ordinal))
                {
                    _rendered.TrySetResult();
                }
            };
        };
    }

    public IPage Page { get; }

    /// <summary>Opens a new browser context, signs in as the development user of <paramref name="role"/> and waits for the dashboard's circuit.</summary>
    public static Task<PortalSession> SignInAsync(PortalServer portal, string role, string journey)
    {
        var (email, password, _) = DefaultUsersSeeder.DevelopmentUsers.First(u => u.Role == role);
        return SignInAsync(portal, email, password, journey);
    }

    /// <summary>As <see cref="SignInAsync(PortalServer, string, string)"/> for any account (e.g. one a journey created).</summary>
    public static async Task<PortalSession> SignInAsync(PortalServer portal, string email, string password, string journey)
    {
        var session = new PortalSession(await portal.NewPageAsync(), journey);
        session._password = password;
        session._rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await portal.SignInAsync(session.Page, email, password);
        await session._rendered.Task.WaitAsync(CircuitTimeout);
        await Expect(session.Page.Locator("h1")).ToHaveTextAsync("Dashboard");
        // Survives navigation inside the circuit, but not a page load: lets a journey prove "no reload".
        await session.Page.EvaluateAsync("() => { window.__arthaE2E = 'same document'; }");
        await session.ScreenshotAsync("signed-in-dashboard");
        return session;
    }

    /// <summary>
    /// A full page load (like typing the address): prerendered, then waits for the new circuit to render. Pass
    /// <paramref name="interactive"/> false for pages the server answers statically (sign-in, access denied).
    /// </summary>
    public async Task LoadAsync(string path, bool interactive = true)
    {
        _rendered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.GotoAsync(path);
        if (interactive)
        {
            await _rendered.Task.WaitAsync(CircuitTimeout);
        }
        await Page.EvaluateAsync("() => { window.__arthaE2E = 'same document'; }");
    }

    /// <summary>Navigates inside the running circuit, exactly as a link in the portal does (no page load).</summary>
    public async Task NavigateAsync(string path)
    {
        await Page.EvaluateAsync("path => Blazor.navigateTo(path)", path);
        await Page.WaitForUrlAsync(url => new Uri(url).PathAndQuery.TrimStart('/') == path.TrimStart('/'));
    }

    /// <summary>True while no full page load happened since sign-in (or the last <see cref="LoadAsync"/>).</summary>
    public Task<bool> IsSameDocumentAsync() => Page.EvaluateAsync<bool>("() => window.__arthaE2E === 'same document'");

    public async Task AssertNoReloadAsync(string what) =>
        Assert.True(await IsSameDocumentAsync(), $"The page was reloaded during: {what}. It must update live, inside the circuit.");

    /// <summary>A full-page screenshot named journey-NN-step.png under <see cref="PortalServer.ScreenshotFolder"/>.</summary>
    /// <param name="mask">Parts painted over in the capture (revealed card details never reach a screenshot).</param>
    public async Task<string> ScreenshotAsync(string step, params ILocator[] mask)
    {
        var name = $"{_journey}-{++_step:00}-{step}.png";
        // The layout may scroll inside its main content, so the document is one viewport high: let it grow for the capture.
        var unroll = await Page.AddStyleTagAsync(new()
        {
            Content = "html, body, .portal-layout, .mud-layout, .mud-main-content { height: auto !important; max-height: none !important; overflow: visible !important; }",
        });
        try
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(PortalServer.ScreenshotFolder, name), FullPage = true, Mask = mask });
        }
        finally
        {
            await unroll.EvaluateAsync("style => style.remove()");
        }
        return name;
    }

    /// <summary>Script and console errors the browser reported since sign-in.</summary>
    public IReadOnlyCollection<string> BrowserErrors => _browserErrors.ToArray();

    /// <summary>
    /// Asserts that the page on screen is not broken: no Blazor error bar (an unhandled exception in the circuit), no
    /// error alert or error notification, no error text of a list or form, no spinner left (waits for those to
    /// go), and no script or console error in the browser. Call it once the page's real content is visible.
    /// </summary>
    public async Task AssertPageHealthyAsync(string page)
    {
        await Expect(Page.Locator(".mud-table-loading-progress:visible, .list-loading:visible")).ToHaveCountAsync(0);
        Assert.False(await Page.Locator("#blazor-error-ui").IsVisibleAsync(),
            $"{page}: the Blazor error bar is shown, so the circuit threw: {await Page.Locator("#blazor-error-ui").InnerTextAsync()}");
        var errors = Page.Locator(".field-error:visible, .mud-alert-outlined-error:visible, .mud-alert-filled-error:visible, .mud-snackbar.mud-alert-filled-error:visible, #page-error:visible");
        var shown = await errors.AllInnerTextsAsync();
        Assert.True(shown.Count == 0, $"{page}: an error is on screen: {string.Join(" | ", shown)}");
        var browser = BrowserErrors;
        Assert.True(browser.Count == 0, $"{page}: the browser reported errors: {string.Join(" | ", browser)}");
    }

    /// <summary>Types into a text input and leaves it, so Blazor's change binding fires.</summary>
    public async Task TypeAsync(string selector, string text)
    {
        var input = Page.Locator(selector);
        await input.FillAsync(text);
        await input.PressAsync("Tab");
    }

    /// <summary>
    /// Answers the open PortalDialogs confirmation (#confirm-dialog): types the reason and the typed phrase when given,
    /// then presses Confirm.
    /// </summary>
    public async Task ConfirmDialogAsync(string? reason = null, string? phrase = null)
    {
        var dialog = Page.Locator("#confirm-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        if (reason is not null)
        {
            await Page.Locator("#confirm-reason").FillAsync(reason);
        }
        if (phrase is not null)
        {
            await Page.Locator("#confirm-typed").FillAsync(phrase);
        }
        await Expect(Page.Locator("#confirm-ok")).ToBeEnabledAsync();
        await Page.Locator("#confirm-ok").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Answers the step-up dialog (#step-up-dialog) that a sensitive action opens, with the signed-in user's password
    /// (or <paramref name="secret"/>), and waits for it to close.
    /// </summary>
    public async Task StepUpAsync(string? secret = null)
    {
        var dialog = Page.Locator("#step-up-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Page.Locator("#step-up-secret").FillAsync(secret ?? _password);
        await Page.Locator("#step-up-confirm").ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>Types <paramref name="search"/> into a MudAutocomplete and picks the suggestion containing <paramref name="itemText"/>.</summary>
    public async Task PickSuggestionAsync(string inputSelector, string search, string itemText)
    {
        var input = Page.Locator(inputSelector);
        await input.ClickAsync();
        await input.FillAsync(search);
        await Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = itemText }).First.ClickAsync();
        await Expect(input).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(itemText)));
    }

    /// <summary>Opens a MudSelect (by the id of its input) and picks the item with this text.</summary>
    public async Task SelectAsync(string inputSelector, string itemText)
    {
        await Page.Locator(".mud-select", new() { Has = Page.Locator(inputSelector) }).First.ClickAsync();
        await Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = itemText }).First.ClickAsync();
        await Expect(Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }

    /// <summary>The <c>data-status</c> of the first status badge inside <paramref name="selector"/>.</summary>
    public ILocator Badge(string selector) => Page.Locator($"{selector} .status-badge").First;

    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();
}

using Artha.Admin.Components.UI;
using Artha.Admin.LiveStatus;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Artha.Admin.Tests.Infrastructure;

/// <summary>
/// bUnit against the real portal services: the page gets an <see cref="ArthaService"/> from a PortalFactory scope
/// signed in as the role under test (so server-side checks and the embedded sandbox are real), and bUnit's
/// authorization is set to the same role. MudBlazor's services and its popover, dialog and snackbar providers are in
/// place (JS interop loose), so dialogs and notifications a page opens can be found in the rendered markup
/// (<see cref="Dialogs"/>, <see cref="Snackbars"/>).
/// </summary>
public abstract class PortalPageTestBase(PortalFactory portal) : BunitContext, IAsyncLifetime
{
    private readonly List<AsyncServiceScope> scopes = [];
    private readonly Dictionary<string, AsyncServiceScope> scopesByRole = [];

    protected PortalFactory Portal => portal;

    protected ArthaService SignInAs(string role)
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var scope = ScopeFor(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        Services.AddSingleton(artha);
        // The page's step-up dialog and the services share the circuit's StepUp, as in the portal.
        Services.AddSingleton(scope.ServiceProvider.GetRequiredService<Artha.Admin.Security.StepUp>());
        Services.AddScoped<Artha.Admin.Security.StepUpPrompt>();
        Services.AddSingleton(portal.Services.GetRequiredService<IStatusEventStream>());
        Services.AddScoped<PortalNotifier>();
        Services.AddScoped<PortalDialogs>();
        Services.AddScoped<UrlState>();
        Services.AddSingleton(TimeProvider.System);
        AddAuthorization().SetAuthorized($"{role.ToLowerInvariant()}@artha.local").SetRoles(role);
        return artha;
    }

    /// <summary>
    /// Registers <typeparamref name="TService"/> from another portal scope signed in as <paramref name="role"/> (e.g. the
    /// Users page's UserAdministration); call after <see cref="SignInAs"/> and before rendering.
    /// </summary>
    protected TService AddPortalService<TService>(string role) where TService : class
    {
        var scope = ScopeFor(role);
        var service = scope.ServiceProvider.GetRequiredService<TService>();
        Services.AddSingleton(service);
        return service;
    }

    /// <summary>One portal scope (one "circuit") per role, shared by every service taken from it.</summary>
    private AsyncServiceScope ScopeFor(string role)
    {
        if (!scopesByRole.TryGetValue(role, out var scope))
        {
            scope = portal.ScopeAs(role);
            scopes.Add(scope);
            scopesByRole[role] = scope;
        }
        return scope;
    }

    /// <summary>
    /// The signed-in role's step-up counts as just given (see <see cref="PortalFactoryExtensions.SteppedUp"/>): for page tests
    /// of guarded actions that are not about the step-up dialog itself.
    /// </summary>
    protected void StepUpNow(string role) => ScopeFor(role).SteppedUp();

    private IRenderedComponent<MudDialogProvider>? dialogProvider;

    /// <summary>
    /// The dialog provider (rendered with the popover and snackbar providers on first use): a page's dialogs render
    /// inside it, e.g. <c>Dialogs.Find("#confirm-ok").Click()</c>.
    /// </summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs => dialogProvider ??= RenderProviders();

    /// <summary>Notifications shown so far, newest last.</summary>
    protected IReadOnlyList<Snackbar> Snackbars => Services.GetRequiredService<ISnackbar>().ShownSnackbars.ToList();

    private IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Renders a MudBlazor page or component with the providers in place.</summary>
    protected IRenderedComponent<TComponent> RenderWithProviders<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        _ = Dialogs;
        return parameters is null ? Render<TComponent>() : Render(parameters);
    }

    /// <summary>Sets the address bar (query parameters reach [SupplyParameterFromQuery] properties through it).</summary>
    protected void NavigateTo(string relativeUri) => Services.GetRequiredService<NavigationManager>().NavigateTo(relativeUri);

    /// <summary>Creates a customer as Support (independent of the role under test).</summary>
    protected async Task<CustomerView> NewCustomerAsync()
    {
        await using var scope = portal.ScopeAs(Artha.Admin.Security.PortalRoles.Support);
        return (await scope.ServiceProvider.GetRequiredService<ArthaService>().CreateCustomerAsync(Artha.Admin.Tests.Features.Customers.CustomersServiceTests.Individual())).Customer;
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        foreach (var scope in scopes)
        {
            await scope.DisposeAsync();
        }
        // MudBlazor's popover services only dispose asynchronously.
        await DisposeAsync();
    }
}

using Microsoft.AspNetCore.SignalR;

namespace Artha.Admin.LiveStatus.Hubs;

/// <summary>
/// Feeds <see cref="LiveStatusHub"/> from this instance's <see cref="IStatusEventStream"/>. With a shared stream
/// (Postgres or Redis) every instance hears every change, so each instance's bridge reaches the hub clients connected
/// to it and no SignalR backplane is needed. One copy per audience, each sent to that audience's card and customer groups.
/// </summary>
public sealed class LiveStatusHubBridge(IStatusEventStream stream, IHubContext<LiveStatusHub, ILiveStatusClient> hub, ILogger<LiveStatusHubBridge> logger)
    : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = stream.Subscribe(SendAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    private async Task SendAsync(StatusChange change)
    {
        var card = LiveStatusEvents.CardOf(change);
        var customer = LiveStatusEvents.CustomerOf(change);
        if (card is null && customer is null)
        {
            return;
        }
        foreach (var audience in Enum.GetValues<LiveStatusAudience>())
        {
            var groups = new List<string>(2);
            if (card is not null)
            {
                groups.Add(LiveStatusHub.GroupName(audience, "card", card));
            }
            if (customer is not null)
            {
                groups.Add(LiveStatusHub.GroupName(audience, "customer", customer));
            }
            try
            {
                await hub.Clients.Groups(groups).StatusChanged(LiveStatusEvents.For(change, audience));
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not send {Subject} {EntityId} to live-status hub clients.", change.Subject, change.EntityId);
            }
        }
    }
}

public static class LiveStatusHubRegistration
{
    /// <summary>SignalR, the bridge from the event stream, and 401/403 (not a redirect to the sign-in page) for hub requests.</summary>
    public static IServiceCollection AddLiveStatusHub(this IServiceCollection services)
    {
        services.AddSignalR();
        services.AddHostedService<LiveStatusHubBridge>();
        services.PostConfigure<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(
            Microsoft.AspNetCore.Identity.IdentityConstants.ApplicationScheme, options =>
            {
                var toLogin = options.Events.OnRedirectToLogin;
                var toDenied = options.Events.OnRedirectToAccessDenied;
                options.Events.OnRedirectToLogin = context => IsHub(context.Request) ? Refuse(context, StatusCodes.Status401Unauthorized) : toLogin(context);
                options.Events.OnRedirectToAccessDenied = context => IsHub(context.Request) ? Refuse(context, StatusCodes.Status403Forbidden) : toDenied(context);
            });
        return services;
    }

    public static WebApplication MapLiveStatusHub(this WebApplication app)
    {
        // A connection ends when the sign-in it started with expires (idle time-out, absolute lifetime): a signed-out
        // or disabled member of staff does not keep listening on an old socket; the client reconnects with a fresh cookie.
        app.MapHub<LiveStatusHub>(LiveStatusHub.Path, options => options.CloseOnAuthenticationExpiration = true);
        return app;
    }

    private static bool IsHub(HttpRequest request) => request.Path.StartsWithSegments(LiveStatusHub.Path);

    private static Task Refuse(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}

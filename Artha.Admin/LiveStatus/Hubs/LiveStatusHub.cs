using Artha.Admin.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Artha.Admin.LiveStatus.Hubs;

/// <summary>What the hub calls on its clients.</summary>
public interface ILiveStatusClient
{
    /// <summary>A change concerning a card or customer whose group the client joined.</summary>
    Task StatusChanged(LiveStatusEvent change);
}

/// <summary>
/// <c>/hubs/live-status</c>: live status changes for subscribers outside the Blazor pages (wall boards, scripts, other
/// tools). Needs the staff sign-in cookie of a role that may view the programme; unauthenticated connections get 401.
/// A client joins the groups of the cards and customers it follows (<see cref="JoinCard"/>, <see cref="JoinCustomer"/>,
/// and leaves them again); <see cref="LiveStatusHubBridge"/> sends every change this instance's event stream hears to
/// the matching groups, filtered for the client's roles. Blazor pages do not use the hub: they hear changes in-process.
/// </summary>
[Authorize(Policy = nameof(Permission.ViewProgramme))]
public sealed class LiveStatusHub(ILogger<LiveStatusHub> logger) : Hub<ILiveStatusClient>
{
    public const string Path = "/hubs/live-status";

    /// <summary>Follow one card's changes (freeze, unfreeze, issue, replacement, its top-ups and transactions).</summary>
    public Task JoinCard(string cardId) => ChangeAsync("card", cardId, join: true);

    public Task LeaveCard(string cardId) => ChangeAsync("card", cardId, join: false);

    /// <summary>Follow one customer's changes (KYC, their cards, top-ups and transactions).</summary>
    public Task JoinCustomer(string customerId) => ChangeAsync("customer", customerId, join: true);

    public Task LeaveCustomer(string customerId) => ChangeAsync("customer", customerId, join: false);

    /// <summary>The group of one card or customer for one audience: a connection has one audience, so one group per id.</summary>
    public static string GroupName(LiveStatusAudience audience, string kind, string id) => $"{audience}:{kind}:{id}";

    private async Task ChangeAsync(string kind, string id, bool join)
    {
        if (!LiveStatusEvents.IsValidId(id))
        {
            // Never echo the value: a card number pasted by mistake must not reach a log.
            throw new HubException($"That is not a {kind} id (letters, digits, '_' and '-', up to 100).");
        }
        var group = GroupName(LiveStatusEvents.AudienceOf(Context.User!), kind, id);
        if (join)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group);
        }
        else
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
        }
        logger.LogDebug("Hub connection {Connection} {Action} {Kind} {Id}.", Context.ConnectionId, join ? "joined" : "left", kind, id);
    }
}

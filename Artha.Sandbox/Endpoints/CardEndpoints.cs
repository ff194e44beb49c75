using Artha.Sandbox.State;
using static Artha.Sandbox.Endpoints.EndpointHelpers;

namespace Artha.Sandbox.Endpoints;

/// <summary>§8 cards and §9 card operations.</summary>
public static class CardEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cards", (HttpContext http, SandboxStore store) => Json(store.IssueCard(Body(http)), StatusCodes.Status201Created));

        api.MapGet("/cards", (HttpContext http, SandboxStore store) =>
        {
            var q = new QueryReader(http);
            var filter = new CardFilter(q.String("customerId"), q.String("status"), q.String("type", "cardType"), q.String("productId"), q.String("state"));
            var paging = q.Paging();
            q.ThrowIfInvalid();
            return Json(store.ListCards(filter, paging));
        });

        api.MapGet("/cards/{cardId}", (string cardId, SandboxStore store) => Json(store.GetCard(cardId)));
        // Seed flow phase 5 polls the singular path.
        api.MapGet("/card/{cardId}", (string cardId, SandboxStore store) => Json(store.GetCard(cardId)));

        api.MapGet("/cards/{cardId}/sensitive", (string cardId, SandboxStore store) => Json(store.GetSensitiveDetails(cardId)));

        api.MapPost("/cards/{cardId}/activate", (string cardId, HttpContext http, SandboxStore store) => Json(store.Activate(cardId, Body(http))));
        api.MapPost("/cards/{cardId}/freeze", (string cardId, SandboxStore store) => Json(store.Freeze(cardId)));
        api.MapPost("/cards/{cardId}/unfreeze", (string cardId, SandboxStore store) => Json(store.Unfreeze(cardId)));
        api.MapPost("/cards/{cardId}/cancel", (string cardId, HttpContext http, SandboxStore store) => Json(store.Cancel(cardId, Body(http))));
        api.MapPost("/cards/{cardId}/replace", (string cardId, HttpContext http, SandboxStore store) =>
            Json(store.Replace(cardId, Body(http)), StatusCodes.Status202Accepted));
        api.MapPost("/cards/{cardId}/pin/set", (string cardId, HttpContext http, SandboxStore store) => Json(store.SetPin(cardId, Body(http))));

        api.MapGet("/cards/{cardId}/limits", (string cardId, SandboxStore store) => Json(store.GetLimits(cardId)));
        api.MapPost("/cards/{cardId}/limits", (string cardId, HttpContext http, SandboxStore store) => Json(store.UpdateLimits(cardId, Body(http))));
    }
}

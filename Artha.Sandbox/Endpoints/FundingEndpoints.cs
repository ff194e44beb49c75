using Artha.Sandbox.State;
using static Artha.Sandbox.Endpoints.EndpointHelpers;

namespace Artha.Sandbox.Endpoints;

/// <summary>§10 funding: top-ups, their status and history, card balance.</summary>
public static class FundingEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/cards/{cardId}/topup", (string cardId, HttpContext http, SandboxStore store) =>
            Json(store.TopUp(cardId, Body(http)), StatusCodes.Status202Accepted));

        // The literal "topupstatus" segment outranks the {cardId} parameter in routing precedence.
        api.MapGet("/cards/topupstatus/{topupId}", (string topupId, SandboxStore store) => Json(store.GetTopUp(topupId)));
        // Seed flow phase 7 path (no /cards segment).
        api.MapGet("/topupstatus/{topupId}", (string topupId, SandboxStore store) => Json(store.GetTopUp(topupId)));

        api.MapGet("/cards/{cardId}/balance", (string cardId, SandboxStore store) => Json(store.GetBalance(cardId)));

        api.MapGet("/cards/{cardId}/topups", (string cardId, HttpContext http, SandboxStore store) => List(http, store, cardId));
        api.MapGet("/topups", (HttpContext http, SandboxStore store) => List(http, store, null));
    }

    private static IResult List(HttpContext http, SandboxStore store, string? cardId)
    {
        var q = new QueryReader(http);
        var filter = new TopUpFilter(q.String("status"), q.Date("from"), q.Date("to", endOfDay: true), cardId ?? q.String("cardId"),
            q.String("customerId"), q.Decimal("minAmount"), q.Decimal("maxAmount"));
        var paging = q.Paging();
        q.ThrowIfInvalid();
        return Json(store.ListTopUps(filter, paging));
    }
}

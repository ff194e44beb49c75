using Artha.Sandbox.State;
using static Artha.Sandbox.Endpoints.EndpointHelpers;

namespace Artha.Sandbox.Endpoints;

/// <summary>§11 transactions: all, per card, per customer, one.</summary>
public static class TransactionEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/transactions", (HttpContext http, SandboxStore store) => List(http, store, null, null));
        api.MapGet("/cards/{cardId}/transactions", (string cardId, HttpContext http, SandboxStore store) => List(http, store, cardId, null));
        api.MapGet("/transactions/{transactionId}", (string transactionId, SandboxStore store) => Json(store.GetTransaction(transactionId)));
    }

    public static IResult List(HttpContext http, SandboxStore store, string? cardId, string? customerId)
    {
        var q = new QueryReader(http);
        var filter = new TransactionFilter(q.String("type"), q.String("status"), q.Date("from"), q.Date("to", endOfDay: true),
            q.String("merchant", "merchantName"), q.Decimal("minAmount"), q.Decimal("maxAmount"),
            cardId ?? q.String("cardId"), customerId ?? q.String("customerId"));
        var paging = q.Paging();
        q.ThrowIfInvalid();
        return Json(store.ListTransactions(filter, paging));
    }
}

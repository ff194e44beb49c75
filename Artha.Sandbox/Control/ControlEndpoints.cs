using Artha.Sandbox.Auth;
using Artha.Sandbox.Endpoints;
using Artha.Sandbox.Http;
using Artha.Sandbox.State;

namespace Artha.Sandbox.Control;

/// <summary>Sandbox-only endpoints (no Artha auth): reset, bulk seed, simulated purchases, settle/reverse/refund, fees, merchant balance, uploaded files.</summary>
public static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/_sandbox").AddEndpointFilter<ControlAccessFilter>();

        control.MapPost("/reset", (SandboxStore store, SignatureVerifier verifier) =>
        {
            store.Reset();
            verifier.Reset();
            return Results.Json(new { reset = true }, SandboxJson.Api);
        });

        control.MapPost("/seed", (HttpContext http, SandboxStore store) =>
        {
            var q = new QueryReader(http);
            var customers = q.Int("customers") ?? 10;
            var cardsPerCustomer = q.Int("cardsPerCustomer") ?? 1;
            var transactionsPerCard = q.Int("transactionsPerCard") ?? 10;
            var seed = q.Int("seed") ?? 42;
            if (customers is < 0 or > 100_000) q.Errors.Add("customers", "Must be between 0 and 100000.");
            if (cardsPerCustomer is < 0 or > 100) q.Errors.Add("cardsPerCustomer", "Must be between 0 and 100.");
            if (transactionsPerCard is < 0 or > 100_000) q.Errors.Add("transactionsPerCard", "Must be between 0 and 100000.");
            if ((long)customers * cardsPerCustomer * transactionsPerCard > 2_000_000)
                q.Errors.Add("transactionsPerCard", "At most 2 000 000 transactions per seed call.");
            q.ThrowIfInvalid();
            return Results.Json(store.Seed(customers, cardsPerCustomer, transactionsPerCard, seed), SandboxJson.Api);
        });

        control.MapPost("/cards/{cardId}/purchases", async (string cardId, HttpContext http, SandboxStore store) =>
            Results.Json(store.Purchase(cardId, JsonBody.Parse(await ReadBodyAsync(http))), SandboxJson.Api, statusCode: StatusCodes.Status201Created));

        // Deterministic transaction outcomes: settle now, reverse, refund, fee (see the README's control endpoints).
        control.MapPost("/transactions/{transactionId}/settle", (string transactionId, SandboxStore store) =>
            Results.Json(store.SettleTransaction(transactionId), SandboxJson.Api));
        control.MapPost("/transactions/{transactionId}/reverse", (string transactionId, SandboxStore store) =>
            Results.Json(store.Reverse(transactionId), SandboxJson.Api));
        control.MapPost("/transactions/{transactionId}/refund", async (string transactionId, HttpContext http, SandboxStore store) =>
            Results.Json(store.Refund(transactionId, JsonBody.Parse(await ReadBodyAsync(http))), SandboxJson.Api, statusCode: StatusCodes.Status201Created));
        control.MapPost("/cards/{cardId}/fees", async (string cardId, HttpContext http, SandboxStore store) =>
            Results.Json(store.ChargeFee(cardId, JsonBody.Parse(await ReadBodyAsync(http))), SandboxJson.Api, statusCode: StatusCodes.Status201Created));

        control.MapGet("/merchant-balance", (SandboxStore store) => Results.Json(store.GetMerchantBalance(), SandboxJson.Api));
        control.MapPut("/merchant-balance", async (HttpContext http, SandboxStore store) =>
            Results.Json(store.SetMerchantBalance(JsonBody.Parse(await ReadBodyAsync(http))), SandboxJson.Api));

        control.MapGet("/files/{fileId}", (string fileId, SandboxStore store) =>
            store.GetFile(fileId) is { } file
                ? Results.File(file.Content, file.ContentType ?? "application/octet-stream", file.FileName)
                : throw ApiException.NotFound("File", fileId));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        return buffer.ToArray();
    }
}

using Artha.Sandbox.Auth;
using Artha.Sandbox.Diagnostics;
using Artha.Sandbox.Endpoints;
using Artha.Sandbox.Http;
using Artha.Sandbox.State;

namespace Artha.Sandbox.Control;

/// <summary>
/// Sandbox-only endpoints (no Artha auth): reset, bulk seed, simulated purchases, settle/reverse/refund, fees, completing a
/// held top-up, merchant balance, uploaded files, the request log and request stalls.
/// </summary>
public static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var control = endpoints.MapGroup("/_sandbox").AddEndpointFilter<ControlAccessFilter>();

        control.MapPost("/reset", (SandboxStore store, SignatureVerifier verifier, RequestLog log, RequestStalls stalls) =>
        {
            store.Reset();
            verifier.Reset();
            stalls.Clear();
            log.Clear();
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

        // A pending top-up (e.g. one held by the .77 rule) approved or rejected now.
        control.MapPost("/topups/{topUpId}/complete", async (string topUpId, HttpContext http, SandboxStore store) =>
            Results.Json(store.CompletePendingTopUp(topUpId, JsonBody.Parse(await ReadBodyAsync(http))), SandboxJson.Api));

        // What each caller asked (tests count a portal instance's polls); never headers, signatures or query strings.
        control.MapGet("/requests", (HttpContext http, RequestLog log) =>
        {
            var q = new QueryReader(http);
            var entries = log.Find(q.String("path"), q.String("method"), q.String("caller"));
            return Results.Json(new { data = entries, total = entries.Count }, SandboxJson.Api);
        });
        control.MapDelete("/requests", (RequestLog log) =>
        {
            log.Clear();
            return Results.Json(new { cleared = true }, SandboxJson.Api);
        });

        // Hold matching API requests in flight (a hanging Artha) until lifted, timed out, or the caller goes away.
        control.MapPost("/stalls", async (HttpContext http, RequestStalls stalls) =>
        {
            var body = JsonBody.Parse(await ReadBodyAsync(http));
            var errors = new FieldErrors();
            var path = body.String("path", errors);
            var caller = body.String("caller", errors);
            var seconds = body.Decimal("seconds", errors) is { } s ? (double)s : RequestStalls.DefaultSeconds;
            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
                errors.Add("path", "Required: the start of the request path to hold, e.g. /api/v1/topupstatus/.");
            if (seconds is <= 0 or > RequestStalls.MaxSeconds)
                errors.Add("seconds", $"Must be above 0 and at most {RequestStalls.MaxSeconds}.");
            errors.ThrowIfAny();
            var stall = stalls.Add(path!, string.IsNullOrWhiteSpace(caller) ? null : caller.Trim(), seconds);
            return Results.Json(new { id = stall.Id, path = stall.PathPrefix, caller = stall.Caller, until = stall.Until }, SandboxJson.Api,
                statusCode: StatusCodes.Status201Created);
        });
        control.MapGet("/stalls", (RequestStalls stalls) =>
            Results.Json(new { data = stalls.List().Select(s => new { id = s.Id, path = s.PathPrefix, caller = s.Caller, until = s.Until }) }, SandboxJson.Api));
        control.MapDelete("/stalls", (RequestStalls stalls) => Results.Json(new { lifted = stalls.Clear() }, SandboxJson.Api));

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

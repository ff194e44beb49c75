using System.Net;
using System.Text.Json;
using Artha.Sandbox.Tests.Infrastructure;

namespace Artha.Sandbox.Tests;

/// <summary>
/// The control endpoints the scale-out rig counts and holds requests with: <c>/_sandbox/requests</c> (who asked what),
/// <c>/_sandbox/stalls</c> (a hanging Artha) and the .77 top-up that waits for <c>/_sandbox/topups/{id}/complete</c>.
/// They clear the shared request log, so they get their own host.
/// </summary>
public class RequestLogAndStallTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task The_request_log_names_each_caller_and_keeps_no_query_string_or_signature()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        await host.Control(HttpMethod.Delete, "/_sandbox/requests");

        await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/cards/{cardId}/balance?secret=not-kept", instance: "portal-a"));
        await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/cards/{cardId}/balance", userAgent: "wallboard/1.0"));
        await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/cards/{cardId}/balance", instance: "portal-b", userAgent: "Artha.Client"));
        await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/cards/{cardId}/balance", instance: "portal-a", sign: false));
        await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/card/{cardId}", instance: "portal-a"));

        // A request's answer is logged once it has been sent, which may be just after the client has it.
        var all = await WaitForAllAsync(() => Requests($"/api/v1/cards/{cardId}/balance"), 4);
        Assert.Equal(new[] { "portal-a", "wallboard/1.0", "portal-b", "portal-a" }, all.Select(r => r.GetProperty("caller").GetString()!).ToArray());
        Assert.All(all, r => Assert.Equal($"/api/v1/cards/{cardId}/balance", r.GetProperty("path").GetString()));
        Assert.All(all, r => Assert.Equal("GET", r.GetProperty("method").GetString()));
        Assert.Equal(new[] { 200, 200, 200, 401 }, all.Select(r => r.GetProperty("status").GetInt32()).ToArray());
        Assert.All(all, r => Assert.True(r.GetProperty("receivedAt").GetDateTimeOffset() <= r.GetProperty("completedAt").GetDateTimeOffset()));
        Assert.Equal("Artha.Client", all[2].GetProperty("userAgent").GetString());

        // The path matches from the start: "/api/v1/card" takes in /card/{id} and /cards/{id}/balance.
        Assert.Equal(3, (await Requests("/api/v1/card", caller: "PORTAL-A")).Count);
        Assert.Equal(2, (await Requests($"/api/v1/cards/{cardId}", caller: "portal-a")).Count);
        Assert.Single(await Requests($"/api/v1/card/{cardId}", method: "get"));
        Assert.Empty(await Requests($"/api/v1/card/{cardId}", method: "POST"));

        var raw = (await host.Control(HttpMethod.Get, "/_sandbox/requests")).Json.GetRawText();
        Assert.DoesNotContain("not-kept", raw);
        Assert.DoesNotContain(SandboxHost.ApiKey, raw);
        Assert.DoesNotContain("signature", raw, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("nonce", raw, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await host.Control(HttpMethod.Delete, "/_sandbox/requests")).Status);
        Assert.Empty(await Requests("/api/v1/"));
    }

    [Fact]
    public async Task A_stall_holds_only_the_named_callers_matching_requests_until_it_is_lifted()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var stall = await host.Control(HttpMethod.Post, "/_sandbox/stalls", new { path = $"/api/v1/cards/{cardId}/balance", caller = "portal-c", seconds = 300 });
        Assert.Equal(HttpStatusCode.Created, stall.Status);
        Assert.Equal("portal-c", stall.Str("caller"));

        var held = host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/cards/{cardId}/balance", instance: "portal-c"));
        // The same path for another caller, and another path for the stalled caller, are answered at once.
        Assert.Equal(HttpStatusCode.OK, (await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/cards/{cardId}/balance", instance: "portal-d"))).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.SendRaw(Tagged(HttpMethod.Get, $"/api/v1/card/{cardId}", instance: "portal-c"))).Status);

        // The held request is in the log, in flight: received, not completed.
        var inFlight = await WaitForAsync(async () => (await Requests($"/api/v1/cards/{cardId}/balance", caller: "portal-c")).SingleOrDefault());
        Assert.Equal(JsonValueKind.Null, inFlight.GetProperty("completedAt").ValueKind);
        Assert.False(held.IsCompleted);
        Assert.Single((await host.Control(HttpMethod.Get, "/_sandbox/stalls")).Json.GetProperty("data").EnumerateArray());

        var lifted = await host.Control(HttpMethod.Delete, "/_sandbox/stalls");
        Assert.Equal(1, lifted.Json.GetProperty("lifted").GetInt32());
        var answer = await held.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(cardId, answer.Str("cardId"));
        var done = await WaitForAsync(async () => (await Requests($"/api/v1/cards/{cardId}/balance", caller: "portal-c"))
            .SingleOrDefault(r => r.GetProperty("status").ValueKind == JsonValueKind.Number));
        Assert.Equal(200, done.GetProperty("status").GetInt32());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Control(HttpMethod.Post, "/_sandbox/stalls", new { caller = "x" })).Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Control(HttpMethod.Post, "/_sandbox/stalls", new { path = "/api/v1/", seconds = 0 })).Status);
    }

    [Fact]
    public async Task A_top_up_ending_in_77_stays_pending_until_the_control_endpoint_completes_it()
    {
        var (_, cardId) = await host.ActiveGbpCard();
        var held = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 10.77m, currency = "GBP" });
        var rejectedLater = await host.Post($"/api/v1/cards/{cardId}/topup", new { amount = 20.77m, currency = "GBP" });
        host.Time.AdvanceSeconds(3600);
        var heldId = held.Str("transactionId");
        Assert.Equal("pending", (await host.Get($"/api/v1/topupstatus/{heldId}")).Str("status"));

        var approved = await host.Control(HttpMethod.Post, $"/_sandbox/topups/{heldId}/complete", new { });
        Assert.Equal(HttpStatusCode.OK, approved.Status);
        Assert.Equal("approved", approved.Str("status"));
        Assert.Equal(10.77m, (await host.Get($"/api/v1/cards/{cardId}/balance")).Dec("availableBalance"));
        Assert.Equal("TOPUP_NOT_PENDING", (await host.Control(HttpMethod.Post, $"/_sandbox/topups/{heldId}/complete", new { })).ErrorCode);

        var rejected = await host.Control(HttpMethod.Post, $"/_sandbox/topups/{rejectedLater.Str("transactionId")}/complete", new { status = "rejected" });
        Assert.Equal("rejected", rejected.Str("status"));
        Assert.Equal(10.77m, (await host.Get($"/api/v1/cards/{cardId}/balance")).Dec("availableBalance"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Control(HttpMethod.Post, $"/_sandbox/topups/{heldId}/complete", new { status = "maybe" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Control(HttpMethod.Post, $"/_sandbox/topups/{Guid.NewGuid()}/complete", new { })).Status);
    }

    private HttpRequestMessage Tagged(HttpMethod method, string pathAndQuery, string? instance = null, string? userAgent = null, bool sign = true)
    {
        var request = sign ? host.Signer.Create(method, pathAndQuery) : new HttpRequestMessage(method, pathAndQuery);
        if (instance is not null)
            request.Headers.Add("X-Portal-Instance", instance);
        if (userAgent is not null)
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        return request;
    }

    private async Task<List<JsonElement>> Requests(string path, string? method = null, string? caller = null)
    {
        var query = $"/_sandbox/requests?path={Uri.EscapeDataString(path)}"
            + (method is null ? "" : $"&method={method}") + (caller is null ? "" : $"&caller={Uri.EscapeDataString(caller)}");
        var response = await host.Control(HttpMethod.Get, query);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json.GetProperty("data").EnumerateArray().ToList();
    }

    /// <summary>Asks again until <paramref name="count"/> requests are logged with their answers.</summary>
    private static async Task<List<JsonElement>> WaitForAllAsync(Func<Task<List<JsonElement>>> probe, int count)
    {
        List<JsonElement> found = [];
        await WaitForAsync(async () =>
        {
            found = await probe();
            return found.Count == count && found.All(r => r.GetProperty("status").ValueKind == JsonValueKind.Number) ? found[0] : default;
        });
        return found;
    }

    /// <summary>Asks again (every 20 ms, at most 10 s) until <paramref name="probe"/> finds something.</summary>
    private static async Task<JsonElement> WaitForAsync(Func<Task<JsonElement>> probe)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var found = await probe();
            if (found.ValueKind != JsonValueKind.Undefined)
                return found;
            Assert.True(DateTime.UtcNow < until, "The sandbox's request log did not show the expected request within 10 s.");
            await Task.Delay(20);
        }
    }
}

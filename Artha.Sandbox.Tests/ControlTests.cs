using System.Net;
using Artha.Sandbox.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Sandbox.Tests;

public class ControlTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Purchases_authorise_against_balance_limits_and_status_then_settle()
    {
        var (_, cardId) = await host.ActiveGbpCard(fund: 100m);
        var approved = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 30m, currency = "GBP", merchantName = "Tesco", mcc = "5411" });
        Assert.Equal(HttpStatusCode.Created, approved.Status);
        Assert.Equal("authorized", approved.Str("status"));
        var balance = await host.Get($"/api/v1/cards/{cardId}/balance");
        Assert.Equal(70m, balance.Dec("availableBalance"));
        Assert.Equal(30m, balance.Dec("holdAmount"));
        Assert.Equal(100m, balance.Dec("totalBalance"));

        var overLimit = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 600m, merchantName = "Big", mcc = "5411" });
        Assert.Equal("declined", overLimit.Str("status"));
        Assert.Contains("per_transaction_limit", overLimit.Str("description"));
        var tooMuch = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 80m, merchantName = "Big", mcc = "5411" });
        Assert.Contains("insufficient_funds", tooMuch.Str("description"));
        var atm = await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 10m, merchantName = "ATM", mcc = "6011" });
        Assert.Equal("atm_withdrawal", atm.Str("type"));
        Assert.Contains("atm_withdrawal_limit", atm.Str("description"));
        await host.Post($"/api/v1/cards/{cardId}/freeze");
        Assert.Contains("card_not_active", (await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = 1m })).Str("description"));
        await host.Post($"/api/v1/cards/{cardId}/unfreeze");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Control(HttpMethod.Post, $"/_sandbox/cards/{cardId}/purchases", new { amount = -1m })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Control(HttpMethod.Post, $"/_sandbox/cards/{Guid.NewGuid()}/purchases", new { amount = 1m })).Status);

        host.Time.AdvanceSeconds(61);
        Assert.Equal("settled", (await host.Get($"/api/v1/transactions/{approved.Str("transactionId")}")).Str("status"));
        balance = await host.Get($"/api/v1/cards/{cardId}/balance");
        Assert.Equal(70m, balance.Dec("availableBalance"));
        Assert.Equal(0m, balance.Dec("holdAmount"));
    }

    [Fact]
    public async Task Merchant_balance_can_be_read_and_set()
    {
        var set = await host.Control(HttpMethod.Put, "/_sandbox/merchant-balance", new { currency = "JPY", available = 5000m });
        Assert.Equal(HttpStatusCode.OK, set.Status);
        var entry = set.Json.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("currency").GetString() == "JPY");
        Assert.Equal(5000m, entry.GetProperty("available").GetDecimal());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Control(HttpMethod.Put, "/_sandbox/merchant-balance", new { currency = "JPY", available = -1 })).Status);
    }
}

/// <summary>Reset and seed wipe the shared state, so they get their own host.</summary>
public class ResetAndSeedTests(SandboxHost host) : IClassFixture<SandboxHost>
{
    [Fact]
    public async Task Seed_is_deterministic_after_reset_and_reset_clears_state()
    {
        await host.Control(HttpMethod.Post, "/_sandbox/reset");
        var first = await host.Control(HttpMethod.Post, "/_sandbox/seed?customers=3&cardsPerCustomer=2&transactionsPerCard=5");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Equal(6, first.Json.GetProperty("cards").GetInt32());
        Assert.Equal(30, first.Json.GetProperty("transactions").GetInt32());
        var cardId = first.Json.GetProperty("cardIds")[0].GetString()!;
        var firstPage = (await host.Get($"/api/v1/cards/{cardId}/transactions")).Json.GetRawText();
        var firstCustomers = (await host.Get("/api/v1/Customers")).Json.GetProperty("data").GetRawText();

        await host.Control(HttpMethod.Post, "/_sandbox/reset");
        Assert.Equal(0, (await host.Get("/api/v1/Customers")).Json.GetProperty("total").GetInt32());
        var second = await host.Control(HttpMethod.Post, "/_sandbox/seed?customers=3&cardsPerCustomer=2&transactionsPerCard=5");
        Assert.Equal(first.Json.GetProperty("customerIds").GetRawText(), second.Json.GetProperty("customerIds").GetRawText());
        Assert.Equal(firstPage, (await host.Get($"/api/v1/cards/{cardId}/transactions")).Json.GetRawText());
        Assert.Equal(firstCustomers, (await host.Get("/api/v1/Customers")).Json.GetProperty("data").GetRawText());
        var card = await host.Get($"/api/v1/cards/{cardId}");
        Assert.Equal("active", card.Str("state"));
        Assert.True(card.Dec("balance") > 0);
        Assert.Equal(4, (await host.Get("/api/v1/Products")).Json.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.Control(HttpMethod.Post, "/_sandbox/seed?customers=-1")).Status);
    }
}

/// <summary>A sandbox whose every caller looks remote (as behind a proxy), in the Production environment.</summary>
public sealed class RemoteCallerHost : SandboxHost
{
    protected override void Configure(WebApplicationBuilder builder) =>
        builder.Services.AddTransient<IStartupFilter, FakeRemoteAddressStartupFilter>();

    private sealed class FakeRemoteAddressStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public class ControlAccessTests(RemoteCallerHost host) : IClassFixture<RemoteCallerHost>
{
    [Theory]
    [InlineData("POST", "/_sandbox/reset")]
    [InlineData("POST", "/_sandbox/seed?customers=1")]
    [InlineData("GET", "/_sandbox/merchant-balance")]
    [InlineData("PUT", "/_sandbox/merchant-balance")]
    [InlineData("POST", "/_sandbox/cards/00000000-0000-0000-0000-000000000000/purchases")]
    [InlineData("POST", "/_sandbox/cards/00000000-0000-0000-0000-000000000000/fees")]
    [InlineData("POST", "/_sandbox/transactions/00000000-0000-0000-0000-000000000000/settle")]
    [InlineData("POST", "/_sandbox/transactions/00000000-0000-0000-0000-000000000000/reverse")]
    [InlineData("POST", "/_sandbox/transactions/00000000-0000-0000-0000-000000000000/refund")]
    public async Task Control_endpoints_refuse_non_loopback_callers(string method, string path)
    {
        var r = await host.Control(new HttpMethod(method), path, method == "GET" ? null : new { });
        Assert.Equal(HttpStatusCode.Forbidden, r.Status);
        Assert.Equal("SANDBOX_CONTROL_FORBIDDEN", r.ErrorCode);
    }

    [Fact]
    public async Task The_signed_api_still_works_for_remote_callers()
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Get("/api/v1/Products")).Status);
    }
}

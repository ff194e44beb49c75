using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Artha.Sandbox.Tests.Infrastructure;

public sealed record ApiResponse(HttpStatusCode Status, JsonElement Json, HttpResponseMessage Raw)
{
    public string? RequestIdHeader => Raw.Headers.TryGetValues("X-Request-Id", out var v) ? v.First() : null;
    public string Str(string name) => Json.GetProperty(name).GetString()!;
    public decimal Dec(string name) => Json.GetProperty(name).GetDecimal();
    public string ErrorCode => Json.GetProperty("error").GetProperty("code").GetString()!;
    public JsonElement Fields => Json.GetProperty("error").GetProperty("fields");
}

/// <summary>
/// One real sandbox per test class (IClassFixture), built with SandboxApp.Create on a random loopback port, exactly as
/// the portal hosts it, with a hand-moved clock.
/// </summary>
public class SandboxHost : IAsyncLifetime
{
    public const string ApiKey = "ak_test_sandbox";
    public const string Secret = "sk_test_sandbox_secret";

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero));
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public TestSigner Signer { get; private set; } = null!;

    protected virtual void Configure(WebApplicationBuilder builder) { }

    protected virtual Task BeforeStartAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        await BeforeStartAsync();
        App = SandboxApp.Create(["--urls", "http://127.0.0.1:0", "--environment", "Production"], b =>
        {
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            b.Services.AddSingleton<TimeProvider>(Time);
            Configure(b);
        });
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address) };
        Signer = new TestSigner(ApiKey, Secret, Time.GetUtcNow);
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public Task<ApiResponse> Get(string path) => Send(HttpMethod.Get, path);

    public Task<ApiResponse> Post(string path, object? body = null) => Send(HttpMethod.Post, path, body);

    public Task<ApiResponse> Patch(string path, object body) => Send(HttpMethod.Patch, path, body);

    public async Task<ApiResponse> Send(HttpMethod method, string path, object? body = null)
    {
        var bytes = body switch
        {
            null => [],
            string s => Encoding.UTF8.GetBytes(s),
            _ => JsonSerializer.SerializeToUtf8Bytes(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
        };
        return await SendRaw(Signer.Create(method, path, bytes));
    }

    public async Task<ApiResponse> SendRaw(HttpRequestMessage request)
    {
        var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new ApiResponse(response.StatusCode, json, response);
    }

    /// <summary>Unsigned call to a /_sandbox control endpoint.</summary>
    public async Task<ApiResponse> Control(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await SendRaw(request);
    }

    // ------------------------------------------------------------ seed-flow helpers

    public static string UniqueEmail(string tag = "user") => $"{tag}.{Guid.NewGuid():N}@example.com";

    public async Task<string> CreateIndividual(string lastName = "Doe", string? email = null)
    {
        var r = await Post("/api/v1/customers", new
        {
            type = "individual", firstName = "Jane", lastName, email = email ?? UniqueEmail(), phoneCode = "+44",
            phoneNumber = "7700900000", dateOfBirth = "1990-06-15", gender = "female", country = "GB",
        });
        Assert.Equal(HttpStatusCode.Created, r.Status);
        return r.Str("id");
    }

    public static object GbpKyc(string customerId, string lastName = "Doe") => new
    {
        kycDetails = new
        {
            customerId, firstName = "Jane", lastName, gender = "female", dob = "1990-06-15", email = "jane@example.com",
            mobileCode = "+44", mobile = "7700900000", addressLine1 = "10 Downing Street",
        },
    };

    /// <summary>Customer with approved KYC on the GBP virtual product and an active, funded card.</summary>
    public async Task<(string CustomerId, string CardId)> ActiveGbpCard(decimal fund = 0m, string lastName = "Doe")
    {
        var customerId = await CreateIndividual(lastName);
        var product = Artha.Sandbox.State.DefaultProducts.GbpVirtualId;
        Assert.Equal(HttpStatusCode.OK, (await Post($"/api/v1/customers/{customerId}/products/{product}/applicant", GbpKyc(customerId, lastName))).Status);
        Time.AdvanceSeconds(3.1);
        var card = await Post("/api/v1/cards", new { customerId, productId = product, currency = "GBP" });
        Assert.Equal(HttpStatusCode.Created, card.Status);
        var cardId = card.Str("id");
        Time.AdvanceSeconds(3.1);
        Assert.Equal("active", (await Get($"/api/v1/card/{cardId}")).Str("state"));
        if (fund > 0)
        {
            var topUp = await Post($"/api/v1/cards/{cardId}/topup", new { amount = fund, currency = "GBP" });
            Assert.Equal(HttpStatusCode.Accepted, topUp.Status);
            Time.AdvanceSeconds(3.1);
            Assert.Equal("approved", (await Get($"/api/v1/topupstatus/{topUp.Str("transactionId")}")).Str("status"));
        }
        return (customerId, cardId);
    }
}

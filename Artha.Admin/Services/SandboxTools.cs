using System.Net.Http.Json;
using System.Text.Json;
using Artha.Admin.Hosting;

namespace Artha.Admin.Services;

/// <summary>What a sandbox tool made or changed: the transaction's id, status and description as the simulator reports them.</summary>
public sealed record SandboxToolResult(string TransactionId, string Type, string Status, decimal Amount, string Currency, string? Description);

/// <summary>A sandbox tool was refused by the simulator (its message says why: not settleable, more than remains...).</summary>
public sealed class SandboxToolException(string message) : Exception(message);

/// <summary>
/// The embedded simulator's control endpoints that stand in for a cardholder and a card network, so staff can train and
/// demo without a real card: purchases (and declines), settlement, reversal, refund, fees. Only in Sandbox mode; in Live
/// mode <see cref="Available"/> is false and nothing can be simulated.
/// </summary>
public interface ISandboxTools
{
    bool Available { get; }
    Task<SandboxToolResult> PurchaseAsync(string cardId, decimal amount, string currency, string merchant, string mcc, string country, CancellationToken cancellationToken);
    Task<SandboxToolResult> SettleAsync(string transactionId, CancellationToken cancellationToken);
    Task<SandboxToolResult> ReverseAsync(string transactionId, CancellationToken cancellationToken);
    Task<SandboxToolResult> RefundAsync(string transactionId, decimal? amount, CancellationToken cancellationToken);
    Task<SandboxToolResult> FeeAsync(string cardId, decimal amount, string description, CancellationToken cancellationToken);
}

/// <summary>Live mode: there is no simulator behind Artha, so no tool exists.</summary>
public sealed class NoSandboxTools : ISandboxTools
{
    public bool Available => false;
    private static Task<SandboxToolResult> Refuse() => throw new SandboxToolException("Sandbox tools exist only in Sandbox mode; this portal talks to the real Artha API.");
    public Task<SandboxToolResult> PurchaseAsync(string cardId, decimal amount, string currency, string merchant, string mcc, string country, CancellationToken cancellationToken) => Refuse();
    public Task<SandboxToolResult> SettleAsync(string transactionId, CancellationToken cancellationToken) => Refuse();
    public Task<SandboxToolResult> ReverseAsync(string transactionId, CancellationToken cancellationToken) => Refuse();
    public Task<SandboxToolResult> RefundAsync(string transactionId, decimal? amount, CancellationToken cancellationToken) => Refuse();
    public Task<SandboxToolResult> FeeAsync(string cardId, decimal amount, string description, CancellationToken cancellationToken) => Refuse();
}

#if ARTHA_SANDBOX
/// <summary>Sandbox mode: the embedded simulator's <c>/_sandbox</c> control endpoints (loopback, no Artha auth).</summary>
public sealed class EmbeddedSandboxTools(EmbeddedSandbox sandbox, IHttpClientFactory httpClients) : ISandboxTools
{
    public bool Available => true;

    public Task<SandboxToolResult> PurchaseAsync(string cardId, decimal amount, string currency, string merchant, string mcc, string country, CancellationToken cancellationToken) =>
        PostAsync($"_sandbox/cards/{Uri.EscapeDataString(cardId)}/purchases",
            new { amount, currency, merchantName = merchant, mcc, merchantCountry = country }, cancellationToken);

    public Task<SandboxToolResult> SettleAsync(string transactionId, CancellationToken cancellationToken) =>
        PostAsync($"_sandbox/transactions/{Uri.EscapeDataString(transactionId)}/settle", null, cancellationToken);

    public Task<SandboxToolResult> ReverseAsync(string transactionId, CancellationToken cancellationToken) =>
        PostAsync($"_sandbox/transactions/{Uri.EscapeDataString(transactionId)}/reverse", null, cancellationToken);

    public Task<SandboxToolResult> RefundAsync(string transactionId, decimal? amount, CancellationToken cancellationToken) =>
        PostAsync($"_sandbox/transactions/{Uri.EscapeDataString(transactionId)}/refund", amount is { } a ? new { amount = a } : new { }, cancellationToken);

    public Task<SandboxToolResult> FeeAsync(string cardId, decimal amount, string description, CancellationToken cancellationToken) =>
        PostAsync($"_sandbox/cards/{Uri.EscapeDataString(cardId)}/fees", new { amount, description }, cancellationToken);

    private async Task<SandboxToolResult> PostAsync(string path, object? body, CancellationToken cancellationToken)
    {
        using var http = httpClients.CreateClient(nameof(EmbeddedSandboxTools));
        http.Timeout = TimeSpan.FromSeconds(10);
        HttpResponseMessage response;
        try
        {
            response = body is null
                ? await http.PostAsync(new Uri(sandbox.Address, path), null, cancellationToken)
                : await http.PostAsJsonAsync(new Uri(sandbox.Address, path), body, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SandboxToolException("The embedded sandbox did not answer. Reload the page; if it persists, restart the portal.");
        }
        using (response)
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var message = json.TryGetProperty("message", out var m) ? m.GetString()
                    : json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var em) ? em.GetString()
                    : null;
                throw new SandboxToolException($"The sandbox refused it: {message ?? $"HTTP {(int)response.StatusCode}"}");
            }
            return new SandboxToolResult(
                Str(json, "transactionId") ?? Str(json, "id") ?? "",
                Str(json, "type") ?? "", Str(json, "status") ?? "",
                Amount(json, "authorizedAmount") ?? Amount(json, "localAmount") ?? 0m,
                Str(json, "authorizedCurrency") ?? Str(json, "localCurrency") ?? "", Str(json, "description"));
        }
    }

    private static decimal? Amount(JsonElement json, string name) =>
        !json.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDecimal()
        : decimal.TryParse(value.GetString(), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    private static string? Str(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString() : null;
}
#endif

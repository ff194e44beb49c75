using System.Net.Http.Json;
using System.Text.Json;
using Artha.Admin.Hosting;

namespace Artha.Admin.Services;

/// <summary>
/// The merchant portal balance that funds top-ups (seed flow, phase 6). Artha's API has no endpoint for it, so in
/// Live mode it is unknown; in Sandbox mode the embedded simulator's balance is read from its control endpoint.
/// </summary>
public interface IMerchantBalanceSource
{
    /// <summary>The available merchant balance in <paramref name="currency"/>, or null when it cannot be known.</summary>
    Task<Money?> GetAsync(string currency, CancellationToken cancellationToken);
}

/// <summary>Live mode: Artha does not report the merchant balance.</summary>
public sealed class UnknownMerchantBalance : IMerchantBalanceSource
{
    public Task<Money?> GetAsync(string currency, CancellationToken cancellationToken) => Task.FromResult<Money?>(null);
}

#if ARTHA_SANDBOX
/// <summary>Sandbox mode: <c>GET /_sandbox/merchant-balance</c> of the embedded sandbox (loopback, no Artha auth).</summary>
public sealed class SandboxMerchantBalance(EmbeddedSandbox sandbox, IHttpClientFactory httpClients, ILogger<SandboxMerchantBalance> logger) : IMerchantBalanceSource
{
    public async Task<Money?> GetAsync(string currency, CancellationToken cancellationToken)
    {
        try
        {
            using var http = httpClients.CreateClient(nameof(SandboxMerchantBalance));
            http.Timeout = TimeSpan.FromSeconds(5);
            var body = await http.GetFromJsonAsync<JsonElement>(new Uri(sandbox.Address, "_sandbox/merchant-balance"), cancellationToken);
            foreach (var entry in body.GetProperty("balances").EnumerateArray())
            {
                if (string.Equals(entry.GetProperty("currency").GetString(), currency, StringComparison.OrdinalIgnoreCase))
                {
                    return new Money(entry.GetProperty("available").GetDecimal(), currency.ToUpperInvariant());
                }
            }
            return null;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
                                       or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Only a figure for the confirmation step: without it the form says the balance is unknown.
            logger.LogWarning("The sandbox's merchant balance could not be read ({Error}).", ex.GetType().Name);
            return null;
        }
    }
}
#endif

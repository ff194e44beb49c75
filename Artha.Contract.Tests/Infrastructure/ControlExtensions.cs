using System.Net.Http.Json;
using System.Text.Json;

namespace Artha.Contract.Tests.Infrastructure;

/// <summary>The sandbox's unauthenticated <c>/_sandbox</c> control endpoints (purchases, merchant balance).</summary>
public static class ControlExtensions
{
    /// <summary>Simulates a merchant authorising a purchase on the card; returns the new transaction id.</summary>
    public static async Task<string> PurchaseAsync(this HttpClient control, string cardId, decimal amount, string merchantName)
    {
        using var response = await control.PostAsJsonAsync($"/_sandbox/cards/{cardId}/purchases", new { amount, merchantName, merchantCity = "London" });
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("transactionId").GetString()!;
    }

    /// <summary>The merchant portal balance available in <paramref name="currency"/>.</summary>
    public static async Task<decimal> MerchantBalanceAsync(this HttpClient control, string currency)
    {
        using var json = JsonDocument.Parse(await control.GetStringAsync("/_sandbox/merchant-balance"));
        foreach (var entry in json.RootElement.GetProperty("balances").EnumerateArray())
        {
            if (entry.GetProperty("currency").GetString() == currency)
            {
                return entry.GetProperty("available").GetDecimal();
            }
        }

        return json.RootElement.GetProperty("openingBalancePerCurrency").GetDecimal();
    }
}

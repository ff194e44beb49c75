using System.Text.Json.Serialization;
using Artha.Client.Serialization;

namespace Artha.Client.Models;

/// <summary>
/// Body of Update Card Limits. Unset limits are not sent (unchanged); <c>Optional.Null&lt;decimal?&gt;()</c> sends
/// an explicit null, which resets the limit to the product default (provider-dependent).
/// </summary>
public sealed record UpdateCardLimitsRequest
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<decimal?> DailyLimit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<decimal?> MonthlyLimit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<decimal?> PerTransactionLimit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<decimal?> AtmWithdrawalLimit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<decimal?> YearlyLimit { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public Optional<decimal?> LifetimeLimit { get; init; }
}

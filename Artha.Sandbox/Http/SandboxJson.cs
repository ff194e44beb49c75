using System.Text.Json;
using System.Text.Json.Serialization;

namespace Artha.Sandbox.Http;

/// <summary>
/// The sandbox's own serializer settings. They are passed explicitly to every result instead of configuring
/// the host's global JSON options, so that a host embedding the sandbox keeps its own JSON behaviour.
/// </summary>
public static class SandboxJson
{
    /// <summary>REST responses: camelCase, nulls included (clients see every documented field).</summary>
    public static readonly JsonSerializerOptions Api = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Webhook payloads: snake_case (§14.1), nulls included.</summary>
    public static readonly JsonSerializerOptions Webhook = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}

using System.Globalization;
using System.Security.Cryptography;

namespace Artha.Sandbox.Http;

/// <summary>The §4.8 error body: <c>{"error":{"code","message","fields"?},"request_id","timestamp"}</c>.</summary>
public sealed record ErrorBody(ErrorDetail Error, [property: System.Text.Json.Serialization.JsonPropertyName("request_id")] string RequestId, string Timestamp);

public sealed record ErrorDetail(
    string Code,
    string Message,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, string[]>? Fields);

public static class SandboxErrors
{
    public static IResult ToResult(HttpContext context, ApiException error, TimeProvider time) =>
        Error(context, error.Status, error.Code, error.Message, time, error.Fields);

    public static IResult Error(HttpContext context, int status, string code, string message, TimeProvider time,
        IReadOnlyDictionary<string, string[]>? fields = null)
    {
        var body = new ErrorBody(new ErrorDetail(code, message, fields), RequestIds.Get(context),
            time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        return Results.Json(body, SandboxJson.Api, statusCode: status);
    }

    /// <summary>Writes the error body directly, for places that run outside an endpoint's result pipeline.</summary>
    public static Task WriteAsync(HttpContext context, int status, string code, string message, TimeProvider time) =>
        Error(context, status, code, message, time).ExecuteAsync(context);
}

/// <summary>
/// One request id per HTTP request, sent as the X-Request-Id header and repeated as <c>request_id</c> in error bodies.
/// </summary>
public static class RequestIds
{
    private const string ItemKey = "Artha.Sandbox.RequestId";
    public const string HeaderName = "X-Request-Id";

    public static string Get(HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is string id)
            return id;
        id = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        context.Items[ItemKey] = id;
        if (!context.Response.HasStarted)
            context.Response.Headers[HeaderName] = id;
        return id;
    }
}

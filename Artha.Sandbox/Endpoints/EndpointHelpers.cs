using Artha.Sandbox.Auth;
using Artha.Sandbox.Http;

namespace Artha.Sandbox.Endpoints;

internal static class EndpointHelpers
{
    public static IResult Json(object value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, SandboxJson.Api, statusCode: status);

    /// <summary>The JSON body from the bytes the auth filter already read (the stream itself is consumed).</summary>
    public static JsonBody Body(HttpContext context) => JsonBody.Parse(SandboxRequestFilter.Body(context));
}

using Artha.Sandbox.Diagnostics;
using Artha.Sandbox.Http;
using Artha.Sandbox.Lifecycle;
using Microsoft.AspNetCore.Http.Features;

namespace Artha.Sandbox.Auth;

/// <summary>
/// Runs before every Artha API handler: assigns the request id, buffers the raw body (the signature covers its exact
/// bytes), verifies the five signed headers (§3.5), completes lifecycle work that fell due (so reads are deterministic
/// under an injected clock) and turns <see cref="ApiException"/> into the §4.8 error body. Every request is written to
/// the <see cref="RequestLog"/> as it arrives; a signed one may be held by a <see cref="RequestStalls"/> stall first.
/// </summary>
public sealed class SandboxRequestFilter(SignatureVerifier verifier, LifecycleProcessor lifecycle, RequestLog log, RequestStalls stalls, TimeProvider time) : IEndpointFilter
{
    private const string BodyItemKey = "Artha.Sandbox.RawBody";
    private const int MaxBodyBytes = 20 * 1024 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        RequestIds.Get(context);
        var logged = log.Record(context);
        var body = await ReadRawBodyAsync(context);
        if (body is null)
            return SandboxErrors.Error(context, StatusCodes.Status413PayloadTooLarge, "PAYLOAD_TOO_LARGE", "The request body is too large.", time);

        var h = context.Request.Headers;
        var result = verifier.Verify(new SignedRequest(
            context.Request.Method,
            RawPathAndQuery(context),
            h["X-API-Key"].ToString(),
            h["X-Timestamp"].ToString(),
            h["X-Nonce"].ToString(),
            h["X-Body-Hash"].ToString(),
            h["X-Signature"].ToString(),
            body.Value));
        if (!result.Succeeded)
            return SandboxErrors.Error(context, StatusCodes.Status401Unauthorized, result.ErrorCode!, result.Message!, time);

        try
        {
            await stalls.WaitAsync(logged.Path, logged.Caller, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away while held: nobody is left to answer.
            return Results.Empty;
        }
        lifecycle.ProcessDue();
        try
        {
            return await next(invocation);
        }
        catch (ApiException e)
        {
            return SandboxErrors.ToResult(context, e, time);
        }
    }

    /// <summary>The body bytes the filter read, for handlers (which must not read the stream again).</summary>
    public static ReadOnlyMemory<byte> Body(HttpContext context) =>
        context.Items.TryGetValue(BodyItemKey, out var b) && b is ReadOnlyMemory<byte> bytes ? bytes : ReadOnlyMemory<byte>.Empty;

    /// <summary>
    /// The request target exactly as the client sent it (RawTarget keeps the PathBase and the original percent-encoding),
    /// falling back to the decoded parts when a server does not provide it.
    /// </summary>
    public static string RawPathAndQuery(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (!string.IsNullOrEmpty(raw) && raw.StartsWith('/'))
            return raw;
        return context.Request.PathBase.ToUriComponent() + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadRawBodyAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(BodyItemKey, out var cached) && cached is ReadOnlyMemory<byte> done)
            return done;
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes)
            return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        var array = buffer.ToArray();
        ReadOnlyMemory<byte> bytes = array;
        context.Items[BodyItemKey] = bytes;
        // Handlers that parse a form (multipart upload) read it again from this copy.
        request.Body = new MemoryStream(array, writable: false);
        return bytes;
    }
}

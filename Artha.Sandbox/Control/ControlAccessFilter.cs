using System.Net;
using Artha.Sandbox.Http;
using Artha.Sandbox.Lifecycle;

namespace Artha.Sandbox.Control;

/// <summary>
/// The /_sandbox endpoints skip Artha auth, so they are only served to loopback callers or in the Development
/// environment; anyone else gets 403.
/// </summary>
public sealed class ControlAccessFilter(IHostEnvironment environment, LifecycleProcessor lifecycle, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        RequestIds.Get(context);
        var remote = context.Connection.RemoteIpAddress;
        var fromLoopback = remote is null ? false : IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
        if (!fromLoopback && !environment.IsDevelopment())
            return SandboxErrors.Error(context, StatusCodes.Status403Forbidden, "SANDBOX_CONTROL_FORBIDDEN",
                "Sandbox control endpoints are available from loopback only (or in the Development environment).", time);
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
}

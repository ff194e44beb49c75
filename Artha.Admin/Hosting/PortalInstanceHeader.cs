using Artha.Admin.Data;

namespace Artha.Admin.Hosting;

/// <summary>
/// Names this portal instance on every Artha call (<c>X-Portal-Instance</c> = its <see cref="WorkLeases.InstanceId"/>,
/// the same name its work leases carry) when <c>Artha:SendInstanceHeader=true</c>, so the sandbox's request log (and
/// whoever reads Artha's access logs) can tell which instance asked what. Off by default: Artha does not need it. The
/// header is not signed and carries no secret.
/// </summary>
public sealed class PortalInstanceHeader(WorkLeases leases) : DelegatingHandler
{
    public const string HeaderName = "X-Portal-Instance";
    public const string SettingKey = "Artha:SendInstanceHeader";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(HeaderName);
        request.Headers.TryAddWithoutValidation(HeaderName, leases.InstanceId);
        return base.SendAsync(request, cancellationToken);
    }
}

using System.Diagnostics;
using Refit;

namespace Artha.Admin.Hosting;

/// <summary>
/// Outermost handler of the Artha client: one latency sample per call (retries included) and one error count per
/// failed call, tagged with the Refit endpoint name (e.g. <c>GetCard</c>), never the URL, which may carry ids or queries.
/// </summary>
public sealed class ArthaCallMetricsHandler(PortalMetrics metrics) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<string> MethodNameKey = new(HttpRequestMessageOptions.MethodName);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var endpoint = request.Options.TryGetValue(MethodNameKey, out var name) && !string.IsNullOrEmpty(name) ? name : "unknown";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            metrics.RecordArthaCall(endpoint, Stopwatch.GetElapsedTime(started).TotalSeconds, status,
                response.IsSuccessStatusCode ? null : status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return response;
        }
        catch (Exception ex)
        {
            var type = ex is OperationCanceledException && cancellationToken.IsCancellationRequested ? "cancelled" : ex.GetType().Name;
            metrics.RecordArthaCall(endpoint, Stopwatch.GetElapsedTime(started).TotalSeconds, null, type);
            throw;
        }
    }
}

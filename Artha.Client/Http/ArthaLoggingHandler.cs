using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Artha.Client.Http;

/// <summary>
/// Logs one line per HTTP attempt: method, path, status and elapsed milliseconds. It deliberately logs neither
/// the query string, the headers (API key, signature) nor any body: bodies of the sensitive-details and PIN calls
/// carry PANs, CVVs and PINs, and an allow-list is the only safe policy for a card-issuing API.
/// </summary>
public sealed partial class ArthaLoggingHandler(ILogger<ArthaLoggingHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var method = request.Method.Method;
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : "";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            LogResponse(logger, method, path, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Only the exception type: transport exception messages can echo request details.
            LogFailure(logger, method, path, exception.GetType().Name, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Artha {Method} {Path} responded {StatusCode} in {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogResponse(ILogger logger, string method, string path, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Artha {Method} {Path} failed with {ExceptionType} after {ElapsedMilliseconds:0.0} ms")]
    private static partial void LogFailure(ILogger logger, string method, string path, string exceptionType, double elapsedMilliseconds);
}

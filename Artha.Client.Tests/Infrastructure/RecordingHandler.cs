using System.Net;
using System.Text;

namespace Artha.Client.Tests.Infrastructure;

/// <summary>One request as the fake server received it.</summary>
public sealed record CapturedRequest(HttpMethod Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, string? ContentType, byte[] Body)
{
    public string PathAndQuery => Uri.PathAndQuery;
    public string Path => Uri.AbsolutePath;
    public string Query => Uri.Query;
    public string BodyText => Encoding.UTF8.GetString(Body);
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : throw new Xunit.Sdk.XunitException($"Header {name} missing.");
}

/// <summary>Fake primary handler: records every request and answers from a queue of canned responses.</summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _responses = new();
    private readonly List<CapturedRequest> _requests = [];

    public IReadOnlyList<CapturedRequest> Requests => _requests;

    public CapturedRequest Single => Assert.Single(_requests);

    public RecordingHandler Respond(HttpStatusCode status, string? json)
    {
        _responses.Enqueue(_ => Task.FromResult(Response(status, json)));
        return this;
    }

    public RecordingHandler RespondJson(string json) => Respond(HttpStatusCode.OK, json);

    public RecordingHandler Respond(Func<CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responses.Enqueue(responder);
        return this;
    }

    /// <summary>Answers every remaining request with the same status.</summary>
    public HttpStatusCode? Fallback { get; set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        _requests.Add(new CapturedRequest(request.Method, request.RequestUri!, headers, request.Content?.Headers.ContentType?.ToString(), body));
        if (_responses.Count > 0)
        {
            return await _responses.Dequeue()(cancellationToken);
        }

        return Fallback is { } status ? Response(status, null) : throw new InvalidOperationException("No canned response left.");
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string? json) => new(status)
    {
        Content = json is null ? new ByteArrayContent([]) : new StringContent(json, Encoding.UTF8, "application/json"),
    };
}

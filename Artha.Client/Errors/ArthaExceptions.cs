using System.Net;

namespace Artha.Client.Errors;

/// <summary>Base of every failure the Artha client reports (cancellation by the caller is never wrapped).</summary>
public abstract class ArthaException : Exception
{
    protected ArthaException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}

/// <summary>The API answered with a non-2xx status.</summary>
public sealed class ArthaApiException : ArthaException
{
    public ArthaApiException(
        HttpStatusCode statusCode,
        string? errorCode,
        string message,
        string? requestId,
        IReadOnlyDictionary<string, string[]> fieldErrors,
        string? serverMessage)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
        FieldErrors = fieldErrors;
        ServerMessage = serverMessage;
    }

    /// <summary>HTTP status of the response.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Machine-readable error code (<c>error.code</c> or <c>code</c>), when present.</summary>
    public string? ErrorCode { get; }

    /// <summary>The server's message (redacted on sensitive calls), when present.</summary>
    public string? ServerMessage { get; }

    /// <summary>The response's <c>request_id</c>, for support tickets.</summary>
    public string? RequestId { get; }

    /// <summary>Validation errors by field (from <c>error.fields</c>, <c>error.details</c> or <c>errors</c>); empty when none.</summary>
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; }
}

/// <summary>What kind of transport failure happened.</summary>
public enum ArthaTransportFailure
{
    /// <summary>An attempt exceeded <c>Artha:TimeoutSeconds</c> (after any GET retries).</summary>
    Timeout,

    /// <summary>The connection failed (DNS, refused, reset, TLS) before a response arrived.</summary>
    Connection,
}

/// <summary>No HTTP response was obtained: a timeout or a connection failure.</summary>
public sealed class ArthaTransportException : ArthaException
{
    public ArthaTransportException(ArthaTransportFailure kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>Timeout or connection failure.</summary>
    public ArthaTransportFailure Kind { get; }
}

using System.Net;

namespace Artha.Admin.Services;

/// <summary>
/// A failed Artha operation as the portal reports it: a message that says what happened and what to do next,
/// the Artha request id for support, and field errors keyed by the portal's own form field names.
/// Never carries request bodies, so no PAN, CVV or PIN can reach a message.
/// </summary>
public sealed class ArthaOperationException(
    string userMessage,
    ArthaFailureKind kind,
    string? requestId = null,
    IReadOnlyDictionary<string, string[]>? fieldErrors = null,
    HttpStatusCode? statusCode = null,
    string? errorCode = null,
    Exception? innerException = null)
    : Exception(userMessage, innerException)
{
    public ArthaFailureKind Kind { get; } = kind;
    public string? RequestId { get; } = requestId;
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; } = fieldErrors ?? new Dictionary<string, string[]>();
    public HttpStatusCode? StatusCode { get; } = statusCode;
    public string? ErrorCode { get; } = errorCode;

    /// <summary>The message plus the request id, ready for a notification.</summary>
    public string Describe() => RequestId is null ? Message : $"{Message} (Artha request id {RequestId})";
}

public enum ArthaFailureKind
{
    /// <summary>Artha refused the request as invalid (400/422): fix the input.</summary>
    Validation,
    /// <summary>Not found (404).</summary>
    NotFound,
    /// <summary>A conflict with the current state (409), e.g. a duplicate email or an invalid card transition.</summary>
    Conflict,
    /// <summary>Artha rejected our credentials (401/403): a configuration problem for an administrator.</summary>
    Authentication,
    /// <summary>Artha failed (5xx).</summary>
    ServerError,
    /// <summary>No answer in time. For a change of money or card state the outcome is unknown until checked.</summary>
    Timeout,
    /// <summary>Artha could not be reached.</summary>
    Unavailable,
}

using System.Text.Json.Serialization;

namespace Artha.Client.Models;

/// <summary>Base of every response model: carries the <c>request_id</c> of a wrapped response when the server sent one.</summary>
public abstract record ArthaResponse
{
    /// <summary>The <c>request_id</c> (or <c>requestId</c>) next to a <c>data</c> wrapper; null for bare bodies.</summary>
    [JsonIgnore]
    public string? RequestId { get; internal set; }
}

/// <summary>One page of a list endpoint. Accepts a bare JSON array or an object with <c>data</c>/<c>items</c> and optional paging fields.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int? Total, int? Limit, int? Offset)
{
    /// <summary>The <c>request_id</c> of the response, when present.</summary>
    public string? RequestId { get; init; }
}

/// <summary>Paging parameters shared by every list endpoint; null values are not sent.</summary>
public record PageQuery
{
    /// <summary>Page size (<c>limit</c>).</summary>
    public int? Limit { get; init; }

    /// <summary>Number of items to skip (<c>offset</c>).</summary>
    public int? Offset { get; init; }
}

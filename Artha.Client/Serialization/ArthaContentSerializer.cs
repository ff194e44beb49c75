using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Artha.Client.Http;
using Artha.Client.Models;
using Refit;

namespace Artha.Client.Serialization;

/// <summary>
/// Refit's content serializer for Artha, on the source-generated <see cref="ArthaJsonContext"/>. Request bodies are
/// serialised once into <see cref="ArthaJsonContent"/> (the signing handler hashes exactly those bytes). Responses go
/// through the tolerant <see cref="ArthaResponseReader"/>: bare or <c>{"data": …}</c>-wrapped, camelCase or snake_case,
/// lists as bare arrays or paged objects (<see cref="PagedResult{T}"/>). A resource whose body names no request id takes
/// the response's <c>X-Request-Id</c>, which <see cref="ArthaRefitSettings"/> hands over on the content headers.
/// </summary>
internal sealed class ArthaContentSerializer : IHttpContentSerializer, ISynchronousContentSerializer
{
    /// <summary>Content header carrying the response's <c>X-Request-Id</c> to the reader (set by the response check).</summary>
    internal const string RequestIdHeader = "X-Request-Id";

    private static readonly ArthaJsonContext Json = ArthaJsonContext.Default;

    // Every response type the Refit interfaces declare, with the reader that understands its shapes.
    private static readonly FrozenDictionary<Type, Func<ReadOnlyMemory<byte>, object?>> Readers = new Dictionary<Type, Func<ReadOnlyMemory<byte>, object?>>
    {
        [typeof(Customer)] = Resource(Json.Customer),
        [typeof(PagedResult<Customer>)] = Page(Json.ListCustomer),
        [typeof(ApplicantStatusResult)] = Resource(Json.ApplicantStatusResult),
        [typeof(List<UploadedFile>)] = Resource(Json.ListUploadedFile),
        [typeof(Product)] = Resource(Json.Product),
        [typeof(PagedResult<Product>)] = Page(Json.ListProduct),
        [typeof(Card)] = Resource(Json.Card),
        [typeof(PagedResult<Card>)] = Page(Json.ListCard),
        [typeof(SensitiveCardDetails)] = Resource(Json.SensitiveCardDetails),
        [typeof(CardOperationResult)] = Resource(Json.CardOperationResult),
        [typeof(CardLimits)] = Resource(Json.CardLimits),
        [typeof(TopUpResult)] = Resource(Json.TopUpResult),
        [typeof(TopUp)] = Resource(Json.TopUp),
        [typeof(PagedResult<TopUp>)] = Page(Json.ListTopUp),
        [typeof(CardBalance)] = Resource(Json.CardBalance),
        [typeof(Transaction)] = Resource(Json.Transaction),
        [typeof(PagedResult<Transaction>)] = Page(Json.ListTransaction),
    }.ToFrozenDictionary();

    public static ArthaContentSerializer Instance { get; } = new();

    public HttpContent ToHttpContent<T>(T item) => ToHttpContentSynchronous(item);

    public HttpContent ToHttpContentSynchronous<T>(T item) =>
        new ArthaJsonContent(JsonSerializer.SerializeToUtf8Bytes(item, TypeInfo<T>.Value));

    // Artha bodies are small; they are always buffered so the signature covers the bytes sent.
    public HttpContent ToStreamingHttpContent<T>(T item) => ToHttpContentSynchronous(item);

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default)
    {
        if (!Readers.TryGetValue(typeof(T), out var read))
        {
            throw new NotSupportedException($"{typeof(T).Name} is not an Artha response type.");
        }

        var body = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var result = read(body);
        if (result is ArthaResponse { RequestId: null } resource && content.Headers.TryGetValues(RequestIdHeader, out var ids))
        {
            resource.RequestId = ids.FirstOrDefault();
        }

        return (T?)result;
    }

    public string? GetFieldNameForProperty(PropertyInfo propertyInfo)
    {
        ArgumentNullException.ThrowIfNull(propertyInfo);
        return propertyInfo.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(propertyInfo.Name);
    }

    private static Func<ReadOnlyMemory<byte>, object?> Resource<T>(JsonTypeInfo<T> typeInfo) where T : class =>
        body => ArthaResponseReader.Read(body, typeInfo);

    private static Func<ReadOnlyMemory<byte>, object?> Page<T>(JsonTypeInfo<List<T>> typeInfo) =>
        body => ArthaResponseReader.ReadPage(body, typeInfo);

    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)(Json.GetTypeInfo(typeof(T))
            ?? throw new NotSupportedException($"{typeof(T).Name} is not an Artha request type."));
    }
}

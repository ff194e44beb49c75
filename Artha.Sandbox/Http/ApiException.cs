namespace Artha.Sandbox.Http;

/// <summary>
/// A request the sandbox refuses. Thrown from handlers and the store, turned into the §4.8 error body by
/// <see cref="SandboxErrors"/> so every failure has the same shape.
/// </summary>
public sealed class ApiException(int status, string code, string message, IReadOnlyDictionary<string, string[]>? fields = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, string[]>? Fields { get; } = fields;

    public static ApiException NotFound(string what, string id) =>
        new(StatusCodes.Status404NotFound, $"{what.ToUpperInvariant()}_NOT_FOUND", $"{what} '{id}' was not found.");

    public static ApiException InvalidCardState(string message) =>
        new(StatusCodes.Status409Conflict, "INVALID_CARD_STATE", message);

    public static ApiException Validation(IReadOnlyDictionary<string, string[]> fields) =>
        new(StatusCodes.Status422UnprocessableEntity, "VALIDATION_FAILED", "The request has invalid fields.", fields);

    public static ApiException Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Collects field errors so a request reports every invalid field at once.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
            _errors[field] = list = [];
        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any)
            throw ApiException.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }
}

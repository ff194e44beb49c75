namespace Artha.Admin.Services;

/// <summary>
/// Field errors of a form keyed by Artha's field names; lookups ignore case and '_' so that <c>phone_code</c>
/// and <c>phoneCode</c> meet on the same field.
/// </summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public int Count => errors.Count;

    public bool IsEmpty => errors.Count == 0;

    public IEnumerable<string> Keys => errors.Keys;

    public static string Normalize(string key) => key.Replace("_", "").ToLowerInvariant();

    public void Add(string key, string message)
    {
        var normalized = Normalize(key);
        if (!errors.TryGetValue(normalized, out var list))
        {
            errors[normalized] = list = [];
        }
        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }

    public IReadOnlyList<string> For(string key) => errors.TryGetValue(Normalize(key), out var list) ? list : [];

    public bool Has(string key) => errors.ContainsKey(Normalize(key));

    public void Clear() => errors.Clear();

    public static FormErrors From(IReadOnlyDictionary<string, string[]> fieldErrors, Func<string, string>? mapKey = null)
    {
        var result = new FormErrors();
        foreach (var (key, messages) in fieldErrors)
        {
            foreach (var message in messages)
            {
                result.Add(mapKey?.Invoke(key) ?? key, message);
            }
        }
        return result;
    }

    public IReadOnlyDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}

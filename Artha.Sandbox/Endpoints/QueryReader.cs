using System.Globalization;
using Artha.Sandbox.Http;
using Artha.Sandbox.State;

namespace Artha.Sandbox.Endpoints;

/// <summary>Reads query parameters tolerantly (camelCase or snake_case names) and reports bad values as 422 field errors.</summary>
public sealed class QueryReader(HttpContext context)
{
    public FieldErrors Errors { get; } = new();

    public string? String(params string[] names)
    {
        foreach (var name in names)
            foreach (var (key, value) in context.Request.Query)
                if (JsonBody.Normalize(key) == JsonBody.Normalize(name) && !string.IsNullOrWhiteSpace(value.ToString()))
                    return value.ToString().Trim();
        return null;
    }

    public int? Int(string name)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        Errors.Add(name, "Must be an integer.");
        return null;
    }

    public decimal? Decimal(string name)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (decimal.TryParse(raw, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) return v;
        Errors.Add(name, "Must be a number.");
        return null;
    }

    /// <summary>ISO 8601 date or date-time; a bare date means midnight UTC (for "to", the end of that day).</summary>
    public DateTimeOffset? Date(string name, bool endOfDay = false, params string[] aliases)
    {
        var raw = String([name, .. aliases]);
        if (raw is null) return null;
        if (DateOnly.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            var start = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
        }
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dt)) return dt;
        Errors.Add(name, "Must be an ISO 8601 date or date-time.");
        return null;
    }

    public Paging Paging()
    {
        var limit = Int("limit") ?? State.Paging.DefaultLimit;
        var offset = Int("offset") ?? 0;
        if (limit < 1) Errors.Add("limit", "Must be at least 1.");
        if (offset < 0) Errors.Add("offset", "Must be at least 0.");
        return new Paging(Math.Clamp(limit, 1, State.Paging.MaxLimit), Math.Max(0, offset));
    }

    public void ThrowIfInvalid() => Errors.ThrowIfAny();
}

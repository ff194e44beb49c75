using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Artha.Client.Serialization;

/// <summary>
/// Reads a date written either as <c>YYYY-MM-DD</c> (newer pages) or as a date-time such as
/// <c>1990-06-15T00:00:00Z</c> (older pages); writes <c>YYYY-MM-DD</c>.
/// </summary>
public sealed class TolerantDateOnlyConverter : JsonConverter<DateOnly>
{
    public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("Expected a date string.");
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dateTime))
        {
            return DateOnly.FromDateTime(dateTime.UtcDateTime);
        }

        throw new JsonException("The value is not a date.");
    }

    public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
}

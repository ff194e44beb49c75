using Artha.Admin.Features.Customers.Rules;

namespace Artha.Admin.Services;

/// <summary>
/// Server-side maximum lengths of the texts sent to Artha that no feature rule covers yet (customers:
/// <see cref="CustomerFieldLimits"/>; KYC values: <c>KycRequirementFields</c>; reasons: <see cref="ArthaService.CardReasonMaxLength"/>;
/// PINs: 4–6 digits). A longer value is refused before anything is sent, with a message naming the field; the page keeps
/// what was typed so it can be shortened.
/// </summary>
public static class ArthaInputLimits
{
    /// <summary>Search texts (customer search, pickers, merchant filter).</summary>
    public const int SearchText = 200;

    /// <summary>The activation code printed on a physical card's mailer.</summary>
    public const int ActivationCode = 64;

    /// <summary>The name of an uploaded KYC document (the longest file name common file systems allow).</summary>
    public const int FileName = 255;

    /// <summary>
    /// A search text trimmed, or null when blank; longer than <see cref="SearchText"/> is refused (Validation, field
    /// <paramref name="field"/>).
    /// </summary>
    public static string? Search(string? text, string field = "search", string what = "search text")
    {
        var clean = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (clean is not null && clean.Length > SearchText)
        {
            throw TooLong(field, what, SearchText, clean.Length, "Shorten it and search again.");
        }
        return clean;
    }

    /// <summary>A refusal of <paramref name="field"/> for being longer than <paramref name="max"/>.</summary>
    public static ArthaOperationException TooLong(string field, string what, int max, int length, string advice) =>
        new($"The {what} is too long: use at most {max} characters (it has {length:N0}). {advice}", ArthaFailureKind.Validation,
            fieldErrors: new Dictionary<string, string[]> { [field] = [CustomerFieldLimits.TooLong(max, length)] });
}

namespace Artha.Admin.Features.Customers.Rules;

/// <summary>
/// The officially assigned ISO 3166-1 alpha-2 country codes (249): the one list every form and service of the portal
/// checks a country against, so "ZZ" or "UK" is refused with the same words everywhere before Artha is called.
/// </summary>
public static class CountryCodes
{
    /// <summary>Every assigned code, upper case, in alphabetical order.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
        "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV", "BW", "BY", "BZ",
        "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ",
        "DE", "DJ", "DK", "DM", "DO", "DZ",
        "EC", "EE", "EG", "EH", "ER", "ES", "ET",
        "FI", "FJ", "FK", "FM", "FO", "FR",
        "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY",
        "HK", "HM", "HN", "HR", "HT", "HU",
        "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT",
        "JE", "JM", "JO", "JP",
        "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ",
        "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
        "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ",
        "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ",
        "OM",
        "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY",
        "QA",
        "RE", "RO", "RS", "RU", "RW",
        "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ",
        "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ",
        "UA", "UG", "UM", "US", "UY", "UZ",
        "VA", "VC", "VE", "VG", "VI", "VN", "VU",
        "WF", "WS",
        "YE", "YT",
        "ZA", "ZM", "ZW",
    ];

    private static readonly HashSet<string> Assigned = new(All, StringComparer.Ordinal);

    /// <summary>What staff read when a code is refused.</summary>
    public const string Advice = "Use the 2-letter ISO 3166-1 country code, e.g. GB, DE or US.";

    /// <summary>True for an assigned code, in any letter case, surrounding blanks ignored.</summary>
    public static bool IsAssigned(string? value) =>
        value is not null && value.Trim() is { Length: 2 } code && Assigned.Contains(code.ToUpperInvariant());

    /// <summary>The refusal for a value that is not an assigned code (null when it is one).</summary>
    public static string? Problem(string? value) => IsAssigned(value)
        ? null
        : value?.Trim().ToUpperInvariant() is { Length: 2 } code && code.All(char.IsAsciiLetterUpper)
            ? $"{code} is not an ISO 3166-1 country code. {Advice}"
            : Advice;
}

namespace Artha.Admin.Features.Customers.Rules;

/// <summary>
/// The longest value each customer field accepts. The forms cap their inputs with these numbers and the service
/// refuses longer values before anything is sent to Artha, so a pasted 200,000-character address never leaves the portal.
/// </summary>
public static class CustomerFieldLimits
{
    /// <summary>First, middle, last and business name.</summary>
    public const int Name = 100;
    public const int Email = 254;
    public const int PhoneCode = 5;
    public const int PhoneNumber = 20;
    public const int Country = 2;
    public const int State = 60;
    public const int ExternalReference = 200;
    public const int AddressLine = 100;
    public const int City = 60;
    public const int PostalCode = 16;
    public const int RegistrationNumber = 50;
    public const int TaxId = 50;
    public const int Website = 254;
    public const int Industry = 100;
    public const int CompanyType = 60;

    /// <summary>The refusal of a value longer than <paramref name="max"/>, with its current length so staff see how much to cut.</summary>
    public static string TooLong(int max, int length) => $"Use at most {max} characters (this has {length:N0}).";

    /// <summary>True when <paramref name="value"/> (surrounding blanks ignored) is longer than <paramref name="max"/>.</summary>
    public static bool Exceeds(string? value, int max) => value is not null && value.Trim().Length > max;
}

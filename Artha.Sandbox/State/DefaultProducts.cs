namespace Artha.Sandbox.State;

/// <summary>
/// The card products every fresh (or reset) sandbox starts with. Ids are fixed so clients and tests can hard-code them;
/// requirement codes are the §7.2 codes, spelled as in the docs (including "Biomatric").
/// </summary>
public static class DefaultProducts
{
    public const string GbpVirtualId = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    public const string EurPhysicalId = "999a47bf-5c73-4a93-9827-0182f075355d";
    public const string UsdBusinessId = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    public const string UsdVirtualBasicId = "3b241101-e2bb-4255-8caf-4136c566a962";

    public static IReadOnlyList<ProductRecord> Create() =>
    [
        new()
        {
            ProductId = GbpVirtualId, Name = "GBP Virtual Prepaid", Organization = "Visa", Type = "Virtual", Country = "GB",
            Bin = "453201", Currency = "GBP", CustomerType = "individual", Provider = "Artha Sandbox Issuing",
            KycRequirements = ["FullName", "Comms", "Address"],
            Description = "Instant virtual prepaid card for individuals in the UK.",
            DefaultLimits = new LimitValues { Daily = 1000m, Monthly = 5000m, PerTransaction = 500m, AtmWithdrawal = 0m, Yearly = 50000m },
        },
        new()
        {
            ProductId = EurPhysicalId, Name = "EUR Physical Debit", Organization = "Master", Type = "Physical", Country = "DE",
            Bin = "535522", Currency = "EUR", CustomerType = "individual", Provider = "Artha Sandbox Issuing",
            KycRequirements = ["FullName", "Comms", "FullAddress", "Passport", "Face"],
            Description = "Physical debit card shipped to the cardholder; needs activation.",
            DefaultLimits = new LimitValues { Daily = 2000m, Monthly = 10000m, PerTransaction = 1500m, AtmWithdrawal = 500m, Yearly = 100000m },
        },
        new()
        {
            ProductId = UsdBusinessId, Name = "USD Business Virtual", Organization = "Master", Type = "Virtual", Country = "US",
            Bin = "552433", Currency = "USD", CustomerType = "business", Provider = "Artha Sandbox Issuing",
            KycRequirements = ["FullNameOnly", "Comms", "Address", "IdTypes"],
            Description = "Virtual expense card for businesses; KYB (kybDetails) with a representative's details.",
            DefaultLimits = new LimitValues { Daily = 10000m, Monthly = 100000m, PerTransaction = 5000m, AtmWithdrawal = 0m, Yearly = 1000000m },
        },
        new()
        {
            ProductId = UsdVirtualBasicId, Name = "USD Virtual Basic", Organization = "Visa", Type = "Virtual", Country = null,
            Bin = "414720", Currency = "USD", CustomerType = "individual", Provider = "Artha Sandbox Issuing",
            KycRequirements = ["FullNameOnly"],
            Description = "Low-limit virtual card with the lightest KYC (name only).",
            DefaultLimits = new LimitValues { Daily = 250m, Monthly = 1000m, PerTransaction = 100m, AtmWithdrawal = 0m, Yearly = 5000m, Lifetime = 20000m },
        },
    ];
}

using System.Text.Json;
using Artha.Admin.Features.Applicants.Rules;
using Artha.Admin.Services;
using Artha.Client.Models;
using Artha.Client.Serialization;

namespace Artha.Admin.Tests.Features.Applicants;

public class KycRequirementFieldsTests
{
    private static string[] Keys(params string[] codes) => KycRequirementFields.For(codes).Select(f => f.Key).ToArray();

    public static TheoryData<string, string[]> FieldsByCode => new()
    {
        { "PassportOnly", ["idType", "idNumber", "profilePicFront", "profilePicBack"] },
        { "Passport", ["idType", "idNumber", "profilePicFront", "profilePicBack", "docExpiryDate", "docNeverExpire"] },
        { "IdTypes", ["idType", "idNumber", "profilePicFront", "profilePicBack", "docExpiryDate", "docNeverExpire"] },
        { "FullNameOnly", ["firstName", "lastName"] },
        { "FullName", ["firstName", "lastName", "gender", "dob"] },
        { "Comms", ["email", "mobileCode", "mobile"] },
        { "EmergencyContact", ["emergencyContact"] },
        { "Address", ["addressLine1"] },
        { "FullAddress", ["addressLine1", "town", "city", "state", "postalCode", "country"] },
        { "HandedPassport", ["handHoldIdPhoto"] },
        { "Face", ["faceImage"] },
        { "Sign", ["signature"] },
        { "Biomatric", ["biometric"] },
        { "IssueDate", ["docIssueDate"] },
        { "IpAddress", ["ipAddress"] },
        { "FinancialProfile", ["occupation", "accountPurpose", "annualSalary", "expectedMonthlyVolume"] },
    };

    [Theory]
    [MemberData(nameof(FieldsByCode))]
    public void Each_requirement_code_asks_for_exactly_its_fields(string code, string[] expected) => Assert.Equal(expected, Keys(code));

    [Fact]
    public void Codes_sharing_fields_ask_for_each_field_once_in_code_order()
    {
        Assert.Equal(["firstName", "lastName", "email", "mobileCode", "mobile", "gender", "dob"], Keys("FullNameOnly", "Comms", "FullName"));
    }

    [Fact]
    public void Document_images_and_selfies_are_file_fields()
    {
        var files = KycRequirementFields.For(["Passport", "Face", "Sign", "HandedPassport", "Biomatric", "FullName"])
            .Where(f => f.Kind == KycFieldKind.File).Select(f => f.Key);

        Assert.Equal(["profilePicFront", "profilePicBack", "faceImage", "signature", "handHoldIdPhoto", "biometric"], files);
    }

    [Fact]
    public void A_passport_product_offers_only_the_passport_document_type_and_id_types_offer_more()
    {
        Assert.Equal(["passport"], KycRequirementFields.For(["Passport"]).Single(f => f.Key == "idType").Options);
        Assert.Contains("national_id", KycRequirementFields.For(["Passport", "IdTypes"]).Single(f => f.Key == "idType").Options);
    }

    [Fact]
    public void A_business_application_also_asks_for_the_company_name_and_registration_number()
    {
        Assert.Equal(["companyName", "registrationNumber", "firstName", "lastName"],
            KycRequirementFields.For(["FullNameOnly"], business: true).Select(f => f.Key));
    }

    [Fact]
    public void Unknown_codes_ask_for_nothing_and_are_reported()
    {
        Assert.Empty(Keys("SomethingNew"));
        Assert.Equal(["SomethingNew"], KycRequirementFields.UnknownCodes(["FullName", "SomethingNew"]));
    }

    [Fact]
    public void Missing_required_fields_are_reported_on_each_field_with_the_code_that_requires_it()
    {
        var fields = KycRequirementFields.For(["FullName"]);

        var errors = KycRequirementFields.Validate(fields, new Dictionary<string, string?> { ["firstName"] = "Jane", ["gender"] = "unknown" });

        Assert.Equal(["lastname", "gender", "dob"], errors.Keys.ToArray());
        Assert.Contains("FullName", errors.For("lastName")[0]);
        Assert.Contains("male, female or other", errors.For("gender")[0]);
    }

    [Fact]
    public void The_expiry_date_is_not_needed_when_the_document_never_expires()
    {
        var fields = KycRequirementFields.For(["Passport"]);
        var values = new Dictionary<string, string?>
        {
            ["idType"] = "passport", ["idNumber"] = "123456789",
            ["profilePicFront"] = "https://files.example/front.jpg", ["profilePicBack"] = "https://files.example/back.jpg",
        };

        Assert.Equal(["docexpirydate"], KycRequirementFields.Validate(fields, values).Keys.ToArray());
        values["docNeverExpire"] = "true";
        Assert.True(KycRequirementFields.Validate(fields, values).IsEmpty);
    }

    [Fact]
    public void A_file_field_must_hold_an_uploaded_file_link()
    {
        var errors = KycRequirementFields.Validate(KycRequirementFields.For(["Face"]), new Dictionary<string, string?> { ["faceImage"] = "C:\\photo.jpg" });

        Assert.True(errors.Has("faceImage"));
    }

    [Fact]
    public void The_kyc_body_carries_the_customer_id_and_exactly_the_required_fields()
    {
        var fields = KycRequirementFields.For(["FullNameOnly", "Passport", "FinancialProfile"]);
        var values = new Dictionary<string, string?>
        {
            ["firstName"] = "Jane", ["lastName"] = "Doe", ["idType"] = "passport", ["idNumber"] = "X1",
            ["profilePicFront"] = "https://f/1", ["profilePicBack"] = "https://f/2", ["docExpiryDate"] = "2030-01-31",
            ["occupation"] = "Engineer", ["accountPurpose"] = "Travel", ["annualSalary"] = "45000", ["expectedMonthlyVolume"] = "1200.50",
            ["email"] = "not-required@example.com",
        };

        var details = KycRequirementFields.BuildKycDetails("cust-1", fields, values);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(new SubmitApplicantRequest { KycDetails = details }, ArthaJsonContext.Default.SubmitApplicantRequest));
        var sent = json.RootElement.GetProperty("kycDetails");

        Assert.Equal(
            ["accountPurpose", "annualSalary", "customerId", "docExpiryDate", "expectedMonthlyVolume", "firstName", "idNumber", "idType", "lastName", "occupation", "profilePicBack", "profilePicFront"],
            sent.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("2030-01-31", sent.GetProperty("docExpiryDate").GetString());
        Assert.Equal(45000m, sent.GetProperty("annualSalary").GetDecimal());
    }

    [Fact]
    public void The_never_expires_flag_is_sent_as_true_instead_of_an_expiry_date()
    {
        var fields = KycRequirementFields.For(["IdTypes"]);
        var values = new Dictionary<string, string?> { ["docNeverExpire"] = "true", ["docExpiryDate"] = "2030-01-01", ["idNumber"] = "A" };

        var kyb = KycRequirementFields.BuildKybDetails("cust-2", fields, values);

        Assert.True(kyb["docNeverExpire"]!.GetValue<bool>());
        Assert.False(kyb.ContainsKey("docExpiryDate"));
        Assert.Equal("cust-2", kyb["customerId"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("kycDetails.frontDoc", "profilePicFront")]
    [InlineData("kycDetails.lastName", "lastName")]
    [InlineData("kybDetails.zipCode", "postalCode")]
    [InlineData("kycDetails.docExpireDate", "docExpiryDate")]
    [InlineData("kybDetails.businessName", "companyName")]
    public void Artha_field_names_map_to_the_form_fields(string arthaField, string formKey) =>
        Assert.Equal(formKey, KycRequirementFields.FieldKeyOf(arthaField));

    [Fact]
    public void The_form_starts_from_what_the_profile_knows()
    {
        var customer = new CustomerView("c1", "individual", "Jane", null, "Doe", null, "jane@example.com", "+44", "7700900000", "GB", null,
            new DateOnly(1990, 6, 15), "female", null, new CustomerAddressView("1 High St", null, "London", null, "EC1A 1AA", "GB"), null,
            "active", "not_submitted", null, null);

        var values = KycRequirementFields.PrefillFrom(customer, KycRequirementFields.For(["FullName", "Comms", "Address"]));

        Assert.Equal("1990-06-15", values["dob"]);
        Assert.Equal("+44", values["mobileCode"]);
        Assert.Equal("1 High St", values["addressLine1"]);
        Assert.Equal(8, values.Count);
    }
}

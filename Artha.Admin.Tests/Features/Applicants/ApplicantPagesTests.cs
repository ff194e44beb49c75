using Artha.Admin.Features.Applicants;
using Artha.Admin.Features.Applicants.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Features.Customers;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Applicants;

public class ApplicantPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <summary>Sandbox product "EUR Physical Debit": FullName, Comms, FullAddress, Passport, Face.</summary>
    private const string EurPhysical = "999a47bf-5c73-4a93-9827-0182f075355d";

    /// <summary>Sandbox product "USD Business Virtual": for business customers (KYB).</summary>
    private const string UsdBusiness = "7d444840-9dc0-11d1-b245-5ffdce74fad2";

    [Fact]
    public async Task The_form_shows_exactly_the_fields_the_products_codes_require()
    {
        var artha = SignInAs(PortalRoles.Support);
        var customer = await NewCustomerAsync();
        var model = await artha.GetKycFormAsync(customer.Id, ApplicantsServiceTests.GbpVirtual);

        var form = RenderWithProviders<KycForm>(p => p.Add(x => x.Model, model));

        Assert.Equal(["firstName", "lastName", "gender", "dob", "email", "mobileCode", "mobile", "addressLine1"],
            form.FindAll(".kyc-field").Select(e => e.GetAttribute("data-field")));
        Assert.Empty(form.FindAll("input[type=file]"));
    }

    [Fact]
    public async Task Document_fields_of_a_passport_product_are_file_uploads()
    {
        var artha = SignInAs(PortalRoles.Support);
        var customer = await NewCustomerAsync();
        var model = await artha.GetKycFormAsync(customer.Id, EurPhysical);

        var form = RenderWithProviders<KycForm>(p => p.Add(x => x.Model, model));

        Assert.Equal(["kyc-profilePicFront", "kyc-profilePicBack", "kyc-faceImage"], form.FindAll("input[type=file]").Select(i => i.Id));
        Assert.Contains("town", form.FindAll(".kyc-field").Select(e => e.GetAttribute("data-field")));
        Assert.Contains("docNeverExpire", form.FindAll(".kyc-field").Select(e => e.GetAttribute("data-field")));
    }

    [Fact]
    public async Task Submitting_with_a_required_field_empty_marks_that_field_and_keeps_the_other_values()
    {
        var artha = SignInAs(PortalRoles.Support);
        var customer = await NewCustomerAsync();
        var model = await artha.GetKycFormAsync(customer.Id, ApplicantsServiceTests.GbpVirtual);
        model.Values["addressLine1"] = null;

        var form = RenderWithProviders<KycForm>(p => p.Add(x => x.Model, model));
        form.Find("#kyc-form").Submit();

        Assert.Equal(["addressLine1"], form.FindAll(".field-error").Select(e => e.GetAttribute("data-field")));
        Assert.Equal("Jane", form.Find("#kyc-firstName").GetAttribute("value"));
        Assert.Single(form.FindAll("#kyc-form-error"));
    }

    [Fact]
    public async Task Finance_follows_kyc_status_on_the_applicants_page_without_a_form()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Finance);

        NavigateTo($"applicants?customerId={customer.Id}&productId={ApplicantsServiceTests.GbpVirtual}");
        var page = RenderWithProviders<ApplicantsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#kyc-view-only")), TimeSpan.FromSeconds(30));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#applicant-status .kyc-status")), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#kyc-form"));
    }

    [Fact]
    public async Task A_link_with_customer_and_product_opens_the_form_for_them()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Operations);

        NavigateTo($"applicants?customerId={customer.Id}&productId={ApplicantsServiceTests.GbpVirtual}");
        var page = RenderWithProviders<ApplicantsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#kyc-form")), TimeSpan.FromSeconds(30));
        Assert.Contains("Jane Doe", page.Find("#chosen-customer").TextContent);
        Assert.Contains("FullName", page.Find("#product-requirements").TextContent);
        Assert.Equal(8, page.FindAll(".kyc-field").Count);
    }

    [Fact]
    public async Task A_text_file_chosen_as_a_document_image_is_refused_on_its_field()
    {
        var customer = await NewCustomerAsync();
        KycFormModel model;
        await using (var setup = Portal.ScopeAs(PortalRoles.Support))
        {
            model = await setup.ServiceProvider.GetRequiredService<ArthaService>().GetKycFormAsync(customer.Id, EurPhysical);
        }
        // Signed in only now: the test host revalidates (and drops) test sign-ins after a few seconds.
        SignInAs(PortalRoles.Support);
        var form = RenderWithProviders<KycForm>(p => p.Add(x => x.Model, model));

        var front = form.FindComponents<Microsoft.AspNetCore.Components.Forms.InputFile>().Single(i => (string?)i.Instance.AdditionalAttributes?["id"] == "kyc-profilePicFront");
        front.UploadFiles(InputFileContent.CreateFromText("Passport number 123456789", "passport.jpg", contentType: "image/jpeg"));

        form.WaitForAssertion(() => Assert.Equal(KycDocumentRules.WrongKind, form.Find(".field-error[data-field=profilePicFront]").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(form.FindAll(".kyc-uploaded[data-field=profilePicFront]"));
    }

    [Fact]
    public async Task An_individual_is_not_offered_the_KYB_form_of_a_business_product()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Support);

        NavigateTo($"applicants?customerId={customer.Id}&productId={UsdBusiness}");
        var page = RenderWithProviders<ApplicantsPage>();

        page.WaitForAssertion(() => Assert.Contains("for business customers (KYB)", page.Find("#kyc-not-offered").TextContent), TimeSpan.FromSeconds(30));
        Assert.Empty(page.FindAll("#kyc-form"));
    }

    [Fact]
    public void Every_text_field_of_the_KYC_form_is_capped_at_the_length_the_service_enforces()
    {
        SignInAs(PortalRoles.Support);
        var customer = new CustomerView("c1", CustomerTypes.Individual, "Jane", null, "Doe", null, "jane@example.com", "+44", "7700900000", "GB", null,
            new DateOnly(1990, 6, 15), "female", null, null, null, "active", "not_submitted", null, null);
        var product = new ProductView("p1", "Full address", null, null, null, "GBP", null, null, ["FullNameOnly", "FullAddress", "Comms"]);
        var fields = KycRequirementFields.For(product.KycRequirements);
        var model = new KycFormModel(customer, product, fields, [], KycRequirementFields.PrefillFrom(customer, fields), false);

        var form = RenderWithProviders<KycForm>(p => p.Add(x => x.Model, model));

        string Max(string key) => form.Find($"#kyc-{key}").GetAttribute("maxlength")!;
        Assert.Equal("100", Max("firstName"));
        Assert.Equal("100", Max("addressLine1"));
        Assert.Equal("60", Max("city"));
        Assert.Equal("16", Max("postalCode"));
        Assert.Equal("2", Max("country"));
        Assert.Equal("254", Max("email"));
        Assert.Equal("20", Max("mobile"));
    }
}

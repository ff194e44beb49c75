using Artha.Admin.Features.Applicants;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Customers;
using Artha.Admin.Tests.Features.Customers;
using Artha.Admin.Tests.Infrastructure;
using Bunit;

namespace Artha.Admin.Tests.Features.Applicants;

public class ApplicantPagesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    /// <summary>Sandbox product "EUR Physical Debit": FullName, Comms, FullAddress, Passport, Face.</summary>
    private const string EurPhysical = "999a47bf-5c73-4a93-9827-0182f075355d";

    [Fact]
    public async Task The_form_shows_exactly_the_fields_the_products_codes_require()
    {
        var artha = SignInAs(PortalRoles.Support);
        var customer = await NewCustomerAsync();
        var model = await artha.GetKycFormAsync(customer.Id, ApplicantsServiceTests.GbpVirtual);

        var form = Render<KycForm>(p => p.Add(x => x.Model, model));

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

        var form = Render<KycForm>(p => p.Add(x => x.Model, model));

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

        var form = Render<KycForm>(p => p.Add(x => x.Model, model));
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
        var page = Render<ApplicantsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#kyc-view-only")), TimeSpan.FromSeconds(5));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#applicant-status .kyc-status")), TimeSpan.FromSeconds(5));
        Assert.Empty(page.FindAll("#kyc-form"));
    }

    [Fact]
    public async Task A_link_with_customer_and_product_opens_the_form_for_them()
    {
        var customer = await NewCustomerAsync();
        SignInAs(PortalRoles.Operations);

        NavigateTo($"applicants?customerId={customer.Id}&productId={ApplicantsServiceTests.GbpVirtual}");
        var page = Render<ApplicantsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("#kyc-form")), TimeSpan.FromSeconds(5));
        Assert.Contains("Jane Doe", page.Find("#chosen-customer").TextContent);
        Assert.Contains("FullName", page.Find("#product-requirements").TextContent);
        Assert.Equal(8, page.FindAll(".kyc-field").Count);
    }
}

using System.Diagnostics;
using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.LiveStatus;
using Artha.Admin.Security;
using Artha.Admin.Features.Applicants.Rules;
using Artha.Admin.Services;
using Artha.Admin.Tests.Features.Customers;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Artha.Admin.Tests.Features.Applicants;

public class ApplicantsServiceTests(PortalFactory portal, ITestOutputHelper output) : IClassFixture<PortalFactory>
{
    /// <summary>Sandbox product "GBP Virtual Prepaid": FullName, Comms, Address.</summary>
    internal const string GbpVirtual = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    /// <summary>Sandbox product "USD Virtual Basic": FullNameOnly.</summary>
    private const string UsdBasic = "3b241101-e2bb-4255-8caf-4136c566a962";

    private async Task<CustomerView> NewCustomerAsync(string lastName = "Doe")
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        return (await scope.ServiceProvider.GetRequiredService<ArthaService>().CreateCustomerAsync(CustomersServiceTests.Individual(lastName))).Customer;
    }

    private static Dictionary<string, string?> GbpValues(CustomerView customer, string lastName) => new()
    {
        ["firstName"] = "Jane", ["lastName"] = lastName, ["gender"] = "female", ["dob"] = "1990-06-15",
        ["email"] = customer.Email, ["mobileCode"] = "+44", ["mobile"] = "7700900000", ["addressLine1"] = "1 High Street",
    };

    private async Task<KycStatusView> WaitForDecisionAsync(ArthaService artha, string customerId, string productId)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var status = await artha.GetApplicantStatusAsync(customerId, productId);
            if (!status.IsInProgress || clock.Elapsed > TimeSpan.FromSeconds(15))
            {
                output.WriteLine($"KYC decision {status.Status} after {clock.Elapsed.TotalSeconds:F1} s");
                return status;
            }
            await Task.Delay(250);
        }
    }

    private async Task AssertRefusedAndAuditedAsync(string role, string action, Func<ArthaService, Task> call)
    {
        await using var scope = portal.ScopeAs(role);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => call(artha));

        var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == action);
        Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
    }

    [Fact]
    public async Task A_submitted_application_is_pending_then_approved_and_is_watched_and_announced()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var announced = new List<StatusChange>();
        using var subscription = scope.ServiceProvider.GetRequiredService<IStatusEventStream>().Subscribe(change =>
        {
            lock (announced) { announced.Add(change); }
            return Task.CompletedTask;
        });

        var submitted = await artha.SubmitKycAsync(customer.Id, GbpVirtual, GbpValues(customer, "Doe"));

        Assert.Equal("pending", submitted.Status.ToLowerInvariant());
        lock (announced)
        {
            Assert.Contains(announced, c => c.Subject == StatusSubject.Kyc && c.CustomerId == customer.Id && c.ProductId == GbpVirtual);
        }
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<AdminDbContext>>().CreateDbContextAsync())
        {
            var watch = await db.StatusWatches.SingleAsync(w => w.Kind == WatchKind.Kyc && w.EntityId == customer.Id && w.ProductId == GbpVirtual);
            Assert.Equal(WatchOutcome.Active, watch.Outcome);
            Assert.Equal(customer.Id, watch.CustomerId);
        }
        var decision = await WaitForDecisionAsync(artha, customer.Id, GbpVirtual);
        Assert.True(decision.IsApproved, $"expected Approved, got {decision.Status}");
    }

    [Fact]
    public async Task The_audit_of_a_submission_names_customer_product_and_fields_but_no_values()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Operations);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await artha.SubmitKycAsync(customer.Id, GbpVirtual, GbpValues(customer, "Doe"));

        var audit = (await portal.LatestAuditAsync()).First(a => a.Action == "kyc.submit" && a.TargetId == customer.Id);
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
        Assert.Contains("GBP Virtual Prepaid", audit.Detail);
        Assert.Contains(customer.Id, audit.Detail);
        Assert.Contains("addressLine1", audit.Detail);
        Assert.DoesNotContain("1 High Street", audit.Detail);
        Assert.DoesNotContain("1990-06-15", audit.Detail);
    }

    [Fact]
    public async Task A_rejected_application_shows_remarks_keeps_the_submitted_values_and_can_be_resubmitted()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await artha.SubmitKycAsync(customer.Id, GbpVirtual, GbpValues(customer, "Reject"));
        var rejected = await WaitForDecisionAsync(artha, customer.Id, GbpVirtual);

        Assert.True(rejected.IsRejected, $"expected Rejected, got {rejected.Status}");
        Assert.False(string.IsNullOrWhiteSpace(rejected.Remarks));

        // Another member of staff, in another session, days later: the submitted values are still there.
        await using var later = portal.ScopeAs(PortalRoles.Operations);
        var again = later.ServiceProvider.GetRequiredService<ArthaService>();
        var form = await again.GetKycFormAsync(customer.Id, GbpVirtual);
        Assert.True(form.ValuesFromLastSubmission);
        Assert.Equal("Reject", form.Values["lastName"]);
        Assert.Equal("1 High Street", form.Values["addressLine1"]);

        // Stored encrypted: no submitted value is readable in the database row.
        var draft = Assert.Single(await StoredDraftsAsync(customer.Id));
        Assert.DoesNotContain("1 High Street", draft.ProtectedValues);
        Assert.DoesNotContain("Reject", draft.ProtectedValues);
        Assert.Equal("support@artha.local", draft.SubmittedByUserName);

        form.Values["lastName"] = "Doe";
        var resubmitted = await again.SubmitKycAsync(customer.Id, GbpVirtual, form.Values);
        Assert.Equal("pending", resubmitted.Status.ToLowerInvariant());
        Assert.True((await WaitForDecisionAsync(again, customer.Id, GbpVirtual)).IsApproved);
        // Approved: nothing will be resubmitted, so the stored personal data goes when the KYC watch resolves.
        await Artha.Admin.Tests.Cards.CardTestData.WaitUntilAsync(async () => (await StoredDraftsAsync(customer.Id)).Count == 0,
            "the stored KYC values were not dropped after the approval");
    }

    private async Task<List<Artha.Admin.Data.KycSubmissionDraft>> StoredDraftsAsync(string customerId)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Artha.Admin.Data.AdminDbContext>();
        return db.KycSubmissionDrafts.Where(d => d.CustomerId == customerId).ToList();
    }

    [Fact]
    public async Task A_new_form_starts_from_the_profile_with_exactly_the_products_fields()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Admin);

        var form = await scope.ServiceProvider.GetRequiredService<ArthaService>().GetKycFormAsync(customer.Id, UsdBasic);

        Assert.False(form.ValuesFromLastSubmission);
        Assert.Equal(["firstName", "lastName"], form.Fields.Select(f => f.Key));
        Assert.Equal("Jane", form.Values["firstName"]);
    }

    [Fact]
    public async Task A_missing_required_field_is_refused_by_the_portal_on_that_field()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        var values = GbpValues(customer, "Doe");
        values.Remove("mobile");

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.SubmitKycAsync(customer.Id, GbpVirtual, values));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Equal(["mobile"], FormErrors.From(error.FieldErrors).Keys);
    }

    [Fact]
    public async Task Never_submitted_products_show_as_not_submitted_on_the_customer()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var rows = await scope.ServiceProvider.GetRequiredService<ArthaService>().GetCustomerKycAsync(customer.Id);

        Assert.Contains(rows, r => r.ProductId == GbpVirtual);
        Assert.All(rows, r => Assert.True(r.IsNotSubmitted));
    }

    [Fact]
    public async Task Finance_reads_the_status_and_requirement_codes_of_a_product()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Finance);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        var status = await artha.GetApplicantStatusAsync(customer.Id, GbpVirtual);
        var codes = await artha.GetKycRequirementCodesAsync(GbpVirtual);

        Assert.Equal("GBP Virtual Prepaid", status.ProductName);
        Assert.Equal(["FullName", "Comms", "Address"], codes);
    }

    [Fact]
    public async Task An_onboarding_role_uploads_a_document_and_gets_its_link()
    {
        var customer = await NewCustomerAsync();
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        using var content = new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]);

        var uploaded = await scope.ServiceProvider.GetRequiredService<ArthaService>()
            .UploadKycDocumentAsync(customer.Id, "Face photo", "selfie.jpg", content);

        Assert.StartsWith("http", uploaded.Url);
        var audit = (await portal.LatestAuditAsync()).First(a => a.Action == "kyc.upload");
        Assert.Equal(AuditOutcome.Succeeded, audit.Outcome);
        Assert.Contains(customer.Id, audit.Detail);
        Assert.DoesNotContain("selfie.jpg", audit.Detail);
    }

    [Fact]
    public async Task Finance_cannot_upload_a_document_and_the_refusal_is_audited() =>
        await AssertRefusedAndAuditedAsync(PortalRoles.Finance, "kyc.upload",
            artha => artha.UploadKycDocumentAsync("c1", "Face photo", "a.jpg", new MemoryStream([1, 2, 3])));

    [Fact]
    public async Task Finance_cannot_submit_an_application_and_the_refusal_is_audited() =>
        await AssertRefusedAndAuditedAsync(PortalRoles.Finance, "kyc.submit",
            artha => artha.SubmitKycAsync("c1", GbpVirtual, new Dictionary<string, string?>()));

    [Fact]
    public async Task Finance_cannot_open_the_submission_form_and_the_refusal_is_audited() =>
        await AssertRefusedAndAuditedAsync(PortalRoles.Finance, "kyc.form", artha => artha.GetKycFormAsync("c1", GbpVirtual));

    [Fact]
    public async Task A_signed_out_caller_cannot_read_kyc_status_and_the_refusal_is_audited()
    {
        await using var scope = portal.ScopeAsAnonymous();
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetApplicantStatusAsync("c1", GbpVirtual));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetCustomerKycAsync("c1"));
        await Assert.ThrowsAsync<PermissionDeniedException>(() => artha.GetKycRequirementCodesAsync(GbpVirtual));

        var actions = (await portal.LatestAuditAsync(5)).Where(a => a.Outcome == AuditOutcome.Refused).Select(a => a.Action).ToList();
        Assert.Contains("kyc.status", actions);
        Assert.Contains("kyc.requirements", actions);
    }
}

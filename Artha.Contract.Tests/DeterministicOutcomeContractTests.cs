using Artha.Client.Models;
using Artha.Contract.Tests.Infrastructure;

namespace Artha.Contract.Tests;

/// <summary>The sandbox's deterministic outcomes (README "Deterministic outcomes") as a client user sees them.</summary>
public class DeterministicOutcomeContractTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Last_name_Reject_ends_in_Rejected_with_remarks_and_a_rejected_customer()
    {
        var customer = await sandbox.Scenarios.CreateCustomerAsync("Reject");

        var outcome = await sandbox.Scenarios.SubmitAndAwaitKycAsync(customer.Id, Products.GbpVirtual, Scenarios.VirtualKyc(customer));

        Assert.Equal(KycStatus.Rejected, outcome.Final.ApplicantStatus);
        Assert.Contains("could not be verified", outcome.Final.Remarks);
        Assert.Equal(KycStatus.Rejected, (await sandbox.Client.Customers.GetAsync(customer.Id, Ct)).KycState);
    }

    [Fact]
    public async Task Last_name_Review_stays_UnderReview()
    {
        var customer = await sandbox.Scenarios.CreateCustomerAsync("Review");
        var outcome = await sandbox.Scenarios.SubmitAndAwaitKycAsync(customer.Id, Products.GbpVirtual, Scenarios.VirtualKyc(customer));

        // Well past the review delay, it has still not moved on.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var later = await sandbox.Client.Applicants.GetStatusAsync(customer.Id, Products.GbpVirtual, Ct);

        Assert.Equal(KycStatus.UnderReview, outcome.Final.ApplicantStatus);
        Assert.Equal("UnderReview", later.ApplicantStatus.Value);
        Assert.Equal(KycStatus.UnderReview, (await sandbox.Client.Customers.GetAsync(customer.Id, Ct)).KycState);
    }

    [Fact]
    public async Task Email_with_cardfail_makes_issuance_end_in_state_failed_with_a_reason()
    {
        var customer = await sandbox.Scenarios.CreateCustomerAsync(email: $"jane.{Guid.NewGuid():N}+cardfail@example.com");
        var kyc = await sandbox.Scenarios.SubmitAndAwaitKycAsync(customer.Id, Products.GbpVirtual, Scenarios.VirtualKyc(customer));
        Assert.Equal(KycStatus.Approved, kyc.Final.ApplicantStatus);
        var issued = await sandbox.Client.Cards.IssueAsync(new IssueCardRequest { CustomerId = customer.Id, ProductId = Products.GbpVirtual, Currency = "GBP" }, Ct);

        var card = await sandbox.Scenarios.AwaitIssuanceAsync(issued.Id);

        Assert.Equal(CardState.Failed, card.Final.State);
        Assert.Contains("failed", card.Final.FailureReason);
    }

    [Fact]
    public async Task Amount_ending_in_13_is_rejected_and_credited_back_to_the_merchant_balance()
    {
        var (_, card) = await sandbox.Scenarios.ActiveVirtualCardAsync();
        var merchantBefore = await sandbox.Control.MerchantBalanceAsync("GBP");
        var created = await sandbox.Client.Funding.TopUpAsync(card.Id, new TopUpRequest(100.13m, "GBP"), Ct);
        var merchantWhilePending = await sandbox.Control.MerchantBalanceAsync("GBP");

        var outcome = await sandbox.Scenarios.AwaitTopUpAsync(created.TopUpId!);

        Assert.Equal(TopUpStatus.Rejected, outcome.Final.Status);
        Assert.Equal(merchantBefore - 100.13m, merchantWhilePending);
        Assert.Equal(merchantBefore, await sandbox.Control.MerchantBalanceAsync("GBP"));
        Assert.Equal(0m, (await sandbox.Client.Funding.GetBalanceAsync(card.Id, Ct)).AvailableBalance);
    }
}

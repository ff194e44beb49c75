using Artha.Client.Models;
using Artha.Contract.Tests.Infrastructure;

namespace Artha.Contract.Tests;

/// <summary>A sandbox whose asynchronous steps take long enough that the first poll reliably sees them pending.</summary>
public sealed class SlowLifecycleSandboxFixture : SandboxFixture
{
    protected override string LifecycleDelaySeconds => "1.5";
}

/// <summary>The seed document's seven phases, end to end through the real client against the real sandbox.</summary>
public class SeedFlowContractTests(SlowLifecycleSandboxFixture sandbox) : IClassFixture<SlowLifecycleSandboxFixture>
{
    [Theory]
    [InlineData("/api/v1")]
    [InlineData("/ext/api/v1")]
    public async Task Seven_phases_onboard_issue_and_fund_a_card_under_each_path_prefix(string prefix)
    {
        var client = sandbox.CreateClient(new Dictionary<string, string?> { ["Artha:PathPrefix"] = prefix });
        var ct = CancellationToken.None;

        // Phase 1: create customer.
        var customer = await client.Customers.CreateAsync(Scenarios.Individual(), ct);
        Assert.False(string.IsNullOrEmpty(customer.Id));
        Assert.Equal(KycStatus.NotSubmitted, customer.KycState);

        // Phase 2: submit KYC; the application is pending at once.
        var submitted = await client.Applicants.SubmitAsync(customer.Id, Products.GbpVirtual,
            new SubmitApplicantRequest { KycDetails = Scenarios.VirtualKyc(customer) }, ct);
        Assert.NotNull(submitted);
        Assert.Equal(KycStatus.Pending, submitted.ApplicantStatus);

        // Phase 3: poll applicant status until approved, seeing Pending first.
        var kyc = await Poll.UntilAsync(() => client.Applicants.GetStatusAsync(customer.Id, Products.GbpVirtual, ct),
            s => s.ApplicantStatus == KycStatus.Approved, "KYC Approved");
        Assert.Equal(KycStatus.Pending, kyc.Seen[0].ApplicantStatus);
        Assert.Equal("Approved", kyc.Final.ApplicantStatus.Value);

        // Phase 4: issue the card.
        var issued = await client.Cards.IssueAsync(new IssueCardRequest { CustomerId = customer.Id, ProductId = Products.GbpVirtual, Currency = "GBP" }, ct);
        Assert.Equal(CardState.Pending, issued.State);
        Assert.Equal(CardType.Virtual, issued.CardType);

        // Phase 5: poll GET /card/{id} until state active, seeing pending first.
        var card = await Poll.UntilAsync(() => client.Cards.GetAsync(issued.Id, ct), c => c.State == CardState.Active, "card state active");
        Assert.Equal(CardState.Pending, card.Seen[0].State);
        Assert.Equal(CardStatus.Active, card.Final.Status);
        Assert.Equal(0m, card.Final.Balance);

        // Phase 6: top up; the transaction id is the top-up id and the top-up is pending on creation.
        var topUp = await client.Funding.TopUpAsync(issued.Id, new TopUpRequest(250.50m, "GBP"), ct);
        Assert.Equal(TopUpStatus.Pending, topUp.Status);
        Assert.Equal(topUp.TransactionId, topUp.TopUpId);
        Assert.Equal(250.50m, topUp.Amount);

        // Phase 7: poll top-up status until approved, seeing pending first.
        var status = await Poll.UntilAsync(() => client.Funding.GetTopUpStatusAsync(topUp.TopUpId!, ct),
            t => t.Status == TopUpStatus.Approved, "top-up approved");
        Assert.Equal(TopUpStatus.Pending, status.Seen[0].Status);
        Assert.Equal(issued.Id, status.Final.CardId);

        // The balance reflects the top-up and the card's transactions include it.
        var balance = await client.Funding.GetBalanceAsync(issued.Id, ct);
        Assert.Equal(250.50m, balance.AvailableBalance);
        Assert.Equal(250.50m, balance.TotalBalance);
        Assert.Equal("GBP", balance.Currency);
        var transactions = await client.Transactions.ListByCardAsync(issued.Id, null, ct);
        var topUpTransaction = Assert.Single(transactions.Items, t => t.TransactionId == topUp.TopUpId);
        Assert.Equal(TransactionType.TopUp, topUpTransaction.Type);
        Assert.Equal(250.50m, topUpTransaction.AuthorizedAmount);
    }
}

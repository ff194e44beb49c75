using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.Features.TopUps;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Transactions;

public class TransactionServiceTests(TopUpHistoryTests.SeededPortal portal) : IClassFixture<TopUpHistoryTests.SeededPortal>
{
    private static ArthaService Service(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Every_role_lists_the_programmes_transactions_newest_first(string role)
    {
        await using var scope = portal.ScopeAs(role);

        var page = await Service(scope).ListTransactionsAsync(new TransactionFilter(), 0, 20);

        Assert.True(page.Total >= 12, $"6 cards with 2 seeded transactions each; Artha reports {page.Total}.");
        var times = page.Items.Select(t => t.AuthorizedAt).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public async Task A_signed_out_caller_is_refused_transactions()
    {
        await using var scope = portal.ScopeAsAnonymous();

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).ListTransactionsAsync(new TransactionFilter(), 0, 20));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "transaction.list").Outcome);
    }

    [Fact]
    public async Task The_card_list_holds_only_that_cards_transactions()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);

        var page = await Service(scope).ListCardTransactionsAsync(portal.Card.Id, new TransactionFilter(), 0, 50);

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, t => Assert.Equal(portal.Card.Id, t.CardId));
    }

    [Fact]
    public async Task The_customer_list_holds_only_that_customers_transactions()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);

        var page = await Service(scope).ListCustomerTransactionsAsync(portal.Card.CustomerId!, new TransactionFilter(), 0, 50);

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, t => Assert.Equal(portal.Card.CustomerId, t.CustomerId));
    }

    [Fact]
    public async Task A_card_and_its_customer_together_list_the_cards_transactions_with_a_matching_total()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = Service(scope);
        var cardOnly = await artha.ListTransactionsAsync(new TransactionFilter { CardId = portal.Card.Id }, 0, 50);

        var both = await artha.ListTransactionsAsync(new TransactionFilter { CardId = portal.Card.Id, CustomerId = portal.Card.CustomerId }, 0, 50);
        var mismatch = await artha.ListTransactionsAsync(new TransactionFilter { CardId = portal.Card.Id, CustomerId = "someone-else" }, 0, 50);

        Assert.NotEmpty(both.Items);
        Assert.Equal(cardOnly.Items.Select(t => t.Id), both.Items.Select(t => t.Id));
        Assert.Equal(cardOnly.Total, both.Total);
        Assert.Empty(mismatch.Items);
        Assert.Equal(0, mismatch.Total);
    }

    [Fact]
    public async Task The_type_and_amount_filters_narrow_the_list()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);

        var page = await Service(scope).ListTransactionsAsync(new TransactionFilter { Type = "top_up", MinAmount = 150m, MaxAmount = 150m }, 0, 50);

        Assert.Equal(6, page.Total);
        Assert.All(page.Items, t => Assert.Equal(("top_up", 150m), (t.Type, t.Amount)));
    }

    [Fact]
    public async Task A_transaction_is_read_by_id()
    {
        await using var scope = portal.ScopeAs(PortalRoles.Support);
        var artha = Service(scope);
        var listed = (await artha.ListCardTransactionsAsync(portal.Card.Id, new TransactionFilter(), 0, 1)).Items[0];

        var transaction = await artha.GetTransactionAsync(listed.Id);

        Assert.Equal((listed.Amount, listed.Currency, listed.Status, listed.CardId), (transaction.Amount, transaction.Currency, transaction.Status, transaction.CardId));
    }

    [Theory]
    [InlineData(PortalRoles.Finance)]
    [InlineData(PortalRoles.Admin)]
    public async Task Finance_and_admin_export_transactions_with_two_decimal_amounts(string role)
    {
        await using var scope = portal.ScopeAs(role);
        var filter = new TransactionFilter { CardId = portal.Card.Id, Type = "top_up", MinAmount = 150m };

        var export = await Service(scope).ExportTransactionsCsvAsync(filter);

        var lines = MoneyTestData.CsvLines(export.Content);
        Assert.StartsWith("Transaction id,Authorized (UTC),Type,Sub-type,Status,Amount,Currency,", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains($",top_up,merchant_funding,settled,150.00,{portal.Card.Currency},", lines[1]);
        Assert.Equal(AuditOutcome.Succeeded, (await portal.LatestAuditAsync()).First(a => a.Action == "transaction.export").Outcome);
    }

    [Fact]
    public async Task A_merchant_name_that_looks_like_a_formula_is_exported_as_text()
    {
        await portal.PurchaseAsync(portal.Card.Id, 1.25m, portal.Card.Currency!, merchantName: "=HYPERLINK(\"http://evil.example\",\"x\")");
        await using var scope = portal.ScopeAs(PortalRoles.Finance);

        var export = await Service(scope).ExportTransactionsCsvAsync(new TransactionFilter { CardId = portal.Card.Id, Merchant = "HYPERLINK" });

        var row = Assert.Single(MoneyTestData.CsvLines(export.Content).Skip(1));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"", row);
        Assert.Contains(",1.25,", row);
    }

    [Theory]
    [InlineData(PortalRoles.Support)]
    [InlineData(PortalRoles.Operations)]
    public async Task Support_and_operations_are_refused_the_transaction_export(string role)
    {
        await using var scope = portal.ScopeAs(role);

        await Assert.ThrowsAsync<PermissionDeniedException>(() => Service(scope).ExportTransactionsCsvAsync(new TransactionFilter()));

        Assert.Equal(AuditOutcome.Refused, (await portal.LatestAuditAsync()).First(a => a.Action == "transaction.export").Outcome);
    }
}

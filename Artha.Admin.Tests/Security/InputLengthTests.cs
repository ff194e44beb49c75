using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Security;

/// <summary>
/// Server-side maximum lengths of what the portal sends to Artha (shipping addresses on issue and replace, activation code,
/// search texts): refused before Artha with a message naming the field and how long it was.
/// </summary>
public class InputLengthTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = portal.ScopeAs(role);
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    [Fact]
    public async Task A_200000_character_shipping_address_is_refused_when_a_physical_card_is_issued()
    {
        var customerId = await portal.CreateCustomerAsync();
        var address = CardTestData.Address();
        address.AddressLine1 = new string('x', 200_000);
        address.State = new string('s', 61);

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            AsAsync(PortalRoles.Support, a => a.IssueCardAsync(new CardIssueRequest(customerId, CardTestData.PhysicalProductId, address))));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Contains("shorten the highlighted fields", error.Message);
        Assert.Equal(["Use at most 100 characters (this has 200,000)."], error.FieldErrors["shippingAddress.addressLine1"]);
        Assert.Equal(["Use at most 60 characters (this has 61)."], error.FieldErrors["shippingAddress.state"]);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "card.issue" && a.TargetId == customerId);
        Assert.Empty((await AsAsync(PortalRoles.Support, a => a.ListCardsAsync(new CardListFilter(CustomerId: customerId), 0, 5))).Items);
    }

    [Fact]
    public async Task An_over_long_activation_code_and_replacement_address_are_refused_before_Artha()
    {
        var customerId = await portal.CreateCustomerAsync();
        await portal.ApproveKycAsync(customerId, CardTestData.PhysicalProductId);
        var card = await portal.IssueActiveCardAsync(customerId, CardTestData.PhysicalProductId, CardTestData.Address(), PortalRoles.Operations);

        var code = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            AsAsync(PortalRoles.Support, a => a.ActivateCardAsync(card.Id, new string('7', 65))));
        Assert.Equal(ArthaFailureKind.Validation, code.Kind);
        Assert.Contains("activation code is too long: use at most 64 characters (it has 65)", code.Message);
        Assert.Equal(["Use at most 64 characters (this has 65)."], code.FieldErrors["activationCode"]);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "card.activate" && a.TargetId == card.Id);

        await AsAsync(PortalRoles.Support, a => a.ActivateCardAsync(card.Id, card.Last4));
        var address = CardTestData.Address();
        address.AddressLine2 = new string('y', 101);
        address.PostalCode = new string('1', 17);
        var replace = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            AsAsync(PortalRoles.Operations, a => a.ReplaceCardAsync(card.Id, "Damaged in the post", address)));
        Assert.Equal(ArthaFailureKind.Validation, replace.Kind);
        Assert.Equal(["Use at most 100 characters (this has 101)."], replace.FieldErrors["shippingAddress.addressLine2"]);
        Assert.Equal(["Use at most 16 characters (this has 17)."], replace.FieldErrors["shippingAddress.postalCode"]);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "card.replace" && a.TargetId == card.Id);
        Assert.Equal("active", (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(card.Id))).Status, ignoreCase: true);
    }

    [Fact]
    public async Task A_document_with_a_file_name_over_255_characters_is_refused_before_Artha()
    {
        var name = new string('n', 252) + ".pdf";
        using var pdf = new MemoryStream("%PDF-1.7\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            AsAsync(PortalRoles.Support, a => a.UploadKycDocumentAsync("cus_length_test", "Passport (front)", name, pdf)));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Contains("file name is too long: use at most 255 characters (it has 256). Rename the file", error.Message);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "kyc.upload" && a.TargetId == "cus_length_test");
    }

    [Fact]
    public async Task Search_texts_longer_than_200_characters_are_refused_and_200_are_searched()
    {
        var tooLong = new string('q', 201);
        var searches = new (string Field, Func<ArthaService, Task> Call)[]
        {
            ("search", a => a.ListCustomersAsync(new CustomerFilter(Search: tooLong), 0, 10)),
            ("search", a => a.FindCardholdersAsync(tooLong)),
            ("search", a => a.FindCustomerOptionsAsync(tooLong)),
            ("merchant", a => a.ListTransactionsAsync(new TransactionFilter { Merchant = tooLong }, 0, 10)),
        };
        foreach (var (field, call) in searches)
        {
            var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Support, async a => { await call(a); return 0; }));
            Assert.Equal(ArthaFailureKind.Validation, error.Kind);
            Assert.Contains("too long: use at most 200 characters (it has 201)", error.Message);
            Assert.Equal(["Use at most 200 characters (this has 201)."], error.FieldErrors[field]);
        }

        var longest = new string('q', 200);
        Assert.Empty((await AsAsync(PortalRoles.Support, a => a.ListCustomersAsync(new CustomerFilter(Search: longest), 0, 10))).Items);
        Assert.Empty((await AsAsync(PortalRoles.Support, a => a.ListTransactionsAsync(new TransactionFilter { Merchant = longest }, 0, 10))).Items);
    }
}

using Artha.Admin.Features.Customers;
using Artha.Admin.Features.Customers.Rules;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Customers;

/// <summary>Customer notes: the rules, the service (roles, masking, pinning, edit history, concurrent edits), and the panel.</summary>
public class CustomerNotesTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = Portal.ScopeAs(role);
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    /// <summary>The input itself, whether MudBlazor put the id/class on it or on its wrapper.</summary>
    private static AngleSharp.Dom.IElement Field(IRenderedComponent<CustomerNotesPanel> panel, string selector, string tag)
    {
        var element = panel.Find(selector);
        return element.TagName.Equals(tag, StringComparison.OrdinalIgnoreCase) ? element : element.QuerySelector(tag)!;
    }

    private static string NewCustomerId() => "cus_notes_" + Guid.NewGuid().ToString("N");

    [Theory]
    [InlineData("Card 4111 1111 1111 1111 was lost", "Card •••• 1111 was lost")]
    [InlineData("pan 4111-1111-1111-1111!", "pan •••• 1111!")]
    [InlineData("5500000000000004 and 378282246310005", "•••• 0004 and •••• 0005")]
    [InlineData("  Called on 2026-12-03, ref 123456  ", "Called on 2026-12-03, ref 123456")]
    public void Card_numbers_are_masked_to_their_last_four_digits_and_other_numbers_stay(string typed, string saved) =>
        Assert.Equal(saved, CustomerNoteRules.Clean(typed));

    [Fact]
    public void An_empty_or_too_long_note_is_refused_with_what_to_do()
    {
        Assert.Contains("empty", CustomerNoteRules.Problem("   "));
        Assert.Contains("at most 2,000", CustomerNoteRules.Problem(new string('x', 2001)));
        Assert.Null(CustomerNoteRules.Problem(new string('x', 2000)));
    }

    [Fact]
    public async Task Notes_list_pinned_first_then_newest_and_an_edit_keeps_the_earlier_text_and_is_audited_without_it()
    {
        var customerId = NewCustomerId();
        var first = await AsAsync(PortalRoles.Support, a => a.AddCustomerNoteAsync(customerId, "Asked about the card fee."));
        await AsAsync(PortalRoles.Support, a => a.AddCustomerNoteAsync(customerId, "Prefers e-mail."));
        await AsAsync(PortalRoles.Operations, a => a.AddCustomerNoteAsync(customerId, "Fraud case 77: card 4111 1111 1111 1111 frozen.", pinned: true));

        var notes = await AsAsync(PortalRoles.Finance, a => a.CustomerNotesAsync(customerId));
        Assert.Equal(["Fraud case 77: card •••• 1111 frozen.", "Prefers e-mail.", "Asked about the card fee."], notes.Select(n => n.Text));
        Assert.True(notes[0].IsPinned);
        Assert.Equal("operations@artha.local", notes[0].Author);

        var edited = await AsAsync(PortalRoles.Operations, a => a.EditCustomerNoteAsync(first.Id, first.ConcurrencyStamp, "Asked about the monthly card fee.", pinned: false));
        Assert.Equal(2, edited.Version);
        Assert.Equal("operations@artha.local", edited.EditedBy);
        var history = Assert.Single(edited.History);
        Assert.Equal((1, "Asked about the card fee.", "support@artha.local"), (history.Version, history.Text, history.WrittenBy));

        // A second edit from the same (now stale) copy is refused instead of overwriting.
        var stale = await Assert.ThrowsAsync<ArthaOperationException>(() =>
            AsAsync(PortalRoles.Support, a => a.EditCustomerNoteAsync(first.Id, first.ConcurrencyStamp, "Overwrite", pinned: false)));
        Assert.Equal(ArthaFailureKind.Conflict, stale.Kind);

        var audit = (await Portal.LatestAuditAsync(30)).Where(a => a.TargetId == customerId).ToList();
        Assert.Equal(3, audit.Count(a => a.Action == "customer.note.add"));
        Assert.Single(audit, a => a.Action == "customer.note.edit");
        Assert.All(audit, a => Assert.DoesNotContain("fee", a.Detail ?? ""));
        Assert.All(audit, a => Assert.DoesNotContain("4111", a.Detail ?? ""));
    }

    [Fact]
    public async Task Finance_reads_notes_but_may_not_write_them()
    {
        var customerId = NewCustomerId();
        await Assert.ThrowsAsync<PermissionDeniedException>(() => AsAsync(PortalRoles.Finance, a => a.AddCustomerNoteAsync(customerId, "Not allowed")));
        Assert.Empty(await AsAsync(PortalRoles.Finance, a => a.CustomerNotesAsync(customerId)));
    }

    [Fact]
    public async Task The_panel_adds_a_note_with_the_card_number_masked_edits_it_and_shows_its_history_and_the_card_page_shows_pinned_ones()
    {
        var customerId = NewCustomerId();
        SignInAs(PortalRoles.Support);
        var panel = RenderWithProviders<CustomerNotesPanel>(p => p.Add(x => x.CustomerId, customerId));
        panel.WaitForAssertion(() => Assert.Contains("No notes on this customer yet.", panel.Markup), TimeSpan.FromSeconds(30));

        panel.Find("#note-new-text").Change("Customer read out 4111 1111 1111 1111 on the phone; told them never to.");
        Field(panel, "#note-new-pinned", "input").Change(true);
        panel.Find("#note-add").Click();

        panel.WaitForAssertion(() => Assert.Single(panel.FindAll(".note")), TimeSpan.FromSeconds(30));
        Assert.Contains("•••• 1111", panel.Find(".note .note-text").TextContent);
        Assert.DoesNotContain("4111 1111", panel.Markup);
        Assert.NotEmpty(panel.FindAll(".note-pinned"));

        panel.Find(".note-edit").Click();
        Field(panel, ".note-edit-text", "textarea").Change("Customer read out their card number; told them never to.");
        panel.Find(".note-save").Click();
        panel.WaitForAssertion(() => Assert.Contains("version 2", panel.Find(".note .note-meta").TextContent), TimeSpan.FromSeconds(30));
        Assert.Contains("•••• 1111", panel.Find(".note-history").TextContent);

        var pinned = RenderWithProviders<CustomerNotesPanel>(p => p.Add(x => x.CustomerId, customerId).Add(x => x.PinnedOnly, true));
        pinned.WaitForAssertion(() => Assert.Single(pinned.FindAll(".note")), TimeSpan.FromSeconds(30));
        Assert.Empty(pinned.FindAll(".note-edit"));
        Assert.Empty(pinned.FindAll("#note-new-text"));
        Assert.Equal($"customers/{customerId}?tab=notes", pinned.Find("#all-customer-notes").GetAttribute("href"));
    }

    [Fact]
    public async Task An_empty_note_is_refused_in_the_form_and_nothing_is_saved()
    {
        var customerId = NewCustomerId();
        SignInAs(PortalRoles.Operations);
        var panel = RenderWithProviders<CustomerNotesPanel>(p => p.Add(x => x.CustomerId, customerId));
        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("#note-add")), TimeSpan.FromSeconds(30));

        panel.Find("#note-add").Click();

        panel.WaitForAssertion(() => Assert.Contains("empty", panel.Markup), TimeSpan.FromSeconds(30));
        Assert.Empty(await AsAsync(PortalRoles.Support, a => a.CustomerNotesAsync(customerId)));
    }
}

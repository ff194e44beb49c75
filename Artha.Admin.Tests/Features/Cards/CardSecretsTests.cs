using Artha.Admin.Auditing;
using Artha.Admin.Data;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>PINs and full card details never reach the audit trail, messages or ToString.</summary>
public class CardSecretsTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = portal.ScopeAs(role).SteppedUp();
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    /// <summary>Every audit row, every text column, for "this value appears nowhere" checks.</summary>
    private async Task<IReadOnlyList<string>> AllAuditTextAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AdminDbContext>();
        return (await db.AuditEntries.AsNoTracking().ToListAsync())
            .Select(a => string.Join("|", a.Action, a.TargetType, a.TargetId, a.Detail, a.ArthaRequestId, a.UserName, a.Roles))
            .ToList();
    }

    [Fact]
    public async Task Pins_that_do_not_match_are_refused_without_echoing_either_pin()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Support, a => a.SetCardPinAsync(cardId, "271828", "271829")));

        Assert.Equal(ArthaFailureKind.Validation, error.Kind);
        Assert.Contains("pinConfirmation", error.FieldErrors.Keys);
        Assert.DoesNotContain("27182", error.Describe());
        Assert.All(await AllAuditTextAsync(), row => Assert.DoesNotContain("27182", row));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("1234567")]
    [InlineData("12a4")]
    public async Task A_pin_that_is_not_4_to_6_digits_is_refused(string pin)
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Support, a => a.SetCardPinAsync(cardId, pin, pin)));

        Assert.Contains("pin", error.FieldErrors.Keys);
        Assert.DoesNotContain(pin, error.Message);
    }

    [Fact]
    public async Task Setting_a_pin_is_audited_as_PIN_set_and_the_pin_appears_in_no_audit_row()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var outcome = await AsAsync(PortalRoles.Support, a => a.SetCardPinAsync(cardId, "583916", "583916"));

        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.pin.set" && a.TargetId == cardId);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Equal("PIN set", row.Detail);
        Assert.DoesNotContain("583916", outcome.ToString());
        Assert.All(await AllAuditTextAsync(), text => Assert.DoesNotContain("583916", text));
    }

    [Fact]
    public async Task Revealing_needs_a_reason()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var error = await Assert.ThrowsAsync<ArthaOperationException>(() => AsAsync(PortalRoles.Operations, a => a.RevealCardDetailsAsync(cardId, " ")));

        Assert.Contains("reason", error.FieldErrors.Keys);
        Assert.DoesNotContain(await portal.LatestAuditAsync(), a => a.Action == "card.reveal" && a.TargetId == cardId);
    }

    [Fact]
    public async Task A_reveal_is_audited_with_its_reason_and_the_card_number_and_cvv_appear_in_no_audit_row()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var details = await AsAsync(PortalRoles.Operations, a => a.RevealCardDetailsAsync(cardId, "customer asked on a verified call"));

        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.reveal" && a.TargetId == cardId);
        Assert.Equal(AuditOutcome.Succeeded, row.Outcome);
        Assert.Contains("sensitive details revealed", row.Detail);
        Assert.Contains("customer asked on a verified call", row.Detail);
        Assert.DoesNotContain(details.Cvv!, row.Detail);
        Assert.All(await AllAuditTextAsync(), text => Assert.DoesNotContain(details.CardNumber!, text));
    }

    [Fact]
    public async Task A_card_number_typed_into_a_reason_is_removed_before_the_audit()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        await AsAsync(PortalRoles.Operations, a => a.RevealCardDetailsAsync(cardId, "caller quoted 4111 1111 1111 1111"));

        var row = (await portal.LatestAuditAsync()).First(a => a.Action == "card.reveal" && a.TargetId == cardId);
        Assert.DoesNotContain("4111 1111 1111 1111", row.Detail);
        Assert.Contains("[number removed]", row.Detail);
    }

    [Fact]
    public async Task Revealed_details_print_redacted()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();

        var details = await AsAsync(PortalRoles.Operations, a => a.RevealCardDetailsAsync(cardId, "customer request"));

        // The card id is printed; take it out so a CVV that happens to occur in the GUID cannot fail the test.
        var printed = details.ToString().Replace(details.CardId, "");
        Assert.DoesNotContain(details.CardNumber!, printed);
        Assert.DoesNotContain(details.Cvv!, printed);
        Assert.DoesNotContain(details.Expiry!, printed);
    }
}

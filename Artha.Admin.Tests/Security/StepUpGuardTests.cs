using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Data;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Features.TopUps;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Security;

/// <summary>
/// Issue 13 item 3, enforced in the services: each step-up action is refused without a re-authentication in the last
/// five minutes (StepUpRequiredException, audited as Refused, nothing done) and performed with one.
/// </summary>
public class StepUpGuardTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string NoStepUp = "no recent step-up (password or authenticator code)";

    private static ArthaService Artha(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<ArthaService>();

    private static UserAdministration Administration(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<UserAdministration>();

    private async Task AssertRefusedAsync(string action, string targetId, Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<StepUpRequiredException>(call);
        Assert.Contains("Confirm it is you", refused.Message);
        var row = (await portal.LatestAuditAsync(50)).First(a => a.Action == action && a.TargetId == targetId);
        Assert.Equal((AuditOutcome.Refused, NoStepUp), (row.Outcome, row.Detail));
    }

    [Fact]
    public async Task Revealing_card_details_needs_a_step_up()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using (var operations = portal.ScopeAs(PortalRoles.Operations))
        {
            await AssertRefusedAsync("card.reveal", cardId, () => Artha(operations).RevealCardDetailsAsync(cardId, "customer request on a verified call"));
        }
        Assert.DoesNotContain(await portal.LatestAuditAsync(50), a => a.Action == "card.reveal" && a.TargetId == cardId && a.Outcome == AuditOutcome.Succeeded);

        await using var steppedUp = portal.ScopeAs(PortalRoles.Operations).SteppedUp();
        var details = await Artha(steppedUp).RevealCardDetailsAsync(cardId, "customer request on a verified call");
        Assert.False(string.IsNullOrEmpty(details.CardNumber));
    }

    [Fact]
    public async Task Cancelling_a_card_needs_a_step_up()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using (var operations = portal.ScopeAs(PortalRoles.Operations))
        {
            await AssertRefusedAsync("card.cancel", cardId, () => Artha(operations).CancelCardAsync(cardId, "customer reported it stolen"));
            Assert.Equal("active", (await Artha(operations).GetCardAsync(cardId)).Status);
        }

        await using var steppedUp = portal.ScopeAs(PortalRoles.Operations).SteppedUp();
        Assert.Equal("cancelled", (await Artha(steppedUp).CancelCardAsync(cardId, "customer reported it stolen")).Status);
    }

    [Fact]
    public async Task A_top_up_above_the_step_up_amount_needs_a_step_up_and_one_at_or_below_it_does_not()
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        await using var finance = portal.ScopeAs(PortalRoles.Finance);
        var form = await Artha(finance).PrepareTopUpAsync(cardId);
        Assert.False(Artha(finance).TopUpNeedsStepUp(1000m));
        Assert.True(Artha(finance).TopUpNeedsStepUp(1000.01m));
        var before = await portal.SandboxTopUpCountAsync(cardId);

        await AssertRefusedAsync("topup.create", cardId, () => Artha(finance).TopUpAsync(form.IdempotencyKey, cardId, 1000.01m, form.Currency));
        Assert.Equal(before, await portal.SandboxTopUpCountAsync(cardId));
        Assert.Empty(await portal.IntentsAsync(i => i.IdempotencyKey == form.IdempotencyKey));

        // At the threshold: no step-up asked.
        var small = await Artha(finance).TopUpAsync(form.IdempotencyKey, cardId, 1000m, form.Currency);
        Assert.NotEqual(TopUpIntentState.Refused, small.State);

        await using var steppedUp = portal.ScopeAs(PortalRoles.Finance).SteppedUp();
        var large = await Artha(steppedUp).TopUpAsync(ArthaService.NewIdempotencyKey(), cardId, 1500m, form.Currency);
        Assert.NotEqual(TopUpIntentState.Refused, large.State);
        Assert.Equal(before + 2, await portal.SandboxTopUpCountAsync(cardId));
    }

    public static TheoryData<string> UserActions => new(["user.create", "user.roles", "user.disable", "user.enable", "user.reset-password", "user.mfa.reset"]);

    [Theory]
    [MemberData(nameof(UserActions))]
    public async Task Every_user_administration_change_needs_a_step_up(string action)
    {
        var email = $"stepup-{Guid.NewGuid():N}@artha.local";
        var id = await portal.CreateUserAsync(email, "Target!Password-2026", PortalRoles.Support);
        var before = await portal.FindUserAsync(email);
        Func<UserAdministration, Task<UserChangeResult>> change = action switch
        {
            "user.create" => a => a.CreateAsync($"new-{email}", null, [PortalRoles.Support], "Str0ng!Password-1"),
            "user.roles" => a => a.SetRolesAsync(id, [PortalRoles.Finance]),
            "user.disable" => a => a.SetDisabledAsync(id, true),
            "user.enable" => a => a.SetDisabledAsync(id, false),
            "user.reset-password" => a => a.ResetPasswordAsync(id),
            _ => a => a.ResetMfaAsync(id),
        };

        await using (var admin = portal.ScopeAs(PortalRoles.Admin))
        {
            await AssertRefusedAsync(action, action == "user.create" ? $"new-{email}" : id, () => change(Administration(admin)));
        }
        var unchanged = await portal.FindUserAsync(email);
        Assert.Equal((before.SecurityStamp, before.IsDisabled, before.PasswordHash), (unchanged.SecurityStamp, unchanged.IsDisabled, unchanged.PasswordHash));
        Assert.Null(await portal.FindUserAsync($"new-{email}"));

        await using var steppedUp = portal.ScopeAs(PortalRoles.Admin).SteppedUp();
        var done = await change(Administration(steppedUp));
        Assert.True(done.Succeeded, string.Join(" ", done.Errors));
    }

    [Fact]
    public async Task Signing_a_user_out_everywhere_only_takes_access_away_and_needs_no_step_up()
    {
        var email = $"stepup-{Guid.NewGuid():N}@artha.local";
        var id = await portal.CreateUserAsync(email, "Target!Password-2026", PortalRoles.Support);
        await using var admin = portal.ScopeAs(PortalRoles.Admin);
        Assert.True((await Administration(admin).SignOutEverywhereAsync(id)).Succeeded);
    }
}

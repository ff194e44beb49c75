using Artha.Admin.Auditing;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>
/// The rows "Freeze, unfreeze, cancel, replace, change limits" and "Reveal sensitive card details" of the role table,
/// every cell, at the service level: an allowed role's call takes effect at Artha and is audited as succeeded; a refused
/// role gets PermissionDeniedException, a Refused audit row naming it and the card, and the card is left as it was.
/// </summary>
public class CardControlRoleTableTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private const string Freeze = "card.freeze";
    private const string Unfreeze = "card.unfreeze";
    private const string Cancel = "card.cancel";
    private const string Replace = "card.replace";
    private const string ChangeLimits = "card.limits.update";
    private const string Reveal = "card.reveal";

    private static readonly Dictionary<string, Func<ArthaService, string, Task<object>>> Calls = new()
    {
        [Freeze] = async (a, card) => await a.FreezeCardAsync(card),
        [Unfreeze] = async (a, card) => await a.UnfreezeCardAsync(card),
        [Cancel] = async (a, card) => await a.CancelCardAsync(card, "customer request"),
        [Replace] = async (a, card) => await a.ReplaceCardAsync(card, "damaged", null),
        [ChangeLimits] = async (a, card) => await a.UpdateCardLimitsAsync(card, new CardLimitsUpdate { DailyLimit = LimitChange.Set(321m) }),
        [Reveal] = async (a, card) => await a.RevealCardDetailsAsync(card, "customer request on a verified call"),
    };

    public static TheoryData<string, string, bool> RoleTable()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var action in new[] { Freeze, Unfreeze, Cancel, Replace, ChangeLimits, Reveal })
        {
            data.Add(PortalRoles.Support, action, false);
            data.Add(PortalRoles.Operations, action, true);
            data.Add(PortalRoles.Finance, action, false);
            data.Add(PortalRoles.Admin, action, true);
        }
        return data;
    }

    private async Task<T> AsAsync<T>(string role, Func<ArthaService, Task<T>> call)
    {
        await using var scope = portal.ScopeAs(role).SteppedUp();
        return await call(scope.ServiceProvider.GetRequiredService<ArthaService>());
    }

    [Theory]
    [MemberData(nameof(RoleTable))]
    public async Task Each_role_is_allowed_or_refused_each_card_control_as_the_role_table_says(string role, string action, bool allowed)
    {
        var (_, cardId) = await portal.SeedActiveCardAsync();
        if (action == Unfreeze)
        {
            await AsAsync(PortalRoles.Operations, a => a.FreezeCardAsync(cardId));
        }
        var before = await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId));
        var limitsBefore = await AsAsync(PortalRoles.Support, a => a.GetCardLimitsAsync(cardId));

        if (!allowed)
        {
            await using (var scope = portal.ScopeAs(role))
            {
                var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
                await Assert.ThrowsAsync<PermissionDeniedException>(() => Calls[action](artha, cardId));
            }
            var refusal = (await portal.LatestAuditAsync()).First(a => a.Action == action);
            Assert.Equal(AuditOutcome.Refused, refusal.Outcome);
            Assert.Equal($"{role.ToLowerInvariant()}@artha.local", refusal.UserName);
            Assert.Equal(("card", cardId), (refusal.TargetType, refusal.TargetId));
            var after = await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId));
            Assert.Equal((before.Status, before.State), (after.Status, after.State));
            Assert.Equal(limitsBefore.DailyLimit, (await AsAsync(PortalRoles.Support, a => a.GetCardLimitsAsync(cardId))).DailyLimit);
            return;
        }

        var result = await AsAsync(role, a => Calls[action](a, cardId));

        switch (result)
        {
            case CardOperationOutcome outcome when action == Replace:
                Assert.Equal("cancelled", outcome.Status);
                Assert.NotNull(outcome.NewCardId);
                Assert.NotEqual(cardId, outcome.NewCardId);
                break;
            case CardOperationOutcome outcome:
                var expected = action switch { Freeze => "frozen", Unfreeze => "active", Cancel => "cancelled", _ => throw new InvalidOperationException(action) };
                Assert.Equal(expected, outcome.Status);
                Assert.Equal(expected, (await AsAsync(PortalRoles.Support, a => a.GetCardAsync(cardId))).Status);
                break;
            case CardLimitsView limits:
                Assert.Equal(321m, limits.DailyLimit);
                Assert.Equal(321m, (await AsAsync(PortalRoles.Support, a => a.GetCardLimitsAsync(cardId))).DailyLimit);
                break;
            case RevealedCardDetails details:
                Assert.Matches(@"^\d{16}$", details.CardNumber);
                Assert.EndsWith(before.Last4!, details.CardNumber);
                Assert.Matches(@"^\d{3}$", details.Cvv);
                break;
            default:
                throw new InvalidOperationException($"Unexpected result {result.GetType().Name} for {action}.");
        }
        var row = (await portal.LatestAuditAsync()).First(a => a.Action == action);
        Assert.Equal((AuditOutcome.Succeeded, $"{role.ToLowerInvariant()}@artha.local", cardId), (row.Outcome, row.UserName, row.TargetId));
    }
}

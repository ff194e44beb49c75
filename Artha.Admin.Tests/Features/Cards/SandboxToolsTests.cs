using Artha.Admin.Features.Cards;
using Artha.Admin.Security;
using Artha.Admin.Services;
using Artha.Admin.Tests.Cards;
using Artha.Admin.Tests.Infrastructure;
using Artha.Admin.Tests.LiveStatus;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace Artha.Admin.Tests.Features.Cards;

/// <summary>The card page's sandbox tools against the embedded sandbox (Sandbox mode, the test default).</summary>
public class SandboxToolsTests(PortalFactory portal) : PortalPageTestBase(portal), IClassFixture<PortalFactory>
{
    private async Task<IReadOnlyList<TransactionView>> TransactionsAsync(string cardId)
    {
        await using var scope = Portal.ScopeAs(PortalRoles.Support);
        return (await scope.ServiceProvider.GetRequiredService<ArthaService>().ListCardTransactionsAsync(cardId, new TransactionFilter(), 0, 50)).Items;
    }

    [Fact]
    public async Task Staff_simulate_a_purchase_settle_and_refund_it_a_decline_and_a_fee_and_each_lands_on_the_card()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        SignInAs(PortalRoles.Support);
        var panel = RenderWithProviders<SandboxToolsPanel>(p => p.Add(x => x.CardId, cardId));
        Assert.Contains("Sandbox only", panel.Find("#sandbox-tools-badge").TextContent);

        panel.Find("#sandbox-amount").Change("7.40");
        panel.Find("#sandbox-merchant").Change("Training Bakery");
        panel.Find("#sandbox-purchase").Click();
        panel.WaitForAssertion(() => Assert.Contains("authorized", panel.Find("#sandbox-result").TextContent), TimeSpan.FromSeconds(30));
        var purchase = Assert.Single(await TransactionsAsync(cardId), t => t.MerchantName == "Training Bakery");
        Assert.Equal(7.40m, purchase.Amount);

        panel.Find("#sandbox-settle").Click();
        panel.WaitForAssertion(() => Assert.Contains("settled", panel.Find("#sandbox-result").TextContent), TimeSpan.FromSeconds(30));
        panel.Find("#sandbox-refund").Click();
        panel.WaitForAssertion(() => Assert.Contains("refund", panel.Find("#sandbox-result").TextContent), TimeSpan.FromSeconds(30));

        panel.Find("#sandbox-decline").Click();
        panel.WaitForAssertion(() => Assert.Contains("declined", panel.Find("#sandbox-result").TextContent), TimeSpan.FromSeconds(30));

        panel.Find("#sandbox-fee-amount").Change("2.25");
        panel.Find("#sandbox-fee").Click();
        panel.WaitForAssertion(() => Assert.Contains("fee", panel.Find("#sandbox-result").TextContent), TimeSpan.FromSeconds(30));

        var after = await TransactionsAsync(cardId);
        Assert.Equal("settled", after.Single(t => t.Id == purchase.Id).Status);
        Assert.Contains(after, t => t.Type == "refund" && t.OriginalTransactionId == purchase.Id);
        Assert.Contains(after, t => t.Type == "purchase" && t.Status == "declined");
        Assert.Contains(after, t => t.Type == "fee" && t.Amount == 2.25m);
        Assert.Contains(await Portal.LatestAuditAsync(40), a => a.Action == "sandbox.purchase" && a.TargetId == cardId);
    }

    [Fact]
    public async Task A_bad_merchant_category_code_is_refused_with_the_field_named_and_what_was_typed_kept()
    {
        var (_, cardId) = await Portal.SeedActiveCardAsync();
        SignInAs(PortalRoles.Support);
        var panel = RenderWithProviders<SandboxToolsPanel>(p => p.Add(x => x.CardId, cardId));

        panel.Find("#sandbox-mcc").Change("54");
        panel.Find("#sandbox-purchase").Click();

        panel.WaitForAssertion(() => Assert.Contains("four-digit", panel.Markup), TimeSpan.FromSeconds(30));
        Assert.Equal("54", panel.Find("#sandbox-mcc").GetAttribute("value"));
        Assert.DoesNotContain(await TransactionsAsync(cardId), t => t.MerchantName == "Sandbox Coffee");
    }
}

/// <summary>The portal in Live mode: the sandbox tools do not exist there.</summary>
public sealed class LiveModePortalFactory : LivePortalFactory
{
    public LiveModePortalFactory()
    {
        ExtraSettings = new Dictionary<string, string?>
        {
            ["Artha:Mode"] = "Live",
            ["Artha:BaseUrl"] = "http://127.0.0.1:9/",
            ["Artha:ApiKey"] = "ak_live_unused",
            ["Artha:Secret"] = "sk_live_unused",
            ["LiveStatus:Poller:Enabled"] = "false",
        };
    }
}

public class SandboxToolsLiveModeTests(LiveModePortalFactory portal) : PortalPageTestBase(portal), IClassFixture<LiveModePortalFactory>
{
    [Fact]
    public async Task In_Live_mode_the_card_page_shows_no_sandbox_tools_and_the_service_refuses_them()
    {
        SignInAs(PortalRoles.Admin);
        var panel = RenderWithProviders<SandboxToolsPanel>(p => p.Add(x => x.CardId, "card_live"));
        Assert.Empty(panel.FindAll("#sandbox-tools"));

        await using var scope = Portal.ScopeAs(PortalRoles.Admin);
        var artha = scope.ServiceProvider.GetRequiredService<ArthaService>();
        Assert.False(artha.SandboxToolsAvailable);
        Assert.IsType<NoSandboxTools>(scope.ServiceProvider.GetRequiredService<ISandboxTools>());
        var refused = await Assert.ThrowsAsync<ArthaOperationException>(() => artha.SimulatePurchaseAsync("card_live", 5m, "Shop", "5411", "GB"));
        Assert.Contains("only in Sandbox mode", refused.Message);
    }
}

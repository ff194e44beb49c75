using Artha.Admin.Services;
using Artha.Client.Configuration;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Tests.Security;

/// <summary>The top-up reconcile windows follow Artha:TimeoutSeconds instead of a fixed 5 minutes.</summary>
public class TopUpSettlementTests
{
    private static TopUpSettlement For(double timeoutSeconds, TopUpReconcilerOptions? reconciler = null) =>
        new(Options.Create(reconciler ?? new TopUpReconcilerOptions()), Options.Create(new ArthaClientOptions { TimeoutSeconds = timeoutSeconds }));

    [Fact]
    public void With_the_default_30_second_time_out_the_windows_stay_five_minutes_and_one_minute_and_a_half()
    {
        var settlement = For(30);

        Assert.Equal(TimeSpan.FromMinutes(5), settlement.SettleWindow);
        Assert.Equal(TimeSpan.FromSeconds(90), settlement.MinimumAge);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(200)]
    public void A_long_time_out_widens_both_windows_beyond_twice_and_once_the_time_out(double timeoutSeconds)
    {
        var settlement = For(timeoutSeconds);

        Assert.True(settlement.SettleWindow >= TimeSpan.FromSeconds(2 * timeoutSeconds) + TopUpSettlement.Margin);
        Assert.True(settlement.MinimumAge >= TimeSpan.FromSeconds(timeoutSeconds) + TopUpSettlement.Margin);
    }

    [Fact]
    public void A_configured_window_may_be_longer_but_never_shorter_than_the_time_out_allows()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), For(30, new TopUpReconcilerOptions { SettleWindowSeconds = 1800 }).SettleWindow);
        Assert.Equal(TimeSpan.FromSeconds(1260), For(600, new TopUpReconcilerOptions { SettleWindowSeconds = 60, MinimumAgeSeconds = 1 }).SettleWindow);
    }
}

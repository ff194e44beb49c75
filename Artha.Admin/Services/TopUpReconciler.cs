using System.Security.Claims;
using Artha.Admin.Data;
using Artha.Client.Configuration;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace Artha.Admin.Services;

/// <summary>Settings of <see cref="TopUpReconciler"/> (section <c>TopUps:Reconciler</c>).</summary>
public sealed class TopUpReconcilerOptions
{
    public const string Section = "TopUps:Reconciler";

    /// <summary>False turns the background checks off (a user can still press "Check with Artha now").</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often unsettled intents are looked at.</summary>
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>
    /// An intent younger than this is left alone: its own call may still be in flight (a top-up is sent once with a
    /// per-attempt timeout of Artha:TimeoutSeconds, 30 s by default) and will settle it itself. Never less than that
    /// time-out plus <see cref="TopUpSettlement.Margin"/> (see <see cref="TopUpSettlement.MinimumAge"/>).
    /// </summary>
    public double MinimumAgeSeconds { get; set; } = 60;

    /// <summary>
    /// How long after submission "Artha has no such top-up" can be trusted and the intent marked refused. Never less than
    /// 5 minutes, nor than twice Artha:TimeoutSeconds plus <see cref="TopUpSettlement.Margin"/> (see <see cref="TopUpSettlement.SettleWindow"/>).
    /// </summary>
    public double? SettleWindowSeconds { get; set; }

    /// <summary>Intents reconciled per pass at most (oldest first), so an outage's backlog cannot flood Artha.</summary>
    public int BatchSize { get; set; } = 20;
}

/// <summary>
/// The reconcile windows, derived from the Artha client's per-attempt time-out so that a slow request can never be
/// declared lost while it may still reach Artha: with <c>Artha:TimeoutSeconds</c> at its maximum of 600, a top-up is
/// marked refused only after 21 minutes, and the background reconciler leaves it alone for the first 11.
/// </summary>
public sealed class TopUpSettlement(IOptions<TopUpReconcilerOptions> reconciler, IOptions<ArthaClientOptions> artha)
{
    /// <summary>Added to the time-out for Artha's own processing and clock differences.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(60);

    /// <summary>The settle window never falls below this, whatever the time-out.</summary>
    public static readonly TimeSpan ShortestSettleWindow = TimeSpan.FromMinutes(5);

    public TimeSpan ClientTimeout => TimeSpan.FromSeconds(Math.Max(0, artha.Value.TimeoutSeconds));

    /// <summary>At least 2 × <see cref="ClientTimeout"/> + <see cref="Margin"/>, at least 5 minutes, at least the configured value.</summary>
    public TimeSpan SettleWindow => Max(Max(ShortestSettleWindow, 2 * ClientTimeout + Margin),
        TimeSpan.FromSeconds(Math.Max(0, reconciler.Value.SettleWindowSeconds ?? 0)));

    /// <summary>At least <see cref="ClientTimeout"/> + <see cref="Margin"/>, at least the configured <see cref="TopUpReconcilerOptions.MinimumAgeSeconds"/>.</summary>
    public TimeSpan MinimumAge => Max(ClientTimeout + Margin, TimeSpan.FromSeconds(Math.Max(0, reconciler.Value.MinimumAgeSeconds)));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>
/// Follows up top-ups whose answer from Artha was lost (intent left <see cref="TopUpIntentState.Submitting"/> without a
/// top-up id) without anyone pressing a button: every pass reconciles the due ones against Artha's top-up history
/// through the same code as "Check with Artha now". Nothing is ever re-sent: reconciliation only adopts a top-up
/// Artha made, or, once the settle window has passed and the history was read completely, marks the intent refused.
/// Every portal instance runs it: each due intent is claimed by one instance for a lease (<see cref="WorkLeases"/>), so
/// two instances never reconcile the same intent at once, and a dead instance's claims are taken over when they run out.
/// </summary>
public sealed class TopUpReconciler(
    IServiceScopeFactory scopes,
    WorkLeases leases,
    IOptions<TopUpReconcilerOptions> options,
    TopUpSettlement settlement,
    TimeProvider clock,
    ILogger<TopUpReconciler> logger) : BackgroundService
{
    /// <summary>The name the audit trail shows for what the reconciler settles.</summary>
    public const string SystemActor = "system:topup-reconciler";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            logger.LogInformation("Top-up reconciler disabled ({Section}:Enabled=false).", TopUpReconcilerOptions.Section);
            return;
        }
        var interval = TimeSpan.FromSeconds(Math.Max(1, settings.IntervalSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, stoppingToken);
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the follow-up for good: the next pass tries again.
                logger.LogWarning(ex, "Top-up reconciliation pass failed; retrying in {Interval}.", interval);
            }
        }
    }

    /// <summary>One pass: reconciles the oldest due intents; returns how many it looked at.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow().UtcDateTime;
        var dueBefore = now - settlement.MinimumAge;
        // Claimed for this instance: an intent another instance is reconciling is left to it.
        var due = await leases.ClaimDueTopUpIntentsAsync(now, dueBefore, Math.Max(1, settings.BatchSize), cancellationToken);

        foreach (var id in due)
        {
            await using var scope = scopes.CreateAsyncScope();
            ActAsSystem(scope.ServiceProvider);
            try
            {
                var outcome = await scope.ServiceProvider.GetRequiredService<ArthaService>().ReconcileInBackgroundAsync(id, cancellationToken);
                logger.LogInformation("Top-up intent {IntentId} reconciled in the background: {State}.", id, outcome.State);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Top-up intent {IntentId} could not be reconciled ({Error}); it stays unsettled and is tried again.", id, ex.GetType().Name);
            }
            await ReleaseAsync(id, cancellationToken);
        }
        return due.Count;
    }

    private async Task ReleaseAsync(Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await leases.ReleaseTopUpIntentAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease runs out by itself; until then no instance reconciles this intent.
            logger.LogWarning("Could not release the lease of top-up intent {IntentId} ({Error}); it expires by itself.", id, ex.GetType().Name);
        }
    }

    /// <summary>The scope's "current staff" becomes the reconciler itself: no role, so it can do nothing a role guards.</summary>
    private static void ActAsSystem(IServiceProvider services)
    {
        if (services.GetRequiredService<AuthenticationStateProvider>() is IHostEnvironmentAuthenticationStateProvider host)
        {
            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, SystemActor)], authenticationType: "System");
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(identity))));
        }
    }
}

using Artha.Sandbox.State;
using Microsoft.Extensions.Options;

namespace Artha.Sandbox.Lifecycle;

/// <summary>Completes due lifecycle work (KYC reviews, card issuance, top-ups, settlements) against the injected clock.</summary>
public sealed class LifecycleProcessor(SandboxStore store)
{
    public int ProcessDue() => store.ProcessDue();
}

/// <summary>
/// Drives lifecycles without any request arriving, so webhooks go out on time even when nobody polls.
/// Reads on the API also complete due work first, which keeps tests deterministic under a fake TimeProvider.
/// </summary>
public sealed class LifecycleBackgroundService(LifecycleProcessor processor, IOptions<SandboxOptions> options, ILogger<LifecycleBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Max(10, options.Value.LifecycleTickMilliseconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    processor.ProcessDue();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Lifecycle tick failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Host shutting down.
        }
    }
}

using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Artha.Admin.Hosting;

/// <summary>Counts open Blazor circuits for <see cref="PortalMetrics"/>.</summary>
public sealed class CircuitMetricsHandler(PortalMetrics metrics) : CircuitHandler
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitOpened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        metrics.CircuitClosed();
        return Task.CompletedTask;
    }
}

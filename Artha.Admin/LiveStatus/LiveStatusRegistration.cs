using Artha.Admin.Data;
using Artha.Admin.Hosting;

namespace Artha.Admin.LiveStatus;

public static class LiveStatusRegistration
{
    /// <summary>
    /// Watch timings per kind (named options <c>Kyc</c>, <c>CardIssuance</c>, <c>TopUp</c>, bound from
    /// <c>LiveStatus:&lt;Kind&gt;</c>). Live defaults follow the seed flow (KYC: 30 s doubling, deadline 24 h);
    /// in Sandbox mode they are seconds so people see results while they watch.
    /// </summary>
    public static IServiceCollection AddLiveStatus(this IServiceCollection services, IConfiguration configuration)
    {
        var sandbox = configuration.GetArthaMode() == ArthaMode.Sandbox;
        foreach (var kind in Enum.GetValues<WatchKind>())
        {
            var (initial, max, deadlineHours) = (kind, sandbox) switch
            {
                (_, true) => (1.0, 5.0, 1.0),
                (WatchKind.Kyc, false) => (30.0, 600.0, 24.0),
                (WatchKind.CardIssuance, false) => (10.0, 300.0, 24.0),
                _ => (5.0, 120.0, 6.0),
            };
            services.AddOptions<StatusWatchOptions>(kind.ToString())
                .Configure(o =>
                {
                    o.InitialIntervalSeconds = initial;
                    o.MaxIntervalSeconds = max;
                    o.DeadlineHours = deadlineHours;
                })
                .Bind(configuration.GetSection($"{StatusWatchOptions.Section}:{kind}"));
        }

        services.AddSingleton<IStatusEventStream, InProcessStatusEventStream>();
        services.AddSingleton<StatusWatchRegistry>();
        return services;
    }
}

namespace Artha.Admin.LiveStatus;

/// <summary>
/// When to poll a watch next: exponential backoff from <see cref="StatusWatchOptions.InitialIntervalSeconds"/> by
/// <see cref="StatusWatchOptions.BackoffFactor"/> up to <see cref="StatusWatchOptions.MaxIntervalSeconds"/>, shortened
/// by a random jitter of up to <see cref="StatusWatchOptions.JitterRatio"/> (so watches started together spread out
/// and never exceed the cap), and never later than the watch's deadline. Pure: time and randomness come in.
/// </summary>
public sealed class BackoffPolicy(StatusWatchOptions options, Func<double>? random = null)
{
    private const double MinimumSeconds = 0.05;
    private readonly Func<double> _random = random ?? Random.Shared.NextDouble;

    /// <summary>
    /// The interval before poll number <paramref name="attempts"/> + 1 without jitter: the initial interval after
    /// the watch starts (0 polls made), then multiplied by the factor per poll made, capped at the maximum.
    /// </summary>
    public TimeSpan NominalInterval(int attempts)
    {
        var initial = Math.Max(MinimumSeconds, options.InitialIntervalSeconds);
        var max = Math.Max(initial, options.MaxIntervalSeconds);
        var factor = Math.Max(1.0, options.BackoffFactor);
        // A huge attempt count gives +infinity here, which the cap turns into the maximum.
        var seconds = initial * Math.Pow(factor, Math.Max(0, attempts));
        return TimeSpan.FromSeconds(Math.Min(seconds, max));
    }

    /// <summary>The nominal interval minus a random share in [0, <see cref="StatusWatchOptions.JitterRatio"/>).</summary>
    public TimeSpan Interval(int attempts)
    {
        var nominal = NominalInterval(attempts).TotalSeconds;
        var ratio = Math.Clamp(options.JitterRatio, 0.0, 0.9);
        var sample = Math.Clamp(_random(), 0.0, 1.0);
        return TimeSpan.FromSeconds(Math.Max(MinimumSeconds, nominal * (1.0 - ratio * sample)));
    }

    /// <summary>The next poll time after <paramref name="attempts"/> polls, capped by <paramref name="deadlineUtc"/>.</summary>
    public DateTime NextPollAt(int attempts, DateTime nowUtc, DateTime deadlineUtc)
    {
        var next = nowUtc + Interval(attempts);
        return next < deadlineUtc ? next : (deadlineUtc > nowUtc ? deadlineUtc : nowUtc);
    }
}

using Artha.Admin.LiveStatus;

namespace Artha.Admin.Tests.LiveStatus;

public class BackoffPolicyTests
{
    private static readonly StatusWatchOptions Options = new()
    {
        InitialIntervalSeconds = 30,
        BackoffFactor = 2,
        MaxIntervalSeconds = 600,
        JitterRatio = 0.2,
        DeadlineHours = 24,
    };

    [Fact]
    public void The_first_poll_comes_after_the_initial_interval_and_each_later_one_waits_factor_times_longer()
    {
        var policy = new BackoffPolicy(Options, () => 0);

        var intervals = Enumerable.Range(0, 5).Select(a => policy.Interval(a).TotalSeconds).ToList();

        Assert.Equal([30, 60, 120, 240, 480], intervals);
    }

    [Fact]
    public void The_nominal_schedule_never_shrinks_and_stops_at_the_maximum_interval()
    {
        var policy = new BackoffPolicy(Options);

        var intervals = Enumerable.Range(0, 40).Select(a => policy.NominalInterval(a)).ToList();

        Assert.All(intervals.Zip(intervals.Skip(1)), pair => Assert.True(pair.Second >= pair.First, $"{pair.Second} < {pair.First}"));
        Assert.Equal(TimeSpan.FromSeconds(600), intervals[^1]);
        Assert.All(intervals, i => Assert.True(i <= TimeSpan.FromSeconds(600)));
        Assert.Equal(TimeSpan.FromSeconds(600), policy.NominalInterval(int.MaxValue));
    }

    [Fact]
    public void Jitter_only_shortens_an_interval_and_by_less_than_the_jitter_ratio()
    {
        var random = new Random(42);
        var policy = new BackoffPolicy(Options, random.NextDouble);

        for (var attempt = 0; attempt < 12; attempt++)
        {
            var nominal = policy.NominalInterval(attempt).TotalSeconds;
            var samples = Enumerable.Range(0, 500).Select(_ => policy.Interval(attempt).TotalSeconds).ToList();
            Assert.All(samples, s => Assert.InRange(s, nominal * 0.8, nominal));
            // Jitter really spreads watches out: the samples are not all the same.
            Assert.True(samples.Max() - samples.Min() > nominal * 0.1, $"attempt {attempt}: no spread");
        }
    }

    [Fact]
    public void The_next_poll_is_never_scheduled_after_the_deadline()
    {
        var policy = new BackoffPolicy(Options, () => 0);
        var now = new DateTime(2026, 11, 21, 9, 0, 0, DateTimeKind.Utc);
        var deadline = now.AddSeconds(45);

        Assert.Equal(now.AddSeconds(30), policy.NextPollAt(0, now, deadline));
        Assert.Equal(deadline, policy.NextPollAt(1, now, deadline));
        Assert.Equal(now, policy.NextPollAt(3, now, now.AddSeconds(-5)));
    }
}

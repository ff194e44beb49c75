using System.Diagnostics;

namespace Artha.Contract.Tests.Infrastructure;

/// <summary>The value that satisfied a poll and every value read on the way (to show e.g. "pending" came first).</summary>
public sealed record Polled<T>(T Final, IReadOnlyList<T> Seen);

/// <summary>Bounded polling: at most <see cref="Timeout"/>, <see cref="Interval"/> between reads. Never unbounded.</summary>
public static class Poll
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public static async Task<Polled<T>> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var seen = new List<T>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            seen.Add(value);
            if (done(value))
            {
                return new Polled<T>(value, seen);
            }

            if (clock.Elapsed > Timeout)
            {
                Assert.Fail($"{what} was not reached within {Timeout.TotalSeconds} s after {seen.Count} reads; last value: {value}");
            }

            await Task.Delay(Interval);
        }
    }
}

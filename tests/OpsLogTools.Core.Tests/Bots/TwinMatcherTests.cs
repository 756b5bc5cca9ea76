using OpsLogTools.Core.Analysis.Bots;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Settling twins as lines come (each kind in time order, late by less than the lateness) decides exactly as settling
/// everything at the end, while holding far fewer records; lines later than that are counted.
/// </summary>
public sealed class TwinMatcherTests
{
    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 40)]
    [InlineData(3, 400)]
    public void Settling_as_fed_decides_as_settling_at_the_end(int seed, int keys)
    {
        var lines = Traffic(seed, keys, hours: 30, lateSeconds: 240);
        var asFed = new TwinMatcher(TimeSpan.FromSeconds(5)) { Lateness = TimeSpan.FromMinutes(5) };
        var atEnd = new TwinMatcher(TimeSpan.FromSeconds(5)) { Lateness = TimeSpan.FromMinutes(5) };
        var decidedAsFed = new List<(long Ordinal, bool Matched)>();
        var decidedAtEnd = new List<(long Ordinal, bool Matched)>();
        long ordinal = 0;
        foreach (var facts in lines)
        {
            long i = ordinal++;
            Add(asFed, facts, i);
            Add(atEnd, facts, i);
            asFed.Settle(decidedAsFed, all: false);
        }
        asFed.Settle(decidedAsFed, all: true);
        atEnd.Settle(decidedAtEnd, all: true);

        Assert.Equal(decidedAtEnd.OrderBy(d => d.Ordinal), decidedAsFed.OrderBy(d => d.Ordinal));
        Assert.Contains(decidedAtEnd, d => d.Matched);
        Assert.Contains(decidedAtEnd, d => !d.Matched);
        Assert.Equal(0, asFed.LateLines);
        Assert.Equal(0, asFed.Held);
        // Thirty hours of lines, about two and a quarter held at once.
        Assert.True(asFed.HeldHighWater * 6 < atEnd.HeldHighWater, $"{asFed.HeldHighWater} of {atEnd.HeldHighWater}");
    }

    [Fact]
    public void Lines_later_than_the_lateness_are_counted()
    {
        var matcher = new TwinMatcher(TimeSpan.FromSeconds(5)) { Lateness = TimeSpan.FromMinutes(5) };
        var t0 = new DateTimeOffset(2022, 7, 19, 12, 0, 0, TimeSpan.Zero);
        matcher.AddOrigin(Origin(t0.AddHours(1), "/a", 200), 0);
        matcher.AddOrigin(Origin(t0.AddMinutes(56), "/a", 200), 1);
        matcher.AddOrigin(Origin(t0.AddMinutes(54), "/a", 200), 2);
        matcher.AddCloudFront(CloudFront(t0.AddHours(1), "/a", 200, 0.1));
        Assert.Equal(1, matcher.LateLines);
    }

    private static void Add(TwinMatcher matcher, RequestFacts facts, long ordinal)
    {
        if (facts.IsCloudFront) matcher.AddCloudFront(facts); else matcher.AddOrigin(facts, ordinal);
    }

    // A forwarded request is an origin line at arrival and a CloudFront line at its end; some requests are served from
    // the cache or never reach CloudFront's log. Each kind comes in time order but for a jitter below lateSeconds,
    // CloudFront's lines in hourly batches, the two kinds merged by time.
    private static List<RequestFacts> Traffic(int seed, int keys, int hours, int lateSeconds)
    {
        var random = new Random(seed);
        var t0 = new DateTimeOffset(2022 + seed, 3, 1, 0, 0, 0, TimeSpan.FromHours(seed % 3 * 3));
        var cloudFront = new List<(long Sort, RequestFacts Facts)>();
        var origin = new List<(long Sort, RequestFacts Facts)>();
        for (int n = 0; n < hours * 200; n++)
        {
            var arrival = t0.AddSeconds(random.NextDouble() * hours * 3600);
            string path = "/p" + random.Next(keys);
            int status = random.Next(10) switch { 0 => 404, 1 => 500, 2 => 304, _ => 200 };
            double taken = random.Next(20) == 0 ? random.NextDouble() * 1500 : random.NextDouble() * 0.5;
            var end = arrival.AddSeconds(taken);
            string result = random.Next(6) == 0 ? "Hit" : status == 500 && random.Next(2) == 0 ? "Error" : "Miss";
            if (random.Next(15) != 0) cloudFront.Add((end.UtcTicks + Jitter(random, lateSeconds), CloudFront(end, path, result == "Error" ? 502 : status, taken, result)));
            if (result != "Hit" && random.Next(15) != 0) origin.Add((arrival.UtcTicks + Jitter(random, lateSeconds), Origin(arrival, path, status)));
        }
        cloudFront.Sort((a, b) => a.Sort.CompareTo(b.Sort));
        origin.Sort((a, b) => a.Sort.CompareTo(b.Sort));
        var merged = new List<RequestFacts>();
        int c = 0, o = 0;
        while (c < cloudFront.Count || o < origin.Count)
        {
            bool takeCloudFront = o == origin.Count || (c < cloudFront.Count && cloudFront[c].Facts.Timestamp <= origin[o].Facts.Timestamp);
            merged.Add(takeCloudFront ? cloudFront[c++].Facts : origin[o++].Facts);
        }
        return merged;
    }

    private static long Jitter(Random random, int seconds) => (long)(random.NextDouble() * seconds * TimeSpan.TicksPerSecond);

    private static RequestFacts CloudFront(DateTimeOffset end, string path, int status, double taken, string result = "Miss") => new()
    {
        Timestamp = end,
        ConnectingIp = "198.51.100.7",
        Method = "GET",
        Path = path,
        Status = status,
        IsCloudFront = true,
        ResultType = result,
        TimeTaken = taken,
    };

    private static RequestFacts Origin(DateTimeOffset arrival, string path, int status) => new()
    {
        Timestamp = arrival,
        ConnectingIp = "130.176.1.1",
        Method = "get",
        Path = path.Replace("/p", "/%70", StringComparison.Ordinal),
        Status = status,
    };
}

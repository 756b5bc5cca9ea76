using OpsLogTools.Core.Analysis.Anomalies;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Issue 19: the origin-outage check places CloudFront's error times among the origin lines without sorting a copy of
/// them (<see cref="OriginRanks"/>). Its answers must be those of the sorted copy the check used before: the index
/// <see cref="Array.BinarySearch{T}(T[], T)"/> lands on (among equal times too), and the time and rank in file order of
/// the lines either side. Origin files are made here from seeds: few distinct times (many ties), steps back, several files.
/// </summary>
public sealed class OriginRanksTests
{
    private const long Second = TimeSpan.TicksPerSecond;

    [Theory]
    [InlineData(1, 1, 50, 3)]
    [InlineData(2, 3, 2_000, 40)]
    [InlineData(3, 2, 20_000, 400)]
    [InlineData(4, 4, 7, 2)]
    [InlineData(5, 1, 70_000, 5_000)]
    public void Each_error_time_lands_where_a_binary_search_of_the_sorted_origin_times_lands(int seed, int fileCount, int lines, int distinct)
    {
        var rng = new Random(seed);
        long t0 = new DateTimeOffset(2024, 3, 4, 5, 6, 7, TimeSpan.Zero).UtcTicks;
        var files = new List<FileFacts>();
        var all = new List<(long Time, int File, int Index)>();
        for (int n = 0; n < fileCount; n++)
        {
            var f = new FileFacts($"access_log.{n}", Model.LogFormat.ApacheCombined, n);
            int count = rng.Next(1, lines + 1);
            for (int i = 0; i < count; i++)
            {
                long t = t0 + rng.Next(distinct) * Second;
                f.AddStamp(t, 0, i + 1);
                all.Add((t, n, i));
            }
            f.Seal();
            files.Add(f);
        }
        // The sorted copy as the check made it: times alone, and a stable sort of the lines for their file and line.
        var sorted = all.Select(x => x.Time).ToArray();
        Array.Sort(sorted);
        var stable = all.OrderBy(x => x.Time).ToList();
        var given = Enumerable.Range(0, 300).Select(_ => t0 + (rng.Next(-3, distinct + 3) * Second) + (rng.Next(3) == 0 ? Second / 2 : 0)).ToList();
        var ranks = OriginRanks.Measure(files, given);

        Assert.Equal(sorted.Length, ranks.Lines);
        Assert.Equal(sorted[0], ranks.Least);
        int found = 0;
        foreach (long t in given)
        {
            int k = Array.BinarySearch(sorted, t);
            if (k >= 0) found++;
            if (k < 0) k = ~k;
            Assert.Equal(k, ranks.Position(t));
            if (k > 0) Assert.Equal(RankOf(sorted, k - 1), ranks.Before(t, k));
            if (k < sorted.Length) Assert.Equal(RankOf(sorted, k), ranks.At(t, k));
        }
        Assert.True(found > 0 && found < given.Count, $"{found} of {given.Count} given times are origin times: both kinds must be tried");
        // The rank among equal times names the line a stable sort puts there (what the check's OriginLine finds again).
        for (int k = 0; k < sorted.Length; k += Math.Max(1, sorted.Length / 50))
        {
            var (time, rank) = RankOf(sorted, k);
            Assert.Equal(stable[k].Time, time);
            Assert.Equal(stable[k], stable.Where(x => x.Time == time).ElementAt(rank));
        }
    }

    private static (long Time, int Rank) RankOf(long[] sorted, int position)
    {
        int first = position;
        while (first > 0 && sorted[first - 1] == sorted[position]) first--;
        return (sorted[position], position - first);
    }
}

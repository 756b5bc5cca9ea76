using OpsLogTools.Core.Analysis.Anomalies;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// The packed per-line columns (issue 19) read back every value as it was added, whatever the stamps' resolution, order
/// and spread, across chunk edges; and they hold the bytes the packing promises. Values are made here from seeds.
/// </summary>
public sealed class PackedColumnTests
{
    private const long Second = TimeSpan.TicksPerSecond;

    // Stamps as logs write them: to the second (access logs, rsyslog), the millisecond (CloudFront-like ISO), the
    // microsecond (rsyslog's high-precision format) or the tick; a night stepped back hours; spreads that need one to eight bytes.
    public static TheoryData<int, long, int> Kinds => new()
    {
        { 1, Second, 0 }, { 2, Second, 3 }, { 3, TimeSpan.TicksPerMillisecond, 40 }, { 4, TimeSpan.TicksPerMicrosecond, 5 },
        { 5, 1, 2 }, { 6, Second, 5_000 }, { 7, Second, 0 }, { 8, 7, 1 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Stamps_read_back_as_added(int seed, long unit, int meanStep)
    {
        var rng = new Random(seed);
        var packed = new StampColumn(pack: true);
        var plain = new StampColumn(pack: false);
        var list = new List<long>();
        long t = new DateTimeOffset(2000 + seed, 3, 4, 5, 6, 7, TimeSpan.Zero).UtcTicks;
        int n = 40_000 + rng.Next(20_000);
        for (int i = 0; i < n; i++)
        {
            t += rng.Next(0, 2 * meanStep + 1) * unit;
            // A displaced stretch: hours (or years, seed 7) early, then back.
            long stamp = i % 20_000 is >= 9_000 and < 9_500 ? t - (seed == 7 ? 3_000L * TimeSpan.TicksPerDay : 8 * TimeSpan.TicksPerHour) : t;
            packed.Add(stamp);
            plain.Add(stamp);
            list.Add(stamp);
            // Read while still being filled, as the scan does for the previous line.
            if (i > 0) Assert.Equal(list[i - 1], packed[i - 1]);
            // Parked now and then (the scan read another file), read parked, then unpacked by the next stamp.
            if (rng.Next(3_000) == 0)
            {
                packed.Park();
                Assert.Equal(list[i], packed[i]);
                Assert.Equal(list.Min(), packed.Min());
            }
        }
        packed.Seal();
        plain.Seal();
        Assert.Equal(list.Count, packed.Length);
        for (int i = 0; i < list.Count; i++) Assert.Equal(list[i], packed[i]);
        Assert.Equal(list.Min(), packed.Min());
        Assert.Equal(list.Max(), packed.Max());
        Assert.Equal(8L * list.Count, plain.BytesHeld);
        Assert.True(packed.BytesHeld <= plain.BytesHeld, $"packed {packed.BytesHeld}, plain {plain.BytesHeld}");
        // Seconds a few apart fit a byte or two (not the chunks stepped back years, seed 7); the tick-resolution stamps of seeds 5 and 8 need four.
        if (unit == Second && meanStep <= 5 && seed != 7) Assert.True(packed.BytesHeld <= 2L * list.Count, $"packed {packed.BytesHeld} for {list.Count}");
    }

    [Fact]
    public void True_times_are_the_stamps_less_the_runs_retimed_last_first()
    {
        var stamps = new StampColumn(pack: true);
        for (int i = 0; i < 50_000; i++) stamps.Add(1_000_000L * Second + i * Second);
        stamps.Seal();
        var trueTimes = new TrueTimes(stamps);
        Assert.True(trueTimes.AreStamps);
        Assert.Equal(stamps[49_999], trueTimes.Max());
        trueTimes.Retime(100, 200, 3_600 * Second);
        trueTimes.Retime(150, 160, -60 * Second);
        Assert.Equal(stamps[99], trueTimes[99]);
        Assert.Equal(stamps[100] - 3_600 * Second, trueTimes[100]);
        Assert.Equal(stamps[155] + 60 * Second, trueTimes[155]);
        Assert.Equal(stamps[161] - 3_600 * Second, trueTimes[161]);
        Assert.Equal(stamps[201], trueTimes[201]);
        Assert.Equal(stamps[100] - 3_600 * Second, trueTimes.Min());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_packed_column_reads_back_what_was_added(int seed)
    {
        // Chunks of few values (statuses, programs: a byte a line), of many (exact hashes: kept as they are) and of one.
        var rng = new Random(seed);
        var column = new Column<int>(pack: true);
        var list = new List<int>();
        for (int chunk = 0; chunk < 7; chunk++)
        {
            int distinct = chunk switch { 0 => 1, 1 => 5, 2 => 256, 3 => 257, 4 => 100_000, _ => rng.Next(2, 300) };
            for (int k = 0; k < (chunk == 6 ? 4_900 : 1 << 14); k++)
            {
                int value = distinct == 1 ? 42 : rng.Next(distinct) * 7919;
                column.Add(value);
                list.Add(value);
            }
        }
        // Parked in the middle of the last chunk (a file left and come back to): it reads the same and takes values again.
        column.Park();
        Assert.Equal(list[^1], column[list.Count - 1]);
        for (int k = 0; k < 100; k++)
        {
            column.Add(k % 3);
            list.Add(k % 3);
        }
        column.Seal();
        for (int i = 0; i < list.Count; i++) Assert.Equal(list[i], column[i]);
        Assert.Equal(list, column.ToArray());
        // Chunk 0 holds nothing, 1 and 2 a byte a line, 3 and 4 four bytes; chunk 5 and the last a byte or four.
        long expected = list.Chunk(1 << 14).Sum(c =>
        {
            int d = c.Distinct().Count();
            return d == 1 ? 0L : d <= 256 ? c.Length + 4L * d : 4L * (c.Length == 1 << 14 ? c.Length : (long)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)c.Length));
        });
        Assert.Equal(expected, column.BytesHeld);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 40)]
    [InlineData(3, 600)]
    public void Moments_sorted_on_the_fly_are_the_moments_of_a_whole_sort(int seed, int jitterSeconds)
    {
        // An access log as Apache writes it: each line stamped when its request came, written when it ended, so lines
        // step back by up to the slowest request (jitterSeconds); bursts of one second, quiet gaps. Sorted on the fly
        // (reach an hour) and by copying the whole file out (reach 0), the moments must be the same.
        var rng = new Random(seed);
        var f = new FileFacts("access_log", Model.LogFormat.ApacheCombined, 0);
        long t = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero).UtcTicks;
        for (int i = 0; i < 60_000; i++)
        {
            t += rng.Next(10) == 0 ? rng.Next(0, 600) * Second : rng.Next(0, 3) * Second;
            f.AddStamp(t - rng.Next(0, jitterSeconds + 1) * Second, 0, i + 1);
        }
        f.Seal();
        var streamed = FileMoments.Build(f, TimeSpan.TicksPerHour);
        var sorted = FileMoments.Build(f, 0);
        Assert.True(sorted.Times.Length > 1_000, $"{sorted.Times.Length} moments");
        Assert.Equal(sorted.Times, streamed.Times);
        Assert.Equal(sorted.FirstIndex, streamed.FirstIndex);
        Assert.Equal(sorted.LastIndex, streamed.LastIndex);
    }
}

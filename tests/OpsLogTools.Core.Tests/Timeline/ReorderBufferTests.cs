using System.Text;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// The merge's reorder buffers hold a capped number of lines whatever the stamps do (issue 12: 2 M lines stamped
/// the same second held the whole file, 983 MB). Counted, not timed: <see cref="ReorderBuffers"/> says how many
/// lines were held at once.
/// </summary>
public sealed class ReorderBufferTests : IClassFixture<TimelineBundles>, IDisposable
{
    private readonly TempBundles _temp = new();
    private readonly TimelineBundles _bundles;

    public ReorderBufferTests(TimelineBundles bundles) => _bundles = bundles;

    public void Dispose() => _temp.Dispose();

    // An rsyslog traditional line (RFC 3164 as rsyslog writes it: "Mmm dd hh:mm:ss host tag[pid]: msg"), repeated with
    // one stamp: what a program stuck in a loop, or an attacker, writes faster than the clock moves.
    private const string Stuck = "Mar  3 04:05:06 web1 app[1234]: the same message again and again\n";

    private string Write(string name, params (string Text, int Times)[] parts)
    {
        string dir = _temp.NewDirectory(name);
        var sb = new StringBuilder();
        foreach (var (text, times) in parts)
        {
            for (int i = 0; i < times; i++) sb.Append(text);
        }
        File.WriteAllText(Path.Combine(dir, "messages"), sb.ToString());
        return dir;
    }

    private static (List<long> Lines, ReorderBuffers Held, CollectingDiagnostics Said) Merge(string dir, TimelineOptions options)
    {
        var timeline = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics());
        var held = new ReorderBuffers(options.MaxReorderLinesPerFile, options.MaxReorderLines);
        var said = new CollectingDiagnostics();
        var lines = timeline.Merge(options, held, said, CancellationToken.None).Select(l => l.Entry.LineNumber).ToList();
        return (lines, held, said);
    }

    [Fact]
    public void Lines_stamped_alike_hold_no_more_than_the_cap_however_many_there_are()
    {
        // Before the cap the buffer held every line (30,000 then 60,000: it grew with the file); now it stays at the
        // default cap for both, and every line comes out once, in file order (equal stamps need no reordering).
        var options = TimelineOptions.Default;
        var small = Merge(Write("stuck-30k", (Stuck, 30_000)), options);
        var large = Merge(Write("stuck-60k", (Stuck, 60_000)), options);

        Assert.Equal(Enumerable.Range(1, 30_000).Select(n => (long)n), small.Lines);
        Assert.Equal(Enumerable.Range(1, 60_000).Select(n => (long)n), large.Lines);
        Assert.Equal(20_000, options.MaxReorderLinesPerFile);
        Assert.True(large.Held.PeakHeld <= options.MaxReorderLinesPerFile, $"held {large.Held.PeakHeld} of 60,000 lines");
        Assert.Equal(small.Held.PeakHeld, large.Held.PeakHeld);
        Assert.Equal(0, large.Held.Held);
        // The cap is told once for the file, and that no line came out of time order.
        var warning = Assert.Single(large.Said.Warnings);
        Assert.Contains("line(s) went out in reading order without waiting", warning.Message, StringComparison.Ordinal);
        Assert.Contains("none came out of time order", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_the_cap_could_not_wait_for_comes_out_where_it_is_and_is_told()
    {
        // 500 lines at 04:05:06, 500 at 04:05:07, then one at 04:05:05: within the 5-second window, so a merge with room
        // puts it first; with a cap of 100 lines most earlier lines are out already, so it comes out after them (among the
        // last 100 still held), with a warning. No line is lost either way.
        string dir = Write("flood", (Stuck, 500), (Stuck.Replace("04:05:06", "04:05:07", StringComparison.Ordinal), 500),
            (Stuck.Replace("04:05:06", "04:05:05", StringComparison.Ordinal), 1));
        var roomy = Merge(dir, TimelineOptions.Default);
        var capped = Merge(dir, new TimelineOptions { MaxReorderLinesPerFile = 100 });

        Assert.Equal(1001, roomy.Lines[0]);
        Assert.Empty(roomy.Said.Warnings);
        Assert.Equal(1, capped.Lines[0]);
        Assert.InRange(capped.Lines.IndexOf(1001), 1000 - 100, 1000);
        Assert.Equal(Enumerable.Range(1, 1001).Select(n => (long)n), capped.Lines.Order());
        Assert.True(capped.Held.PeakHeld <= 100, $"held {capped.Held.PeakHeld}");
        var warning = Assert.Single(capped.Said.Warnings);
        Assert.Contains("1 line(s) read after them were stamped earlier", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void All_files_together_hold_no_more_than_the_total_beyond_a_line_each()
    {
        // Five files of 400 lines stamped alike, with room for 300 a file but 500 in all: the budget is shared.
        string dir = _temp.NewDirectory("five");
        for (int f = 0; f < 5; f++)
        {
            File.WriteAllText(Path.Combine(dir, $"app{f}.log"), string.Concat(Enumerable.Repeat(Stuck.Replace("app[", $"app{f}[", StringComparison.Ordinal), 400)));
        }
        var merged = Merge(dir, new TimelineOptions { MaxReorderLinesPerFile = 300, MaxReorderLines = 500 });

        Assert.Equal(2000, merged.Lines.Count);
        Assert.True(merged.Held.PeakHeld <= 500 + 5, $"held {merged.Held.PeakHeld}");
        Assert.True(merged.Held.PeakHeldByOneFile <= 300, $"one file held {merged.Held.PeakHeldByOneFile}");
    }

    [Fact]
    public void Small_files_read_to_their_end_are_closed_at_once()
    {
        // 1,000 files of 9 lines a second apart, all in the same seconds (a directory of many small logs). Before, each
        // stayed open (a file handle and a 128 KB read buffer) from its first line until the merge ended: 1,000 at once.
        // Now a small file is read to its end when its time comes and closed before the next one opens.
        string dir = _temp.NewDirectory("many");
        for (int f = 0; f < 1_000; f++)
        {
            File.WriteAllText(Path.Combine(dir, $"host{f:0000}.log"), string.Concat(Enumerable.Range(0, 9).Select(n => Stuck.Replace("04:05:06", $"04:05:{10 + n}", StringComparison.Ordinal))));
        }
        var merged = Merge(dir, TimelineOptions.Default);

        Assert.Equal(9_000, merged.Lines.Count);
        Assert.Empty(merged.Said.Warnings);
        Assert.True(merged.Held.PeakOpenFiles <= 2, $"{merged.Held.PeakOpenFiles} files open at once");
        Assert.Equal(0, merged.Held.OpenFiles);
        Assert.Equal(0, merged.Held.Ahead);
        Assert.True(merged.Held.PeakAhead <= 9_000, $"{merged.Held.PeakAhead} lines read ahead");
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("new-york")]
    public void A_generated_night_never_reaches_the_cap(string name)
    {
        // The sample incident (busy web traffic, a displaced night): the buffers hold seconds of lines, far below the
        // cap, so the merge is what it was before the cap (MergedTimelineTests check that order).
        var b = _bundles.Get(name);
        var held = new ReorderBuffers(TimelineOptions.Default.MaxReorderLinesPerFile, TimelineOptions.Default.MaxReorderLines);
        var said = new CollectingDiagnostics();
        long count = b.Timeline.Merge(TimelineOptions.Default, held, said, CancellationToken.None).LongCount();

        Assert.Equal(b.Timeline.EntryCount, count);
        Assert.Empty(said.Warnings);
        Assert.True(held.PeakHeld < 2_000, $"held {held.PeakHeld}");
    }
}

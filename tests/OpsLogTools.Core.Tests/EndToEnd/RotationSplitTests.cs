using System.IO.Compression;
using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// A displaced run that crosses a daily rotation (<c>messages-20220720.gz</c> → <c>messages</c>) is one finding: first file and
/// line, last file and line, the true End, the same offset and line count as when the file was not rotated. The bundle is
/// the generator's seed incident (its displaced night in messages, secure and cron); the test rotates the three rsyslog
/// files at one point inside the run, as logrotate's daily dateext rotation would (the rotated part gzipped, the live
/// file holding the rest, line numbers starting again at 1).
/// </summary>
public sealed class RotationSplitTests(RotationSplitTests.WholeBundle unrotated, ITestOutputHelper output) : IClassFixture<RotationSplitTests.WholeBundle>
{
    private static readonly IncidentScenario Seed = IncidentScenario.Default with { SshAttemptsPerHour = 12 };

    /// <summary>The seed bundle as generated (not rotated), read once for the class.</summary>
    public sealed class WholeBundle : IDisposable
    {
        public AnomalyBundleRun Run { get; } = new("rotation-whole", Seed);

        public void Dispose() => Run.Dispose();
    }

    [Theory]
    // Where the rotation falls in each file's run: as a share of its displaced lines (0 = the run begins the live file,
    // 1 = the run ends the rotated file), or -1 / -2 for "after the first line" / "before the last line".
    [InlineData(-1.0)]
    [InlineData(0.37)]
    [InlineData(0.5)]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void ARunCrossingARotationIsOneFindingWithItsTrueEnd(double where)
    {
        var whole = unrotated.Run;
        var splits = new Dictionary<string, long>(StringComparer.Ordinal);
        using var rotated = new AnomalyBundleRun("rotation-" + where.ToString(System.Globalization.CultureInfo.InvariantCulture), Seed, (dir, truth) =>
        {
            foreach (var run in truth.StampRuns)
            {
                long count = run.LineCount;
                long k = where switch
                {
                    -1.0 => 1,
                    -2.0 => count - 1,
                    _ => (long)Math.Round(where * count),
                };
                // The live file begins at this line of the original.
                long firstLive = run.FirstLine + k;
                splits[run.Path] = firstLive;
                Rotate(Path.Combine(dir, run.Path), firstLive, "-20220720.gz");
            }
        });
        output.WriteLine(whole.Describe());
        output.WriteLine(rotated.Describe());

        var expected = whole.Of(AnomalyKind.DisplacedTimestamps).ToList();
        Assert.Equal(whole.Truth.StampRuns.Count, expected.Count);
        Assert.Equal(expected.Count, rotated.Of(AnomalyKind.DisplacedTimestamps).Count());
        foreach (var truth in whole.Truth.StampRuns)
        {
            var before = Assert.Single(whole.Of(AnomalyKind.DisplacedTimestamps, truth.Path));
            long firstLive = splits[truth.Path];
            string live = truth.Path, old = truth.Path + "-20220720.gz";
            // The finding begins where the run's first line went, and ends where its last line went.
            bool startsInOld = truth.FirstLine < firstLive, endsInOld = truth.LastLine < firstLive;
            var a = Assert.Single(rotated.Found, x => x.Kind == AnomalyKind.DisplacedTimestamps && rotated.Relative(x.Path) == (startsInOld ? old : live));
            Assert.Equal(startsInOld ? truth.FirstLine : truth.FirstLine - firstLive + 1, a.FirstLine);
            Assert.Equal(endsInOld ? old : live, rotated.Relative(a.EndPath));
            Assert.Equal(endsInOld ? truth.LastLine : truth.LastLine - firstLive + 1, a.EndLine);
            Assert.Equal(before.LineCount, a.LineCount);
            Assert.Equal(before.OffsetSeconds, a.OffsetSeconds);
            Assert.Equal(before.Start, a.Start);
            Assert.Equal(before.End, a.End);
            Assert.Equal(before.StampedStart, a.StampedStart);
            Assert.Equal(before.StampedEnd, a.StampedEnd);
            Assert.Equal(before.Cause, a.Cause);
            // Unrotated, the finding ends in its own file.
            Assert.Equal(before.Path, before.EndPath);
            Assert.Equal(before.LastLine, before.EndLine);
        }
    }

    [Theory]
    [InlineData(0.37)]
    [InlineData(-1.0)]
    public void TheTimelineRetimesBothSidesOfTheRotation(double where)
    {
        // Get-LogTimeline's engine reads the rotated bundle: every displaced line, in the rotated file and in the live one,
        // is placed at its true time.
        var dir = Path.Combine(Path.GetTempPath(), "opslogtools-rotation-timeline-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var truth = IncidentGenerator.Write(dir, Seed);
            var cut = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var run in truth.StampRuns)
            {
                long k = where < 0 ? 1 : (long)Math.Round(where * run.LineCount);
                cut[run.Path] = run.FirstLine + k;
                Rotate(Path.Combine(dir, run.Path), run.FirstLine + k, "-20220720.gz");
            }
            var timeline = OpsLogTools.Core.Analysis.Timeline.HostTimeline.Read([dir], new OpsLogTools.Core.Bundles.LogReadOptions { LocalZone = TimeZoneInfo.Utc },
                OpsLogTools.Core.Reading.NullDiagnostics.Instance);
            var events = timeline.Events().ToList();
            foreach (var run in truth.StampRuns)
            {
                long firstLive = cut[run.Path];
                bool InRun(TimelineEvent e)
                {
                    string rel = Path.GetRelativePath(dir, e.Path).Replace('\\', '/');
                    return rel == run.Path + "-20220720.gz" && e.LineNumber >= run.FirstLine
                        || rel == run.Path && e.LineNumber <= run.LastLine - firstLive + 1;
                }
                var lines = events.Where(InRun).ToList();
                Assert.Equal(run.LineCount, lines.Count);
                Assert.All(lines, e => Assert.InRange(e.OffsetSeconds, run.OffsetSeconds - 3, run.OffsetSeconds + 3));
                Assert.All(lines, e => Assert.InRange(e.Time, run.TrueStart.AddSeconds(-3), run.TrueEnd.AddSeconds(3)));
            }
            Assert.Equal(truth.StampRuns.Sum(r => r.LineCount), events.Count(e => e.OffsetSeconds != 0));
            // The story's "clock came right" is the first good line after the run, in the live file.
            var right = Assert.Single(timeline.Story(), s => s.Event == StoryEventKind.ClockRight);
            var lastEnd = truth.StampRuns.Max(r => r.TrueEnd);
            Assert.InRange(right.Time, lastEnd, lastEnd.AddMinutes(10));
            Assert.DoesNotContain("-20220720.gz", right.Path, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Moves the lines before <paramref name="firstLive"/> into a gzipped rotated file beside it; the live file keeps the rest.</summary>
    private static void Rotate(string path, long firstLive, string suffix)
    {
        var mtime = File.GetLastWriteTimeUtc(path);
        var text = File.ReadAllText(path, Encoding.UTF8);
        var lines = text.Split('\n');
        int cut = (int)firstLive - 1;
        string head = string.Concat(lines.Take(cut).Select(l => l + "\n"));
        string tail = string.Join("\n", lines.Skip(cut));
        string rotated = path + suffix;
        using (var gz = new GZipStream(File.Create(rotated), CompressionLevel.Fastest))
        {
            var bytes = Encoding.UTF8.GetBytes(head);
            gz.Write(bytes, 0, bytes.Length);
        }
        File.WriteAllText(path, tail, new UTF8Encoding(false));
        File.SetLastWriteTimeUtc(rotated, mtime);
        File.SetLastWriteTimeUtc(path, mtime);
    }
}

using System.Globalization;
using System.Text;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// A whole rsyslog file off by one constant, shown only by events it shares with the error log (no printed clock):
/// the timeline's first pass keeps no per-line facts, yet its sparse lines (WholeFileLines) find what the engine finds
/// over every line, and Compare-LogTimeline and Get-LogTimeline use it.
/// </summary>
public sealed class WholeFileTimelineTests(ITestOutputHelper output) : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>
    /// Hand-written after rsyslog's traditional format, Apache 2.4's error log and the combined access log with %z:
    /// a host at <paramref name="zone"/> whose rsyslog stamps <paramref name="offset"/> off true time all along; httpd
    /// restarts now and then, its start-up complaint (AH00558) reaching messages under its pid as systemd forwards it,
    /// and its notices in the error log under the same pid in true time.
    /// </summary>
    private string Write(int seed, TimeSpan zone, TimeSpan offset, int restarts)
    {
        string dir = _temp.NewDirectory($"whole-shared-{seed}");
        var rng = new Random(seed);
        var start = new DateTimeOffset(2021 + seed % 4, 2 + seed % 9, 12, 8, 0, 0, zone);
        var end = start.AddHours(14);
        var messages = new StringBuilder();
        var errors = new StringBuilder();
        var access = new StringBuilder();
        int pid = 3000 + rng.Next(4000);
        var restartAt = Enumerable.Range(0, restarts).Select(k => start.AddMinutes(40 + k * (14 * 60 - 80) / restarts + rng.Next(20))).ToList();
        string Syslog(DateTimeOffset t) { var w = (t + offset).ToOffset(zone); return w.ToString("MMM ", Inv) + w.Day.ToString(Inv).PadLeft(2) + w.ToString(" HH:mm:ss", Inv); }
        for (var t = start; t < end; t = t.AddSeconds(20 + rng.Next(100)))
        {
            pid += 1 + rng.Next(4);
            messages.Append(Syslog(t)).Append(" ip-172-26-3-7 dhclient[").Append(900 + seed).Append("]: XMT: Solicit on eth0, interval ").Append(100000 + rng.Next(20000)).Append("ms.\n");
            if (rng.Next(3) == 0) messages.Append(Syslog(t)).Append(" ip-172-26-3-7 systemd: Started Session ").Append(pid).Append(" of user root.\n");
            var a = t.ToOffset(zone);
            access.Append("130.176.").Append(rng.Next(1, 255)).Append(".9 - - [").Append(a.ToString("dd/MMM/yyyy:HH:mm:ss ", Inv))
                .Append(a.ToString("zzz", Inv).Replace(":", "", StringComparison.Ordinal)).Append("] \"GET / HTTP/1.1\" 200 512 \"-\" \"Mozilla/5.0\"\n");
            if (restartAt.Count > 0 && t >= restartAt[0])
            {
                restartAt.RemoveAt(0);
                int main = pid + 2;
                pid += 4;
                messages.Append(Syslog(t)).Append(" ip-172-26-3-7 httpd[").Append(main)
                    .Append("]: AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.26.3.7. Set the 'ServerName' directive globally to suppress this message\n");
                string e = t.ToOffset(zone).ToString("ddd MMM dd HH:mm:ss.ffffff yyyy", Inv);
                errors.Append('[').Append(e).Append("] [mpm_prefork:notice] [pid ").Append(main).Append("] AH00163: Apache/2.4.54 () configured -- resuming normal operations\n");
                errors.Append('[').Append(e).Append("] [core:notice] [pid ").Append(main).Append("] AH00094: Command line: '/usr/sbin/httpd -D FOREGROUND'\n");
            }
        }
        File.WriteAllText(Path.Combine(dir, "messages"), messages.ToString());
        Directory.CreateDirectory(Path.Combine(dir, "httpd"));
        File.WriteAllText(Path.Combine(dir, "httpd", "error_log"), errors.ToString());
        File.WriteAllText(Path.Combine(dir, "httpd", "access_log"), access.ToString());
        return dir;
    }

    [Theory]
    [InlineData(1, 9.0, -9.0, 7)]
    [InlineData(2, -5.0, 0.8125, 6)]
    public void SharedEventsAloneReachTheTimeline(int seed, double zoneHours, double offsetHours, int restarts)
    {
        var zone = TimeSpan.FromHours(zoneHours);
        var offset = TimeSpan.FromHours(offsetHours);
        string dir = Write(seed, zone, offset, restarts);
        string messages = Path.Combine(dir, "messages");
        int lines = File.ReadAllLines(messages).Length;

        var said = new CollectingDiagnostics();
        var windowed = HostTimeline.Read([dir], TimelineBundles.Options, said, wholeBundle: false);
        var whole = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics(), wholeBundle: true);
        foreach (string line in said.VerboseLines) output.WriteLine(line);

        var a = Assert.Single(windowed.Displacements);
        foreach (string e in a.Evidence) output.WriteLine(e);
        Assert.Equal(messages, a.Path);
        Assert.Equal((1L, (long)lines, (long)lines), (a.FirstLine, a.LastLine, a.LineCount));
        Assert.InRange(a.OffsetSeconds, offset.TotalSeconds - 2, offset.TotalSeconds + 2);
        Assert.Equal(OffsetBasis.SharedEvents, a.Basis);
        Assert.Equal(offset.Ticks % TimeSpan.FromMinutes(15).Ticks == 0 ? AnomalyCause.TimeZone : AnomalyCause.Clock, a.Cause);
        // The same finding, word for word, as over every line; from a few lines of each file.
        var b = Assert.Single(whole.Displacements);
        Assert.Equal((b.FirstLine, b.LastLine, b.OffsetSeconds, b.Basis, b.Cause), (a.FirstLine, a.LastLine, a.OffsetSeconds, a.Basis, a.Cause));
        Assert.Equal(b.Evidence, a.Evidence);
        Assert.InRange(windowed.FactLines, 2, whole.FactLines / 10);

        var segment = Assert.Single(TimelineComparer.Compare(windowed, null, null, TimelineCompareOptions.Default, new CollectingDiagnostics()));
        Assert.Equal((1L, (long)lines), (segment.FirstLine, segment.LastLine));
        Assert.True(segment.IsDisplaced);

        var events = windowed.Events().ToList();
        var shifted = events.Where(e => e.Path == messages).ToList();
        Assert.Equal(lines, shifted.Count);
        Assert.All(shifted, e => Assert.Equal(e.StampedTime - TimeSpan.FromSeconds(a.OffsetSeconds), e.Time));
        // Each restart's line in messages now sits with its notices in the error log.
        var restartsSeen = events.Where(e => e.Message?.Contains("AH00558", StringComparison.Ordinal) == true).ToList();
        Assert.Equal(restarts, restartsSeen.Count);
        foreach (var r in restartsSeen)
            Assert.Contains(events, e => e.Message?.Contains("AH00163", StringComparison.Ordinal) == true && Math.Abs((e.Time - r.Time).TotalSeconds) <= 1);
    }

    [Fact]
    public void FilesInOrderWithoutOutsideClocksKeepNoFacts()
    {
        // The same host in true time, with no restart shared with the error log: nothing to check, nothing kept.
        string dir = Write(3, TimeSpan.FromHours(9), TimeSpan.Zero, 0);
        var timeline = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics());
        Assert.Empty(timeline.Displacements);
        Assert.Equal(0, timeline.FactLines);
    }
}

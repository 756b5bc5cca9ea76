using System.Globalization;
using System.Text;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Timeline;

/// <summary>
/// The timeline's first pass keeps per-line facts only when some file steps back far enough to start a displaced
/// run. Counted, not timed: <see cref="HostTimeline.FactLines"/> says how many lines the displacement engine held.
/// </summary>
public sealed class TimelineMemoryTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 2021, 9)]
    [InlineData(2, 2024, -5)]
    public void A_large_bundle_in_order_keeps_no_per_line_facts(int seed, int year, int zoneHours)
    {
        // Hand-written generator after the rsyslog traditional and Apache combined formats: stamps go forward with
        // jitter of a few seconds (below the 30 s tolerance), several rotated syslog files and one access log.
        string dir = _temp.NewDirectory($"clean-{seed}");
        var rng = new Random(seed);
        var zone = TimeSpan.FromHours(zoneHours);
        var start = new DateTimeOffset(year, 5, 3, 0, 0, 0, zone);
        const int perFile = 40_000;
        long lines = 0;
        for (int r = 3; r >= 0; r--)
        {
            string name = r == 0 ? "messages" : $"messages-{year}050{3 + 3 - r}";
            var t = start.AddDays(3 - r);
            var sb = new StringBuilder();
            for (int i = 0; i < perFile; i++)
            {
                t = t.AddSeconds(rng.Next(0, 4));
                var shown = t.AddSeconds(-rng.Next(0, 10));
                sb.Append(shown.ToString("MMM d HH:mm:ss", CultureInfo.InvariantCulture))
                  .Append(" host CROND[").Append(1000 + rng.Next(9000)).Append("]: (root) CMD (run-parts /etc/cron.hourly)\n");
            }
            File.WriteAllText(Path.Combine(dir, name), FixDay(sb.ToString()));
            lines += perFile;
        }
        var access = new StringBuilder();
        var a = start;
        for (int i = 0; i < perFile; i++)
        {
            a = a.AddSeconds(rng.Next(0, 8));
            var shown = a.AddSeconds(-rng.Next(0, 120));
            access.Append("203.0.113.").Append(rng.Next(1, 250)).Append(" - - [")
                .Append(shown.ToString("dd/MMM/yyyy:HH:mm:ss ", CultureInfo.InvariantCulture))
                .Append(shown.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", ""))
                .Append("] \"GET /index.html HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"\n");
        }
        Directory.CreateDirectory(Path.Combine(dir, "httpd"));
        File.WriteAllText(Path.Combine(dir, "httpd", "access_log"), access.ToString());
        lines += perFile;

        var timeline = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics());

        Assert.Equal(lines, timeline.EntryCount);
        Assert.Empty(timeline.Displacements);
        Assert.Equal(0, timeline.FactLines);
    }

    [Theory]
    [InlineData(601, 9)]
    [InlineData(602, -4)]
    public void A_displaced_night_keeps_facts_for_the_lines_near_it_only(int seed, int zoneHours)
    {
        // The same host and night with three and with seven days of busy web traffic before it: the lines of the extra
        // days are read, but the displacement engine keeps facts only for the lines near the displaced night.
        (long Facts, long Lines, long Syslog) Read(int days)
        {
            string dir = _temp.NewDirectory($"night-{seed}-{days}");
            IncidentGenerator.Write(dir, IncidentScenario.Default with
            {
                Seed = seed,
                HostZone = TimeSpan.FromHours(zoneHours),
                DaysBefore = days,
                RotatedFiles = 0,
                Visitors = new VisitorPlan { PageViewsPerHour = 60 },
            });
            var timeline = HostTimeline.Read([dir], TimelineBundles.Options, new CollectingDiagnostics());
            Assert.NotEmpty(timeline.Displacements);
            long syslog = timeline.Files.Where(f => f.Format is LogFormat.Syslog or LogFormat.SyslogIso or LogFormat.Yum).Sum(f => f.EntryCount);
            return (timeline.FactLines, timeline.EntryCount, syslog);
        }

        var three = Read(3);
        var seven = Read(7);

        string said = $"facts for {three.Facts} of {three.Lines} lines with 3 days ({three.Syslog} rsyslog and yum), {seven.Facts} of {seven.Lines} with 7 ({seven.Syslog} rsyslog and yum)";
        Assert.True(seven.Lines > three.Lines * 3 / 2, said);
        Assert.True(seven.Facts < seven.Lines / 3, said);
        // The extra days' web traffic (most of their lines) costs no facts. The files the wrong clock stamped (rsyslog's
        // and yum.log) are shorter here than the engine's reach around a run (FactWindows.SyslogLineMargin), so they
        // are kept whole and grow with the days; nothing else does, but for the night itself, which the generator draws
        // a little differently for another number of days (a few hundred lines either way).
        Assert.True(seven.Facts - three.Facts <= seven.Syslog - three.Syslog + (seven.Lines - three.Lines) / 50, said);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(42)]
    public void The_watch_fires_whenever_the_run_finder_could_find_a_run(int seed)
    {
        // Random stamp walks, some with a planted step back (of varying size, sometimes within the tolerance):
        // a file the watch calls clean must never get a displaced run from the full engine.
        var rng = new Random(seed);
        int clean = 0, runs = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            var format = (trial % 3) switch { 0 => LogFormat.Syslog, 1 => LogFormat.ApacheCombined, _ => LogFormat.SyslogIso };
            var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] });
            var watch = new JumpWatch(format, new AnomalyOptions());
            var ledger = new JumpLedger(format, new AnomalyOptions());
            var t = new DateTimeOffset(2020 + rng.Next(5), 1 + rng.Next(12), 1, 0, 0, 0, TimeSpan.Zero);
            int n = 200 + rng.Next(400);
            int from = rng.Next(n), to = from + rng.Next(1, 80);
            var shift = TimeSpan.FromSeconds(rng.Next(0, 2) == 0 ? rng.Next(1, 40) : rng.Next(600, 200_000));
            for (int i = 0; i < n; i++)
            {
                t = t.AddSeconds(rng.Next(0, 20));
                var stamp = i >= from && i < to ? t - shift : t;
                var entry = new LogEntry { Path = "f", LineNumber = i + 1, Format = format, Timestamp = stamp, Program = "p", Message = "m " + i };
                scan.Add(entry);
                watch.Add(stamp);
                ledger.Add(stamp);
            }
            // The ledger that bounds the engine's lines sees the very steps the watch sees.
            Assert.Equal(watch.SawStepBack, ledger.Finish().Count > 0);
            var found = scan.Detect().Where(x => x.Kind == AnomalyKind.DisplacedTimestamps).ToList();
            if (!watch.MayHoldRun)
            {
                Assert.Empty(found);
                clean++;
            }
            if (found.Count > 0) runs++;
        }
        // Both sides were exercised: walks the watch let pass, and walks with a run to find.
        Assert.True(clean > 0 && runs > 0, $"clean {clean}, with runs {runs}");
    }

    // "May  3" is how rsyslog pads one-digit days; the format string above gives "May 3".
    private static string FixDay(string text)
    {
        var sb = new StringBuilder(text.Length + 1024);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0) continue;
            int sp = line.IndexOf(' ');
            int sp2 = line.IndexOf(' ', sp + 1);
            sb.Append(line, 0, sp + 1);
            if (sp2 - sp - 1 == 1) sb.Append(' ');
            sb.Append(line, sp + 1, line.Length - sp - 1).Append('\n');
        }
        return sb.ToString();
    }
}

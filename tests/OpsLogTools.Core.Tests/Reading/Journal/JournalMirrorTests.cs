using System.Globalization;
using System.Text;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// A journal in true time is the reference clock for the host's rsyslog files: rsyslog writes the journal's entries
/// again (same program, pid and message) with the same system clock, so its displaced run shows the same step, and the
/// journal's monotonic clock measures it exactly. Fixtures: a bundle generated per test — an export stream from
/// <see cref="JournalExportGenerator"/> (seeded; <see cref="JournalExportGenerator.WrittenStep"/> is the truth) and a
/// <c>messages</c> file written from the same entries as rsyslog would (its traditional or RFC 3339 template), in the
/// host's zone.
/// </summary>
public sealed class JournalMirrorTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journalmirror-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Steps back that return (runs the stamps alone find in the text file), rsyslog's traditional (whole seconds, yearless) and
    /// RFC 3339 (microseconds, zoned) templates, several zones and seeds.</summary>
    public static TheoryData<long, string, int, bool, int> Cases() => new()
    {
        { -3_600_000_000, "America/New_York", 40, false, 3 },
        { -3_600_000_000, "Asia/Kolkata", 40, true, 3 },
        { -7_200_000_000, "Australia/Lord_Howe", 30, false, 8 },
        { -1_200_000_000, "Europe/Berlin", 35, true, 12 },
        { -5L * 86_400_000_000, "UTC", 50, true, 21 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheTextFilesRunIsMeasuredByTheJournalItMirrors(long step, string zone, int length, bool rfc3339, int seed)
    {
        var (generator, bundle, messages, lines) = Make(step, zone, length, rfc3339, seed);
        var truth = generator.WrittenStep!;
        var finding = Assert.Single(Displaced(bundle, zone), a => a.Path == messages);
        Assert.True(finding.Basis.HasFlag(OffsetBasis.Monotonic | OffsetBasis.SharedEvents), $"basis {finding.Basis}");
        Assert.Equal(AnomalyCause.Clock, finding.Cause);
        // The text file's lines whose entries the stepped clock stamped are the run, exactly.
        var stepped = lines.Select((entry, n) => (entry, n)).Where(x => x.entry >= truth.EntryIndex && x.entry <= truth.LastEntryIndex).ToList();
        Assert.Equal(stepped[0].n + 1, finding.FirstLine);
        Assert.Equal(stepped[^1].n + 1, finding.EndLine);
        // Microseconds from RFC 3339 stamps; whole seconds from the traditional ones (the offset lies within its stated uncertainty).
        long measured = (long)Math.Round(finding.OffsetSeconds * 1e6);
        if (rfc3339) Assert.Equal(step, measured);
        else
        {
            // The uncertainty is reported to a tenth of a second: within it, or within the rounding.
            long tolerance = (long)(Math.Max(finding.OffsetUncertaintySeconds, 0.05) * 1e6);
            Assert.InRange(step, measured - tolerance, measured + tolerance);
        }
        Assert.True(finding.OffsetUncertaintySeconds <= 1, $"uncertainty {finding.OffsetUncertaintySeconds}");
        Assert.Contains(finding.Evidence, e => e.StartsWith("Journal as reference clock:", StringComparison.Ordinal) && e.Contains("system.export", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutTheJournalTheRunHasNoMonotonicMeasure()
    {
        var (_, bundle, messages, _) = Make(-3_600_000_000, "America/New_York", 40, rfc3339: false, seed: 3);
        File.Delete(Path.Combine(bundle, "system.export"));
        Assert.All(Displaced(bundle, "America/New_York").Where(a => a.Path == messages), a => Assert.False(a.Basis.HasFlag(OffsetBasis.Monotonic)));
    }

    private (JournalExportGenerator Generator, string Bundle, string Messages, List<int> Lines) Make(long step, string zone, int length, bool rfc3339, int seed)
    {
        // Some months ago: the bundle's files are dated now, and a yearless messages file is given the year that puts it before now.
        var start = new DateTimeOffset(DateTimeOffset.UtcNow.Date.AddDays(-120 - seed), TimeSpan.Zero).AddHours(21);
        var generator = new JournalExportGenerator { Seed = seed, Boots = 1, EntriesPerBoot = 200, StepMicroseconds = step, StepLength = length, Start = start };
        var bundle = Directory.CreateDirectory(Path.Combine(_dir, "bundle")).FullName;
        string export = Path.Combine(bundle, "system.export");
        File.WriteAllBytes(export, generator.Generate());
        var journal = JournalOracleTests.ReadBundle(export, TimeZoneInfo.FindSystemTimeZoneById(zone), out _);
        string messages = Path.Combine(bundle, "messages");
        var lines = WriteMirror(messages, journal, rfc3339);
        output.WriteLine($"{generator.WrittenStep}; {lines.Count} mirrored lines");
        return (generator, bundle, messages, lines);
    }

    private List<LogAnomaly> Displaced(string bundle, string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps] });
        foreach (var e in new LogReader(FormatRegistry.All).Read([bundle], new LogReadOptions { TimeZone = tz, LocalZone = tz }, new CollectingDiagnostics())) scan.Add(e);
        var found = scan.Detect().Where(a => a.Kind == AnomalyKind.DisplacedTimestamps).ToList();
        foreach (var a in found) output.WriteLine($"{a.Path}:{a.FirstLine}-{a.EndLine} {a.OffsetSeconds} ±{a.OffsetUncertaintySeconds} {a.Basis} {a.Cause}");
        return found;
    }

    /// <summary>rsyslog's copy of the journal: one line per entry with a program and a one-line printable message, stamped
    /// with the entry's realtime (the same system clock) in the host's zone.</summary>
    internal static List<int> WriteMirror(string path, List<JournalEntry> journal, bool rfc3339)
    {
        var text = new StringBuilder();
        var mirrored = new List<int>();
        for (int i = 0; i < journal.Count; i++)
        {
            var e = journal[i];
            if (e.Program is null || e.Message.Length == 0 || e.Message.Any(c => char.IsControl(c))) continue;
            var t = e.Timestamp;
            string stamp = rfc3339
                ? t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture)
                : string.Create(CultureInfo.InvariantCulture, $"{t:MMM} {t.Day,2} {t:HH:mm:ss}");
            text.Append(stamp).Append(' ').Append(e.HostName).Append(' ').Append(e.Program);
            if (e.ProcessId is int pid) text.Append('[').Append(pid).Append(']');
            text.Append(": ").Append(e.Message).Append('\n');
            mirrored.Add(i);
        }
        File.WriteAllText(path, text.ToString());
        return mirrored;
    }
}

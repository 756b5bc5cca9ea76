using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// Issue 13: Get-LogAnomaly on real logs written by other projects raises no displaced-stamp finding and no uncertain
/// time that the lines do not show. Each file is read alone, as Get-LogAnomaly reads it, in UTC with no -TimeZone or
/// -ReferenceDate (the year and zone of yearless files are then guesses, which must never become a finding).
/// </summary>
/// <remarks>
/// What each file is, and what a reader of its raw lines sees (0 findings unless said):
/// <list type="bullet">
/// <item>crowdsec-hub .tests: apache2, nginx, CloudFront, CRI, iptables, pam, postfix, segfault, ssh and sshd fixtures: a
/// few lines each, in order.</item>
/// <item>lnav test: logfile_syslog.0-2 (in order; .1 crosses New Year), logfile_dst.0 (the Los Angeles fall-back hour:
/// a step back the guessed UTC zone makes, not a fault), logfile_bad_syslog.0, logfile_syslog_with_header.0,
/// logfile_syslog_with_access_log.0, access logs, haproxy, journald JSON, logfile_with_zones.0.</item>
/// <item>plaso test_data: apache_access.log, cri.log, the syslog samples (plaso's own syslog file mixes months out of
/// order on purpose; no run of two lines or more steps back and comes again), syslog.gz, syslog_copy.</item>
/// </list>
/// Left out, for the displaced-run finder rather than time inference (<see cref="FinderCases"/>): two files whose
/// out-of-order lines a reader takes for something else than a displaced clock.
/// </remarks>
public sealed class RealLogDisplacementTests(ITestOutputHelper output)
{
    /// <summary>
    /// Files where DisplacedRunFinder (not the year or zone) still reports a run a reader would not: both are measured from
    /// the file's own lines (Basis Boundaries), with nothing guessed between them, so no time evidence is involved.
    /// </summary>
    private static readonly Dictionary<string, string> FinderCases = new(StringComparer.Ordinal)
    {
        // Lines of three hosts (canyon, mail, mail2) pasted together, months apart and out of order: not one host's log.
        ["crowdsec-hub/.tests/dovecot-logs/dovecot-logs.log"] = "a fixture of several hosts' lines",
        // A Mac going to sleep at 01:25 and waking at 03:12: one kernel line of 01:25:39 (and one of 03:13:16) delivered
        // after the wake-up lines; the finder calls the two lines before it displaced by +1:47:18.
        ["lnav/test/logfile_syslog_with_mixed_times.0"] = "single late-delivered lines around a sleep",
    };

    [RealDataFact]
    public void NoDisplacedStampsOrUncertainTimeInRealLogs()
    {
        int read = 0;
        foreach (string file in Directory.EnumerateFiles(RealDataFolder.Path!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string relative = Path.GetRelativePath(RealDataFolder.Path!, file).Replace('\\', '/');
            var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.DisplacedTimestamps, AnomalyKind.UncertainTime] });
            int entries = 0;
            foreach (var e in new LogReader(FormatRegistry.All).Read([file], new LogReadOptions { LocalZone = TimeZoneInfo.Utc }, new CollectingDiagnostics()))
            {
                scan.Add(e);
                entries++;
            }
            if (entries == 0) continue;
            read++;
            var found = scan.Detect();
            output.WriteLine($"{relative}: {entries} entries, {found.Count} finding(s)");
            foreach (var a in found) output.WriteLine($"   {a.Kind} {a.FirstLine}-{a.LastLine} {a.Basis} {a.Summary}");
            if (FinderCases.ContainsKey(relative)) continue;
            Assert.True(found.Count == 0, $"{relative}: {string.Join("; ", found.Select(a => $"{a.Kind} {a.FirstLine}-{a.LastLine} {a.Summary}"))}");
        }
        Assert.True(read >= 40, $"only {read} real logs were read");
    }
}

using System.Globalization;
using OpsLogTools.Core.Analysis.Updates;
using OpsLogTools.Core.Analysis.Updates.Timers;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reports;
using OpsLogTools.Core.Tests.Reading.Journal;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Generated Amazon Linux 2023 hosts (<see cref="HostFamily.AmazonLinux2023"/>: no rsyslog, every line in the journal's
/// export file; dnf-automatic from dnf-automatic.timer, dnf.log/dnf.rpm.log/hawkey.log as dnf 4 writes them, a manual
/// <c>sudo dnf install</c>) read the way Test-YumUpdateWindow reads them, in several zones, seeds and dates, with and without
/// a drop-in that moves the timer; each run the truth lists is found with its times, packages (from → to), trigger and
/// relation to the incident.
/// </summary>
public sealed class AmazonLinux2023HostBundleTests(ITestOutputHelper output)
{
    public static TheoryData<int, string?, int, string, string?> Hosts => new()
    {
        { 20220719, null, 9, "2022-07-19T21:10", null },               // the seed's JST host
        { 7, "Europe/Berlin", 0, "2024-10-26T21:10", null },           // the timer's morning follows the fall-back night
        { 1234, "America/New_York", 0, "2023-03-11T21:10", "04:30" },  // spring-forward night, timer moved by a drop-in
        { 99, null, -3, "2025-01-08T20:05", "05:15" },
        { 5, "UTC", 0, "2024-02-28T22:40", null },                     // across the leap day
    };

    private static IncidentScenario Scenario(int seed, string? zone, int hours, string incident, string? dropIn) =>
        IncidentScenario.Default with
        {
            Seed = seed,
            HostFamily = HostFamily.AmazonLinux2023,
            HostTimeZone = zone,
            HostZone = TimeSpan.FromHours(hours),
            IncidentStart = DateTime.Parse(incident, CultureInfo.InvariantCulture),
            Updates = new UpdatePlan { DnfTimerAt = dropIn is null ? null : TimeSpan.Parse(dropIn, CultureInfo.InvariantCulture) },
        };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_dnf_run_is_found_with_its_times_packages_trigger_and_relation(int seed, string? zoneId, int hours, string incident, string? dropIn)
    {
        var dir = Path.Combine(Path.GetTempPath(), "opslogtools-al2023-" + Guid.NewGuid().ToString("N"));
        try
        {
            var truth = IncidentGenerator.Write(dir, Scenario(seed, zoneId, hours, incident, dropIn));
            var zone = zoneId is null ? TimeZoneInfo.CreateCustomTimeZone("host", TimeSpan.FromHours(hours), "host", "host") : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            Assert.True(truth.UpdateRuns.Count >= 3, "the generator planted the earlier, incident-night and manual runs");
            // No rsyslog on AL2023: no syslog files, no yum.
            foreach (var name in new[] { "messages", "secure", "cron", "yum.log" }) Assert.False(File.Exists(Path.Combine(dir, name)), name);
            Assert.Equal(dropIn is not null, File.Exists(Path.Combine(dir, DnfUpdateWriter.DropInPath)));
            CheckRuns(dir, truth, zone, dropIn, JournalWriter.ExportPath);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [SystemdJournalTheory]
    [InlineData(20220719, null, 9, "2022-07-19T21:10")]
    [InlineData(7, "Europe/Berlin", 0, "2024-10-26T21:10")]
    public void The_same_runs_come_out_of_a_real_journal_file(int seed, string? zoneId, int hours, string incident)
    {
        // systemd-journal-remote (systemd 252) turns the generated export into the binary journal an AL2023 host keeps under
        // /var/log/journal/<machine-id>/; the export is removed, so the start lines and sudo come from the journal file.
        var dir = Path.Combine(Path.GetTempPath(), "opslogtools-al2023j-" + Guid.NewGuid().ToString("N"));
        try
        {
            var truth = IncidentGenerator.Write(dir, Scenario(seed, zoneId, hours, incident, null));
            var zone = zoneId is null ? TimeZoneInfo.CreateCustomTimeZone("host", TimeSpan.FromHours(hours), "host", "host") : TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            string export = Path.Combine(dir, JournalWriter.ExportPath);
            string journal = Path.Combine(dir, "journal", "ec2a1b2c3d4e5f60718293a4b5c6d7e8", "system.journal");
            Directory.CreateDirectory(Path.GetDirectoryName(journal)!);
            SystemdJournalTools.Write(export, journal, SystemdJournalTools.Variant.Default);
            File.Delete(export);
            CheckRuns(dir, truth, zone, null, "system.journal");
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    private void CheckRuns(string dir, GroundTruth truth, TimeZoneInfo zone, string? dropIn, string journalName)
    {
        {
            var diagnostics = new CollectingDiagnostics();
            var entries = new LogReader(FormatRegistry.All).Read([dir], new LogReadOptions { TimeZone = zone }, diagnostics).ToList();
            var jobs = BundleCrontabs.Read([dir], diagnostics).ToList();
            var timers = TimerUnitReader.Read([dir], diagnostics);
            var timer = Assert.Single(timers, t => t.Name == "dnf-automatic.timer");
            var history = new UpdateRunDetector(diagnostics: diagnostics).Detect(entries, jobs, zone, timers);
            Assert.Empty(diagnostics.Errors);
            Assert.Empty(diagnostics.Warnings);
            // Every dnf file is read as dnf's, and the journal as the journal.
            Assert.Contains(entries, e => e is JournalEntry { Program: "dnf-automatic" });
            Assert.Contains(entries, e => e.Format == LogFormat.DnfRpm);
            Assert.Contains(entries, e => e.Format == LogFormat.Dnf && e.Path.EndsWith("hawkey.log", StringComparison.Ordinal));
            Assert.Contains(entries, e => e.Format == LogFormat.Dnf && e.Message == "Started dnf-automatic.");

            var incidentEnd = truth.Outage?.Up ?? truth.IncidentStart;
            var results = new UpdateWindowEvaluator(history).Evaluate(UpdateWindowQuery.ForWindow(truth.IncidentStart, incidentEnd)).ToList();
            foreach (var r in results) output.WriteLine($"{r.Run.Tool} {r.UpdateStart:O}..{r.UpdateEnd:O} {r.Trigger} {r.Schedule} {r.Run.User} {r.Run.Command} {r.Relation} | {string.Join("; ", r.Run.ScheduleEvidence)}");

            Assert.Equal(truth.UpdateRuns.Count, results.Count);
            foreach (var want in truth.UpdateRuns)
            {
                var got = Assert.Single(results, r => r.UpdateStart == want.Start);
                Assert.Equal((want.Start, want.End), (got.UpdateStart, got.UpdateEnd));
                Assert.Equal(want.Start.Offset, got.UpdateStart.Offset);
                Assert.Equal(("dnf", want.Command), (got.Run.Tool, got.Run.Command));
                // from → to: dnf.rpm.log's Upgraded line gives the version before ([epoch:]version-release).
                Assert.Equal(want.Packages.Select(p => (p.Name, p.FromVersion is null ? "" : (p.Epoch is { } e ? $"{e}:" : "") + p.FromVersion, $"{p.Version}-{p.Release}")),
                    got.Packages.Select(p => (p.Name, p.FromVersion, $"{p.Version}-{p.Release}")));
                Assert.Equal(Path.Combine(dir, DnfLogs.RpmLogPath), got.Run.Path);
                Assert.Equal((want.LogFirstLine, want.LogLastLine), ((long?)got.Run.FirstLine, (long?)got.Run.LastLine));
                if (want.Trigger == "SystemdTimer")
                {
                    Assert.Equal(UpdateTrigger.SystemdTimer, got.Trigger);
                    Assert.StartsWith("dnf-automatic.timer (OnCalendar=" + want.OnCalendar, got.Schedule, StringComparison.Ordinal);
                    Assert.Null(got.Run.User);
                    // The OnCalendar in force (the drop-in's when there is one) with the elapse the truth planted.
                    string unitFile = dropIn is null ? DnfUpdateWriter.TimerPath : DnfUpdateWriter.DropInPath;
                    Assert.Contains(got.Run.ScheduleEvidence, e => e.Contains($"OnCalendar={want.OnCalendar}", StringComparison.Ordinal)
                        && e.Contains(Path.Combine(dir, unitFile), StringComparison.Ordinal)
                        && e.Contains("elapsed " + want.TimerElapse!.Value.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture), StringComparison.Ordinal));
                    // The line that shows the service starting: dnf.log's "Started dnf-automatic." or the journal's systemd line (one
                    // start is kept of the two, seconds apart).
                    Assert.Contains(got.Run.ScheduleEvidence, e => e.Contains(Path.Combine(dir, "dnf.log") + ":", StringComparison.Ordinal) && e.Contains("Started dnf-automatic.", StringComparison.Ordinal)
                        || e.Contains(journalName, StringComparison.Ordinal) && e.Contains("Starting dnf-automatic.service", StringComparison.Ordinal));
                    Assert.InRange(want.Start - want.TimerElapse.Value, TimeSpan.Zero, TimeSpan.FromHours(1));
                }
                else
                {
                    Assert.Equal(("Manual", UpdateTrigger.Manual, "ec2-user"), (want.Trigger, got.Trigger, got.Run.User));
                    Assert.Equal(DnfUpdateWriter.ManualCommand, got.Run.Command);
                    Assert.Contains(got.Run.ScheduleEvidence, e => e.Contains(journalName, StringComparison.Ordinal) && e.Contains("COMMAND=" + DnfUpdateWriter.ManualCommand, StringComparison.Ordinal));
                }
                var expected = want.End <= truth.IncidentStart ? UpdateRelation.Before : want.Start >= incidentEnd ? UpdateRelation.After : (UpdateRelation?)null;
                if (expected is not null) Assert.Equal(expected, got.Relation);
            }

            // The first morning after the incident updated tzdata (Clocks) and glibc from the timer; the manual install came before.
            var night = Assert.Single(truth.UpdateRuns, u => u.Start > truth.IncidentStart && u.Trigger == "SystemdTimer");
            var nightResult = Assert.Single(results, r => r.UpdateStart == night.Start);
            Assert.Contains(nightResult.RelevantPackages, p => p.Package.Name == "tzdata" && p.Area == UpdateArea.Clocks);
            Assert.Contains(nightResult.RelevantPackages, p => p.Package.Name == "glibc");
            Assert.Contains(truth.UpdateRuns, u => u.Trigger == "Manual" && u.End <= truth.IncidentStart);
            Assert.Contains(truth.UpdateRuns, u => u.Trigger == "SystemdTimer" && u.End <= truth.IncidentStart);
        }
    }
    [Theory]
    [InlineData(31, "Asia/Tokyo", "2024-06-11T21:10")]
    [InlineData(8, "America/Chicago", "2023-11-04T22:00")] // the timer's morning is the US fall-back morning
    public void The_report_matches_dnf_runs_to_the_bundles_timer_as_Test_YumUpdateWindow_does(int seed, string zoneId, string incident)
    {
        var dir = Path.Combine(Path.GetTempPath(), "opslogtools-al2023r-" + Guid.NewGuid().ToString("N"));
        try
        {
            var truth = IncidentGenerator.Write(dir, Scenario(seed, zoneId, 0, incident, null));
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var diagnostics = new CollectingDiagnostics();
            OpsReport Report(bool withTimers)
            {
                // As Export-OpsReport: crontabs and (issue 17) the bundle's timer units in the options.
                var builder = new OpsReportBuilder(new OpsReportOptions
                {
                    HostZone = zone,
                    CronJobs = BundleCrontabs.Read([dir], diagnostics),
                    Timers = withTimers ? TimerUnitReader.Read([dir], diagnostics) : [],
                    GeneratedAt = truth.LogEnd,
                }, diagnostics);
                builder.Analyze(new LogReader(FormatRegistry.All).Read([dir], new LogReadOptions { TimeZone = zone }, diagnostics));
                return builder.Build();
            }

            var timerRuns = truth.UpdateRuns.Where(u => u.Trigger == "SystemdTimer").ToList();
            Assert.NotEmpty(timerRuns);
            var report = Report(withTimers: true);
            foreach (var want in timerRuns)
            {
                var got = Assert.Single(report.UpdateRuns, r => r.Result.UpdateStart == want.Start).Result;
                Assert.Equal(UpdateTrigger.SystemdTimer, got.Trigger);
                Assert.StartsWith("dnf-automatic.timer (OnCalendar=*-*-* 6:00", got.Schedule, StringComparison.Ordinal);
            }
            // Without the units the same runs are dnf-automatic's, with no timer named: the options really carry the timers.
            var bare = Report(withTimers: false);
            foreach (var want in timerRuns)
                Assert.Equal(UpdateTrigger.DnfAutomatic, Assert.Single(bare.UpdateRuns, r => r.Result.UpdateStart == want.Start).Result.Trigger);
            Assert.Empty(diagnostics.Errors);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}

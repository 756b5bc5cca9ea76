using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// Generated bundles whose displaced-clock run is the work of <c>date -s</c> (<see cref="ClockWitnessPlan.DateStepsAtRunEdges"/>):
/// wtmp holds the OLD_TIME/NEW_TIME pair at the run's start and end and, when the host runs auditd
/// (<see cref="ClockWitnessPlan.AuditTimeChange"/>), audit.log the <c>-k time-change</c> clock_settime SYSCALL records.
/// Read and scanned as Get-LogAnomaly does, in several zones and seeds: the pair's steps and the audit records are the
/// run's ClockEvents, the offset comes from the printed step (Basis ClockWitness), the cause is Clock and the evidence
/// quotes them; with the witnesses off the same run has none.
/// </summary>
public sealed class DateWitnessBundleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(null, 2022, 7, 19, 181, true)]
    [InlineData("America/New_York", 2023, 11, 7, 182, true)]
    [InlineData("Asia/Kolkata", 2024, 2, 29, 183, false)]
    [InlineData("Europe/Berlin", 2023, 4, 4, 184, true)]
    public void DateStepsInWtmpAndAuditAreTheRunsWitnesses(string? zoneId, int year, int month, int day, int seed, bool audit)
    {
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zoneId,
            IncidentStart = new DateTime(year, month, day, 21, 10, 0),
            ClockWitnesses = new ClockWitnessPlan { DateStepsAtRunEdges = true, AuditTimeChange = audit },
        };
        using var run = new AnomalyBundleRun("date-" + seed, scenario);
        output.WriteLine(run.Describe());
        var runs = run.Truth.StampRuns.Where(r => r.Kind == StampRunKind.DisplacedClock).ToList();
        Assert.NotEmpty(runs);
        foreach (var truth in runs)
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path), x => x.FirstLine == truth.FirstLine);
            foreach (var e in a.ClockEvents) output.WriteLine($"{e.Source} {e.Kind} {e.StepSeconds} {e.Path}:{e.LineNumber} {e.Line}");
            foreach (var e in a.Evidence) output.WriteLine(e);
            Assert.Equal(truth.OffsetSeconds, a.OffsetSeconds, 0);
            Assert.Equal(AnomalyCause.Clock, a.Cause);
            Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness), a.Basis.ToString());
            Assert.Equal(TamperVerdict.Unlikely, a.Tampering);
            // date set the clock wrong at the start (stepped by the offset) and back at the end (by minus the offset, less
            // the microseconds gettimeofday had in OLD_TIME): both wtmp pairs are the run's witnesses.
            var wtmp = a.ClockEvents.Where(e => e.Source == "wtmp").OrderBy(e => e.LineNumber).ToList();
            Assert.Equal(2, wtmp.Count);
            Assert.All(wtmp, e => Assert.Equal((ClockEventKind.ClockStepped, "wtmp"), (e.Kind, run.Relative(e.Path))));
            Assert.InRange(wtmp[0].StepSeconds!.Value, truth.OffsetSeconds - 1, truth.OffsetSeconds);
            Assert.InRange(wtmp[1].StepSeconds!.Value, -truth.OffsetSeconds - 1, -truth.OffsetSeconds);
            Assert.Equal((2, 4), (wtmp[0].LineNumber, wtmp[1].LineNumber));
            Assert.Contains(a.Evidence, e => e.StartsWith("Clock witness: wtmp moved the clock by", StringComparison.Ordinal));
            Assert.Contains(a.Evidence, e => e.StartsWith("Cause: wtmp saw the clock stepped at the run's start", StringComparison.Ordinal));
            Assert.Contains(a.Evidence, e => e.StartsWith("Tamper check (fits a re-stamp): the run ends where wtmp saw the clock stepped by", StringComparison.Ordinal));
            var audited = a.ClockEvents.Where(e => e.Source == "auditd").ToList();
            if (audit)
            {
                // Two clock_settime(CLOCK_REALTIME) calls by date, SYSCALL records 1 and 4 (each with its PROCTITLE and EOE).
                Assert.Equal([1L, 4L], audited.Select(e => e.LineNumber).Order());
                Assert.All(audited, e => Assert.Equal((ClockEventKind.ClockSet, "audit/audit.log", "clock_settime by /usr/bin/date, auid 1000"), (e.Kind, run.Relative(e.Path), e.Detail)));
                Assert.Contains(a.Evidence, e => e.Contains("auditd saw the clock set (clock_settime by /usr/bin/date, auid 1000)", StringComparison.Ordinal));
            }
            else
            {
                Assert.Empty(audited);
                Assert.False(File.Exists(Path.Combine(run.Directory, "audit", "audit.log")));
            }
        }
    }

    [Theory]
    [InlineData(null, 191)]
    [InlineData("America/New_York", 192)]
    public void WithoutTheWitnessesTheRunHasNone(string? zoneId, int seed)
    {
        var scenario = IncidentScenario.Default with { Seed = seed, HostTimeZone = zoneId, IncidentStart = new DateTime(2023, 11, 7, 21, 10, 0) };
        using var run = new AnomalyBundleRun("nodate-" + seed, scenario);
        Assert.False(File.Exists(Path.Combine(run.Directory, "wtmp")));
        foreach (var truth in run.Truth.StampRuns.Where(r => r.Kind == StampRunKind.DisplacedClock))
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path), x => x.FirstLine == truth.FirstLine);
            Assert.Empty(a.ClockEvents);
            Assert.False(a.Basis.HasFlag(OffsetBasis.ClockWitness), a.Basis.ToString());
        }
    }

    [Reading.Utmp.UtmpDumpTheory]
    [InlineData("Asia/Kolkata", 2024, 2, 29, 183)]
    [InlineData("Europe/Berlin", 2023, 4, 4, 184)]
    public void UtmpdumpReadsDatesClockChangePairs(string? zoneId, int year, int month, int day, int seed)
    {
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zoneId,
            IncidentStart = new DateTime(year, month, day, 21, 10, 0),
            ClockWitnesses = new ClockWitnessPlan { DateStepsAtRunEdges = true },
        };
        using var run = new AnomalyBundleRun("datedump-" + seed, scenario);
        var truth = Assert.Single(run.Truth.StampRuns, r => r.Kind == StampRunKind.DisplacedClock && r.Path == "cron");
        var records = Reading.Utmp.UtmpDumpTool.Dump(Path.Combine(run.Directory, "wtmp"));
        Assert.Equal([4, 3, 4, 3], records.Select(r => r.Type));
        Assert.All(records, r => Assert.Equal(("date", 0, ""), (r.User, r.Pid, r.Host)));
        Assert.Equal(["|", "{", "|", "{"], records.Select(r => r.Terminal));
        // The steps utmpdump shows (new minus old) are the run's offset, there and back.
        Assert.InRange((records[1].Time - records[0].Time).TotalSeconds, truth.OffsetSeconds - 1, truth.OffsetSeconds);
        Assert.InRange((records[3].Time - records[2].Time).TotalSeconds, -truth.OffsetSeconds - 1, -truth.OffsetSeconds);
        // The run's first line is stamped after the clock was set wrong, its last before it was set right.
        Assert.True(records[1].Time <= truth.StampedStart && truth.StampedEnd <= records[2].Time);
    }

    [Theory]
    [InlineData("Europe/Berlin", 185)]
    [InlineData("Asia/Tokyo", 186)]
    public void WithTheSshAttackBothShareWtmpAndAuditLog(string zoneId, int seed)
    {
        // The attack (50 min before the incident) and the clock steps go into the same wtmp and audit.log, in time order.
        var scenario = IncidentScenario.Default with
        {
            Seed = seed,
            HostTimeZone = zoneId,
            IncidentStart = new DateTime(2023, 11, 7, 21, 10, 0),
            ClockWitnesses = new ClockWitnessPlan { DateStepsAtRunEdges = true, AuditTimeChange = true },
            SshAttack = new SshAttackPlan { Enabled = true, FailedTries = 9, LoginRecords = true, Auditd = true },
        };
        using var run = new AnomalyBundleRun("dateattack-" + seed, scenario);
        foreach (var a in run.Found) output.WriteLine($"{a.Kind} {run.Relative(a.Path)}:{a.FirstLine}-{a.LastLine} {a.Cause} {a.Basis} {a.Tampering}");
        var attack = Assert.IsType<SshAttackTruth>(run.Truth.SshAttack);
        foreach (var truth in run.Truth.StampRuns.Where(r => r.Kind == StampRunKind.DisplacedClock))
        {
            var a = Assert.Single(run.Of(AnomalyKind.DisplacedTimestamps, truth.Path), x => x.FirstLine == truth.FirstLine);
            Assert.Equal(AnomalyCause.Clock, a.Cause);
            Assert.True(a.Basis.HasFlag(OffsetBasis.ClockWitness), a.Basis.ToString());
            Assert.Equal(2, a.ClockEvents.Count(e => e.Source == "wtmp"));
            Assert.Equal(2, a.ClockEvents.Count(e => e.Source == "auditd"));
        }
        var records = Reading.Utmp.UtmpDumpTool.Missing is null ? Reading.Utmp.UtmpDumpTool.Dump(Path.Combine(run.Directory, "wtmp")) : null;
        if (records is not null)
        {
            // The login and its logout come before the clock was set wrong (the attack is earlier), then date's two pairs.
            Assert.Equal([7, 8, 4, 3, 4, 3], records.Select(r => r.Type));
            Assert.Equal(attack.Source, records[0].Host);
        }
        var scan = new LoginScan(new LoginOptions { IncidentStart = run.Truth.IncidentStart, IncidentEnd = run.Truth.IncidentStart.AddHours(6) });
        foreach (var e in new LogReader(FormatRegistry.All).Read([run.Directory], new LogReadOptions(), new CollectingDiagnostics())) scan.Add(e);
        var found = Assert.Single(scan.Detect(), f => f.Source == attack.Source);
        Assert.Equal((attack.Failures, 1, LoginActivityKind.SuccessAfterFailures), (found.Failures, found.Successes, found.Kind));
        Assert.Contains("wtmp", found.Witnesses);
        Assert.Contains("audit.log", found.Witnesses);
    }
}

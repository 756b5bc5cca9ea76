using System.Diagnostics;
using System.Globalization;
using OpsLogTools.Core.Analysis.Witnesses;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Tests.RealData;
using Xunit;

namespace OpsLogTools.Core.Tests.Witnesses;

/// <summary>A fact that runs Debian's <c>ausearch</c> (package auditd; .ci/run installs it when missing): skipped where it is absent.</summary>
public sealed class AusearchFactAttribute : FactAttribute
{
    public AusearchFactAttribute()
    {
        if (Ausearch.Path is null) Skip = "ausearch is not on PATH (Debian package auditd)";
    }
}

/// <summary>ausearch as an oracle: its events (<c>----</c>, <c>time-&gt;</c>, the records) from <c>ausearch -if FILE</c> with TZ=UTC.</summary>
public static class Ausearch
{
    private static readonly Lazy<string?> Found = new(() =>
        (Environment.GetEnvironmentVariable("PATH") + ":/usr/sbin:/sbin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "ausearch")).FirstOrDefault(File.Exists));

    public static string? Path => Found.Value;

    /// <summary>Each event ausearch prints: its time line (UTC, to the second) and the serial and type of each record.</summary>
    public static List<(DateTimeOffset Time, List<(long Serial, string Type)> Records)> Events(string file)
    {
        var start = new ProcessStartInfo(Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-if", file]) start.ArgumentList.Add(a);
        start.Environment["TZ"] = "UTC";
        using var p = Process.Start(start)!;
        var text = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("ausearch did not finish in a minute"); }
        var events = new List<(DateTimeOffset, List<(long, string)>)>();
        foreach (string line in text.Result.Split('\n'))
        {
            if (line.StartsWith("time->", StringComparison.Ordinal))
            {
                var t = DateTime.ParseExact(string.Join(' ', line[6..].Split(' ', StringSplitOptions.RemoveEmptyEntries)), "ddd MMM d HH:mm:ss yyyy", CultureInfo.InvariantCulture);
                events.Add((new DateTimeOffset(t, TimeSpan.Zero), []));
            }
            else if (line.StartsWith("type=", StringComparison.Ordinal) && events.Count > 0)
            {
                int sp = line.IndexOf(' ');
                int colon = line.IndexOf(':', line.IndexOf("audit(", StringComparison.Ordinal));
                int close = line.IndexOf(')', colon);
                events[^1].Item2.Add((long.Parse(line[(colon + 1)..close], CultureInfo.InvariantCulture), line[5..sp]));
            }
        }
        return events;
    }
}

/// <summary>
/// Records grouped into events (<see cref="AuditEvents"/>) as ausearch groups them, on the real audit logs of realdata and
/// on a file of time-change events written after the kernel's formats (kernel/auditsc.c audit_tk_injoffset "sec=%lld
/// nsec=%li", audit_ntp_log "op=%s old=%lli new=%lli") and the STIG time-change rules, whose clock events are checked too.
/// </summary>
public sealed class AusearchOracleTests
{
    // A settimeofday by date(1) as root stepping the clock back 9.3 s, a zone change through /etc/localtime's rename by
    // timedatectl, an NTP offset change by chronyd, and a login; interleaved as the kernel may write them.
    internal const string TimeChangeLog = """
        type=SYSCALL msg=audit(1690000000.123:500): arch=c000003e syscall=164 success=yes exit=0 a0=7ffc8a1e9a60 a1=0 a2=0 a3=0 items=0 ppid=1402 pid=1500 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="date" exe="/usr/bin/date" subj=unconfined key="time-change"
        type=TIME_INJOFFSET msg=audit(1690000000.123:500): sec=-10 nsec=700000000
        type=PROCTITLE msg=audit(1690000000.123:500): proctitle=64617465002D73
        type=USER_LOGIN msg=audit(1690000001.000:501): pid=1600 uid=0 auid=1000 ses=4 msg='op=login id=1000 exe="/usr/sbin/sshd" hostname=203.0.113.9 addr=203.0.113.9 terminal=/dev/pts/1 res=success'
        type=EOE msg=audit(1690000000.123:500): 
        type=SYSCALL msg=audit(1690000100.456:502): arch=c000003e syscall=82 success=yes exit=0 a0=7ffd1 a1=7ffd2 a2=0 a3=0 items=4 ppid=1 pid=1700 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="systemd-timedat" exe="/usr/lib/systemd/systemd-timedated" key="time-change"
        type=CWD msg=audit(1690000100.456:502): cwd="/"
        type=PATH msg=audit(1690000100.456:502): item=0 name="/etc/" inode=2 dev=08:01 mode=040755 ouid=0 ogid=0 rdev=00:00 nametype=PARENT cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0
        type=PATH msg=audit(1690000100.456:502): item=1 name="/etc/localtime" inode=77 dev=08:01 mode=0120777 ouid=0 ogid=0 rdev=00:00 nametype=CREATE cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0
        type=EOE msg=audit(1690000100.456:502): 
        type=TIME_ADJNTPVAL msg=audit(1690000200.789:503): op=offset old=0 new=120000
        type=SYSCALL msg=audit(1690000200.789:503): arch=c000003e syscall=159 success=yes exit=0 a0=7ffe a1=0 a2=0 a3=0 items=0 ppid=1 pid=612 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="chronyd" exe="/usr/sbin/chronyd" key="time-change"
        type=EOE msg=audit(1690000200.789:503): 
        """;

    [RealDataFact]
    public void RealAuditLogsGroupAsAusearchGroupsThem()
    {
        if (Ausearch.Path is null) return; // the realdata half needs ausearch too; AusearchFact below reports its absence
        foreach (string[] file in (string[][])[["plaso", "test_data", "audit_enriched.log"], ["crowdsec-hub", ".tests", "auditd-logs", "auditd-logs.log"]])
            Compare(RealDataFolder.Combine(file));
    }

    [AusearchFact]
    public void TimeChangeEventsGroupAsAusearchGroupsThemAndAreClockEvents()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.log");
        File.WriteAllText(path, TimeChangeLog.Replace("\r\n", "\n") + "\n");
        try
        {
            var events = Compare(path);
            var clock = events.Select(AuditWitness.Read).ToList();
            var step = Assert.IsType<ClockEvent>(clock[0]);
            Assert.Equal(ClockEventKind.ClockStepped, step.Kind);
            Assert.Equal(-9.3, step.StepSeconds!.Value, 9);
            Assert.Equal("settimeofday by /usr/bin/date, auid 1000", step.Detail);
            Assert.Equal(2, step.LineNumber);
            Assert.Null(clock[1]); // the login
            var zone = Assert.IsType<ClockEvent>(clock[2]);
            Assert.Equal(ClockEventKind.TimeZoneChanged, zone.Kind);
            Assert.StartsWith("/etc/localtime (/usr/lib/systemd/systemd-timedated", zone.Detail, StringComparison.Ordinal);
            var ntp = Assert.IsType<ClockEvent>(clock[3]);
            Assert.Equal(ClockEventKind.ClockAdjusted, ntp.Kind);
            Assert.Equal("offset 0 -> 120000", ntp.Detail);
            Assert.All(clock.OfType<ClockEvent>(), e => Assert.Equal("auditd", e.Source));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<IReadOnlyList<AuditEntry>> Compare(string path)
    {
        var entries = AuditFormatTests.ReadAll(path).Where(r => r.Status == LineParseStatus.Parsed).Select(r => (AuditEntry)r.Entry!).ToList();
        var ours = AuditEvents.Group(entries);
        var theirs = Ausearch.Events(path);
        Assert.Equal(theirs.Count, ours.Count);
        for (int i = 0; i < ours.Count; i++)
        {
            Assert.Equal(theirs[i].Time, new DateTimeOffset(ours[i][0].Timestamp.UtcTicks - ours[i][0].Timestamp.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
            Assert.Equal(theirs[i].Records.OrderBy(r => r.Type, StringComparer.Ordinal), ours[i].Select(r => (r.Serial, r.RecordType)).OrderBy(r => r.RecordType, StringComparer.Ordinal));
        }
        return ours;
    }
}

using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using Xunit;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// What the cross-witness comparison blames and what it never blames, on hand-made entries (the shapes the syslog, utmp
/// and audit readers give: sshd's OpenSSH lines, glibc utmp USER_PROCESS records, auditd USER_LOGIN fields as sshd's
/// audit-linux.c writes them) in two zones: secure logs a line every 5 minutes for 4 hours, wtmp and audit.log keep
/// terminal sessions.
/// </summary>
public sealed class WitnessHoleTests
{
    private sealed class Host(TimeSpan zone)
    {
        public readonly DateTimeOffset Start = new(2024, 3, 5, 9, 0, 0, zone);
        public readonly List<LogEntry> Secure = [];
        public readonly List<LogEntry> Wtmp = [];
        public readonly List<LogEntry> Audit = [];

        public Host Noise(int hours = 4)
        {
            for (int m = 0; m < hours * 60; m += 5) SecureLine(Start.AddMinutes(m).AddSeconds(7), "sshd", $"Connection closed by 203.0.113.{m % 200 + 1} port {40000 + m} [preauth]");
            return this;
        }

        public void SecureLine(DateTimeOffset t, string program, string message) =>
            Secure.Add(new LogEntry { Path = "/b/secure", Format = LogFormat.Syslog, Timestamp = t, Program = program, ProcessId = 4000 + Secure.Count, Message = message });

        public void Accepted(DateTimeOffset t, string user, string ip) => SecureLine(t, "sshd", $"Accepted publickey for {user} from {ip} port 50122 ssh2: ED25519 SHA256:x");

        public void Session(DateTimeOffset t, string user, string line, string host, string? ip) =>
            Wtmp.Add(new LoginRecordEntry { Path = "/b/wtmp", Format = LogFormat.Utmp, Timestamp = t, Kind = "UserProcess", User = user, Line = line, Host = host, Address = ip, Offset = Wtmp.Count * 384L, Message = $"{user} logged in on {line}" });

        public void UserLogin(DateTimeOffset t, string ip, string terminal) =>
            Audit.Add(new AuditEntry
            {
                Path = "/b/audit/audit.log",
                Format = LogFormat.Audit,
                Timestamp = t.ToUniversalTime(),
                RecordType = "USER_LOGIN",
                Message = "",
                Fields = new Dictionary<string, string> { ["op"] = "login", ["id"] = "1000", ["exe"] = "/usr/sbin/sshd", ["addr"] = ip, ["terminal"] = terminal, ["res"] = "success" },
            });

        public List<LogAnomaly> Holes()
        {
            var scan = new AnomalyScan(new AnomalyOptions { Kinds = [AnomalyKind.MissingLines] });
            foreach (var e in Secure.OrderBy(e => e.Timestamp).Select((e, i) => new LogEntry { Path = e.Path, Format = e.Format, Timestamp = e.Timestamp, Program = e.Program, ProcessId = e.ProcessId, Message = e.Message, LineNumber = i + 1 })) scan.Add(e);
            foreach (var (e, i) in Wtmp.Select((e, i) => (e, i))) scan.Add(Numbered((LoginRecordEntry)e, i));
            foreach (var (e, i) in Audit.Select((e, i) => (e, i))) scan.Add(Numbered((AuditEntry)e, i));
            return scan.Detect().Where(a => a.Summary.StartsWith("login from ", StringComparison.Ordinal)).ToList();
        }

        private static LoginRecordEntry Numbered(LoginRecordEntry e, int i) => new()
        {
            Path = e.Path,
            Format = e.Format,
            Timestamp = e.Timestamp,
            Kind = e.Kind,
            User = e.User,
            Line = e.Line,
            Host = e.Host,
            Address = e.Address,
            Offset = e.Offset,
            Message = e.Message,
            LineNumber = i + 1,
        };

        private static AuditEntry Numbered(AuditEntry e, int i) => new()
        {
            Path = e.Path,
            Format = e.Format,
            Timestamp = e.Timestamp,
            RecordType = e.RecordType,
            Fields = e.Fields,
            Message = e.Message,
            LineNumber = i + 1,
        };
    }

    public static TheoryData<double> Zones => new() { 9, -5, 5.75 };

    [Theory]
    [MemberData(nameof(Zones))]
    public void SessionsEveryWitnessKeepsAreNoHole(double zone)
    {
        var h = new Host(TimeSpan.FromHours(zone)).Noise();
        foreach (int m in new[] { 20, 95, 170 })
        {
            var t = h.Start.AddMinutes(m).AddSeconds(31);
            h.Accepted(t, "alice", "198.51.100.20");
            h.Session(t.AddMilliseconds(400), "alice", "pts/0", "198.51.100.20", "198.51.100.20");
            h.UserLogin(t.AddMilliseconds(450), "198.51.100.20", "/dev/pts/0");
        }
        Assert.Empty(h.Holes());
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void AnSftpLoginInSecureAloneIsExpectedNowhereElse(double zone)
    {
        // sshd writes no wtmp record and (upstream) no USER_LOGIN for a session without a terminal; audit's terminal=ssh is not a tty.
        var h = new Host(TimeSpan.FromHours(zone)).Noise();
        h.Session(h.Start.AddMinutes(10), "bob", "pts/1", "198.51.100.9", "198.51.100.9");
        h.Accepted(h.Start.AddMinutes(10), "bob", "198.51.100.9");
        h.Accepted(h.Start.AddMinutes(90), "backup", "192.0.2.77");
        h.UserLogin(h.Start.AddMinutes(90), "192.0.2.77", "ssh");
        h.Session(h.Start.AddMinutes(200), "bob", "pts/1", "198.51.100.9", "198.51.100.9");
        h.Accepted(h.Start.AddMinutes(200), "bob", "198.51.100.9");
        Assert.Empty(h.Holes());
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void ConsoleLoginsAndLoginsOutsideSecuresPeriodAreNoHole(double zone)
    {
        var h = new Host(TimeSpan.FromHours(zone)).Noise(hours: 2);
        // The console: no address. The terminal of an X session: a display, not an address.
        h.Session(h.Start.AddMinutes(30), "root", "tty1", "", null);
        h.Session(h.Start.AddMinutes(40), "carol", "pts/2", ":0", null);
        // Before secure's first line and after its last: secure does not cover them (rotated away, started later).
        h.Session(h.Start.AddMinutes(-90), "dave", "pts/3", "198.51.100.30", "198.51.100.30");
        h.Session(h.Start.AddHours(5), "dave", "pts/3", "198.51.100.30", "198.51.100.30");
        Assert.Empty(h.Holes());
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void ALoginSecureLacksWhileRecordingIsOneHole(double zone)
    {
        var h = new Host(TimeSpan.FromHours(zone)).Noise();
        h.Accepted(h.Start.AddMinutes(20), "alice", "198.51.100.20");
        h.Session(h.Start.AddMinutes(20), "alice", "pts/0", "198.51.100.20", "198.51.100.20");
        var wiped = h.Start.AddMinutes(122).AddSeconds(13);
        h.Session(wiped, "root", "pts/4", "::ffff:192.0.2.200", "::ffff:192.0.2.200");
        h.UserLogin(wiped.AddMilliseconds(300), "192.0.2.200", "/dev/pts/4");
        // Only wtmp keeps this one: one binary witness, Possible.
        var lone = h.Start.AddMinutes(200);
        h.Session(lone, "eve", "pts/5", "192.0.2.201", "192.0.2.201");
        var holes = h.Holes();
        Assert.Equal(2, holes.Count);
        var two = holes[0];
        Assert.Equal("/b/secure", two.Path);
        Assert.StartsWith($"login from 192.0.2.200 at {wiped:yyyy-MM-dd HH:mm:ss zzz} is in ", two.Summary);
        Assert.Equal(["/b/audit/audit.log", "/b/wtmp"], two.RelatedPaths.Order(StringComparer.Ordinal));
        Assert.Equal(TamperVerdict.Likely, two.Tampering);
        Assert.True(two.Start < wiped && wiped < two.End);
        Assert.True(two.End - two.Start <= TimeSpan.FromMinutes(5));
        var one = holes[1];
        Assert.Equal(["/b/wtmp"], one.RelatedPaths);
        Assert.Equal(TamperVerdict.Possible, one.Tampering);
        Assert.Contains(lone.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture), one.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Zones))]
    public void ARecordWtmpLacksIsAHoleInWtmp(double zone)
    {
        var h = new Host(TimeSpan.FromHours(zone)).Noise();
        foreach (int m in new[] { 15, 200 })
        {
            h.Accepted(h.Start.AddMinutes(m), "alice", "198.51.100.20");
            h.Session(h.Start.AddMinutes(m), "alice", "pts/0", "198.51.100.20", "198.51.100.20");
            h.UserLogin(h.Start.AddMinutes(m), "198.51.100.20", "/dev/pts/0");
        }
        // A utmp editor took the intruder's session out of wtmp; secure and audit.log keep it.
        h.Accepted(h.Start.AddMinutes(100), "root", "192.0.2.9");
        h.UserLogin(h.Start.AddMinutes(100), "192.0.2.9", "/dev/pts/1");
        var hole = Assert.Single(h.Holes());
        Assert.Equal("/b/wtmp", hole.Path);
        Assert.Equal(["/b/audit/audit.log", "/b/secure"], hole.RelatedPaths.Order(StringComparer.Ordinal));
        Assert.Contains(hole.Evidence, e => e.Contains("sshd writes a wtmp record for every terminal session", StringComparison.Ordinal));
    }
}

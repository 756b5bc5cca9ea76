using Xunit;
using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// Hand-written hosts. The sshd and PAM lines are OpenSSH 8/9 and Linux-PAM messages as they reach secure/auth.log
/// (auth.c auth_log, auth2.c, auth-pam.c sshpam_cleanup's "PAM N more authentication failures"); the audit fields are
/// those sshd's audit calls write (USER_AUTH / USER_LOGIN with acct, addr, res); btmp/wtmp as the utmp reader gives them.
/// </summary>
public sealed class LoginScanTests
{
    private static readonly TimeSpan Zone = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset T0 = new(2024, 3, 5, 2, 0, 0, Zone);
    private int _line;

    private LogEntry Sshd(DateTimeOffset t, int pid, string message, string path = "/logs/secure") =>
        new() { Path = path, LineNumber = ++_line, Timestamp = t, Program = "sshd", ProcessId = pid, Message = message };

    private JournalEntry Journal(DateTimeOffset t, int pid, string message) =>
        new() { Path = "/logs/journal/system.journal", LineNumber = ++_line, Timestamp = t, Program = "sshd", ProcessId = pid, Message = message };

    /// <summary>
    /// One password try as sshd with PAM writes it: pam_unix's failure line (the first try of a connection only; the
    /// rest are summed up as "PAM N more authentication failures" when it closes) and sshd's Failed line.
    /// </summary>
    private IEnumerable<LogEntry> FailedTry(DateTimeOffset t, int pid, string ip, string user, int port, bool firstOfConnection = true)
    {
        if (firstOfConnection) yield return Sshd(t, pid, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user={user}");
        yield return Sshd(t.AddSeconds(2), pid, $"Failed password for {user} from {ip} port {port} ssh2");
    }

    private static IReadOnlyList<LoginActivity> Scan(IEnumerable<LogEntry> entries, LoginOptions? options = null)
    {
        var scan = new LoginScan(options ?? new LoginOptions());
        foreach (var e in entries) scan.Add(e);
        return scan.Detect();
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(12, 6)]
    [InlineData(5, 1)]
    public void GuessingThatEndsInALoginIsTheTopFinding(int tries, int perConnection)
    {
        var entries = new List<LogEntry>();
        var t = T0;
        int pid = 4000, done = 0;
        while (done < tries)
        {
            int n = Math.Min(perConnection, tries - done);
            for (int i = 0; i < n; i++)
            {
                entries.AddRange(FailedTry(t, pid, "203.0.113.7", "admin", 40000 + pid, i == 0));
                t = t.AddSeconds(3);
            }
            done += n;
            if (n > 1) entries.Add(Sshd(t, pid, $"PAM {n - 1} more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=203.0.113.7  user=admin"));
            entries.Add(Sshd(t, pid, $"Connection closed by authenticating user admin 203.0.113.7 port {40000 + pid} [preauth]"));
            pid++;
        }
        var won = t.AddSeconds(20);
        entries.Add(Sshd(won, pid, $"Accepted password for admin from 203.0.113.7 port 51000 ssh2"));
        entries.Add(Sshd(won, pid, "pam_unix(sshd:session): session opened for user admin(uid=1001) by (uid=0)"));
        // Background: an ordinary admin login from elsewhere.
        entries.Add(Sshd(T0.AddHours(-5), 300, "Accepted publickey for ec2-user from 198.51.100.20 port 50000 ssh2: ED25519 SHA256:abc"));

        var found = Scan(entries.OrderBy(e => e.Timestamp));
        var a = Assert.Single(found);
        Assert.Equal(LoginActivityKind.SuccessAfterFailures, a.Kind);
        Assert.Equal("203.0.113.7", a.Source);
        Assert.Equal(tries, a.Failures);
        Assert.Equal(1, a.Successes);
        Assert.Equal(tries + 1, a.Attempts);
        Assert.Equal(won, a.FirstSuccess);
        Assert.Equal(T0, a.FirstSeen);
        Assert.Equal(won, a.LastSeen);
        Assert.Equal(["admin"], a.SuccessfulUsers);
        Assert.Contains("logged in as admin at 2024-03-05 ", a.Detail);
        Assert.Contains(a.Evidence, e => e.EndsWith("Accepted password for admin from 203.0.113.7 port 51000 ssh2", StringComparison.Ordinal));
        Assert.True(a.Evidence.Count <= 12);
        Assert.True(a.IsAttack);
    }

    [Fact]
    public void TheSameTriesInSecureJournalBtmpAndAuditCountOnce()
    {
        var entries = new List<LogEntry>();
        var t = T0;
        for (int i = 0; i < 6; i++)
        {
            foreach (var e in FailedTry(t, 700 + i, "192.0.2.44", "root", 33000 + i))
            {
                entries.Add(e);
                entries.Add(Journal(e.Timestamp, e.ProcessId!.Value, e.Message));
            }
            entries.Add(new LoginRecordEntry { Path = "/logs/btmp", LineNumber = i + 1, Timestamp = t.AddSeconds(2), Kind = "LoginProcess", User = "root", Line = "ssh:notty", Host = "192.0.2.44", Address = "192.0.2.44", Message = "failed login by root" });
            entries.Add(new AuditEntry { Path = "/logs/audit/audit.log", LineNumber = i + 1, Timestamp = t.AddSeconds(2), RecordType = "USER_AUTH", Message = "", Fields = new Dictionary<string, string> { ["acct"] = "root", ["addr"] = "192.0.2.44", ["res"] = "failed", ["exe"] = "/usr/sbin/sshd" } });
            t = t.AddMinutes(1);
        }
        var a = Assert.Single(Scan(entries));
        Assert.Equal(LoginActivityKind.BruteForce, a.Kind);
        Assert.Equal(6, a.Failures);
        Assert.Equal(["audit.log", "btmp", "secure", "system.journal"], a.Witnesses);
        Assert.Equal(["sshd"], a.Services);
    }

    [Fact]
    public void WitnessesThatLostLinesStillCount()
    {
        // secure lost the last three tries (wiped); btmp kept all six, and the success shows in wtmp and audit only.
        var entries = new List<LogEntry>();
        var t = T0;
        for (int i = 0; i < 6; i++)
        {
            if (i < 3) entries.AddRange(FailedTry(t, 900 + i, "198.18.7.9", "oracle", 41000 + i));
            entries.Add(new LoginRecordEntry { Path = "/logs/btmp", LineNumber = i + 1, Timestamp = t.AddSeconds(2), Kind = "LoginProcess", User = "oracle", Line = "ssh:notty", Host = "198.18.7.9", Address = "198.18.7.9" });
            t = t.AddSeconds(30);
        }
        entries.Add(new LoginRecordEntry { Path = "/logs/wtmp", LineNumber = 1, Timestamp = t, Kind = "UserProcess", User = "oracle", Line = "pts/1", Host = "198.18.7.9", Address = "198.18.7.9" });
        entries.Add(new AuditEntry { Path = "/logs/audit.log", LineNumber = 1, Timestamp = t, RecordType = "USER_LOGIN", Message = "", Fields = new Dictionary<string, string> { ["acct"] = "oracle", ["addr"] = "198.18.7.9", ["res"] = "success", ["exe"] = "/usr/sbin/sshd" } });
        var a = Assert.Single(Scan(entries));
        Assert.Equal(LoginActivityKind.SuccessAfterFailures, a.Kind);
        Assert.Equal(6, a.Failures);
        Assert.Equal(1, a.Successes);
        Assert.Equal(t, a.FirstSuccess);
    }

    [Fact]
    public void ATypingMistakeBeforeALoginIsOrdinary()
    {
        var entries = FailedTry(T0, 500, "198.51.100.20", "ec2-user", 50000).ToList();
        entries.Add(Sshd(T0.AddSeconds(9), 500, "Accepted password for ec2-user from 198.51.100.20 port 50000 ssh2"));
        Assert.Empty(Scan(entries));
        var a = Assert.Single(Scan(entries, new LoginOptions { IncludeOrdinary = true }));
        Assert.Equal(LoginActivityKind.Login, a.Kind);
        Assert.Equal(1, a.Failures);
        Assert.False(a.IsAttack);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(5.5)]
    public void ALoginFromANewSourceDuringTheIncidentIsFound(double zoneHours)
    {
        var zone = TimeSpan.FromHours(zoneHours);
        var start = new DateTimeOffset(2023, 11, 2, 22, 40, 0, zone);
        var entries = new List<LogEntry>();
        // The admin logs in from the office every day for three days before.
        for (int d = 3; d >= 1; d--) entries.Add(Sshd(start.AddDays(-d), 100 + d, "Accepted publickey for deploy from 198.51.100.20 port 50000 ssh2: RSA SHA256:x"));
        entries.Add(Sshd(start.AddMinutes(12), 200, "Accepted publickey for deploy from 100.64.9.9 port 50001 ssh2: RSA SHA256:y"));
        entries.Add(Sshd(start.AddMinutes(14), 201, "Accepted publickey for deploy from 198.51.100.20 port 50002 ssh2: RSA SHA256:x"));

        var options = new LoginOptions { IncidentStart = start, IncidentEnd = start.AddMinutes(30) };
        var a = Assert.Single(Scan(entries, options));
        Assert.Equal(LoginActivityKind.NewSourceLogin, a.Kind);
        Assert.Equal("100.64.9.9", a.Source);
        Assert.Equal(start.AddMinutes(12), a.FirstSuccess);
        Assert.True(a.DuringIncident);
        // Without the window nothing tells the new source apart.
        Assert.Empty(Scan(entries));
    }

    [Fact]
    public void ManySourcesWithFewTriesAreDistributedGuessing()
    {
        var entries = new List<LogEntry>();
        for (int i = 0; i < 12; i++)
        {
            entries.AddRange(FailedTry(T0.AddMinutes(37 * i), 1000 + i, $"203.0.113.{10 + i}", "root", 30000 + i));
        }
        // Three more a week later do not join the campaign (outside its day).
        for (int i = 0; i < 3; i++) entries.AddRange(FailedTry(T0.AddDays(7).AddMinutes(i), 2000 + i, $"192.0.2.{10 + i}", "root", 31000 + i));
        var found = Scan(entries);
        Assert.Equal(12, found.Count);
        Assert.All(found, a => Assert.Equal(LoginActivityKind.DistributedGuessing, a.Kind));
        Assert.All(found, a => Assert.Equal(1, a.Failures));
        Assert.All(found, a => Assert.StartsWith("203.0.113.", a.Source, StringComparison.Ordinal));
    }

    [Fact]
    public void OtherPamServicesAndLocalFailuresAreTold()
    {
        var entries = new List<LogEntry>();
        for (int i = 0; i < 7; i++)
        {
            entries.Add(new LogEntry { Path = "/logs/maillog", LineNumber = i + 1, Timestamp = T0.AddSeconds(i), Program = "auth", ProcessId = 77, Message = $"pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=info@example.com rhost=::ffff:45.13.0.9 user=info" });
        }
        // sudo's PAM failure has no remote host: privilege use, no login source.
        entries.Add(new LogEntry { Path = "/logs/secure", LineNumber = 1, Timestamp = T0, Program = "sudo", Message = "pam_unix(sudo:auth): authentication failure; logname=zbadguy uid=4001 euid=0 tty=/dev/pts/12 ruser=zbadguy rhost=  user=zbadguy" });
        var a = Assert.Single(Scan(entries));
        Assert.Equal("45.13.0.9", a.Source);
        Assert.Equal(["dovecot"], a.Services);
        Assert.Equal(7, a.Failures);
        Assert.Equal(LoginActivityKind.BruteForce, a.Kind);
    }

    [Theory]
    [InlineData("Disconnected from user deploy 198.51.100.20 port 50000")]
    [InlineData("Received disconnect from 198.51.100.20 port 50000:11: disconnected by user")]
    [InlineData("Server listening on 0.0.0.0 port 22.")]
    [InlineData("Accepted publickey for x from 10.1 port 5 ssh2")]
    [InlineData("Failed password for root from  port 22 ssh2")]
    [InlineData("Invalid user root from not$an$address port 22")]
    [InlineData("Disconnected from totobad user ftp 92.255.85.135 port 26138 [preauth]")]
    // Fuzzing (auth-line) found this one threw: the phrase overlaps "User ".
    [InlineData("User not allowed because not listed in AllowUsers")]
    public void LinesThatAreNoAttemptAreLeftAlone(string message)
    {
        Assert.False(AuthLineParser.TryParse("sshd", message, out _));
    }

    [Fact]
    public void HostileLinesDoNotBreakTheParser()
    {
        string[] messages =
        [
            "Invalid user " + new string('a', 5000) + " from 1.2.3.4 port 5",
            "Failed password for " + new string(' ', 300) + " from 1.2.3.4",
            "PAM 99999999999 more authentication failures; rhost=1.2.3.4",
            "pam_unix((:auth): authentication failure; rhost=",
            "Connection closed by authenticating user  port [preauth]",
            "refused connect from )(",
            "User not allowed because ",
        ];
        foreach (string m in messages) AuthLineParser.TryParse("sshd", m, out _);
        Assert.True(AuthLineParser.TryParse("sshd", "Invalid user  from 1.2.3.4 port 5", out var empty));
        Assert.Equal("", empty.User);
        Assert.Equal("1.2.3.4", empty.Source);
    }
}

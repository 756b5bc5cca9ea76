using Xunit;
using System.Text.RegularExpressions;
using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.RealData;

namespace OpsLogTools.Core.Tests.Logins;

/// <summary>
/// CrowdSec hub's sshd tests (realdata/crowdsec-hub/.tests, MIT): each line's source and user against
/// <c>parser.assert</c> (s01-parse, crowdsecurity/sshd-logs), and the scenarios' attacks found as findings.
/// Deliberate differences, asserted: "Connection closed by ADDR port N [preauth]" and "Magic value check failed"
/// name no user and try no password, so they are probes here (CrowdSec: ssh_failed-auth); the banner-exchange flood
/// is a Scan (CrowdSec feeds it to ssh-bf).
/// </summary>
public sealed class CrowdSecSshdTests
{
    private static readonly Regex AssertLine = new(
        @"^results\[""s01-parse""\]\[""crowdsecurity/sshd-(?:success-)?logs""\]\[(\d+)\]\.(?:Success == (true|false)|Evt\.Meta\[""(source_ip|target_user|user|log_type)""\] == ""(.*)"")$",
        RegexOptions.NonBacktracking);

    internal static List<LogEntry> Read(params string[] paths)
    {
        var reader = new LogReader(FormatRegistry.All);
        // The fixtures are yearless and mix hosts; the year does not matter here.
        return reader.Read(paths, new LogReadOptions { TimeZone = TimeZoneInfo.Utc, ReferenceDate = new DateTimeOffset(2024, 12, 31, 0, 0, 0, TimeSpan.Zero) }, new CollectingDiagnostics()).ToList();
    }

    internal static IReadOnlyList<LoginActivity> Scan(IEnumerable<LogEntry> entries, LoginOptions? options = null)
    {
        var scan = new LoginScan(options ?? new LoginOptions());
        foreach (var e in entries) scan.Add(e);
        return scan.Detect();
    }

    [RealDataTheory]
    [InlineData("sshd-logs")]
    [InlineData("sshd-success-logs")]
    public void EachLineReadsAsCrowdSecParsesIt(string test)
    {
        string dir = RealDataFolder.Combine("crowdsec-hub", ".tests", test);
        var lines = File.ReadAllLines(Path.Combine(dir, test + ".log")).Where(l => l.Length > 0).ToList();
        var expected = new Dictionary<int, Dictionary<string, string>>();
        foreach (string a in File.ReadLines(Path.Combine(dir, "parser.assert")))
        {
            var m = AssertLine.Match(a);
            if (!m.Success) continue;
            int i = int.Parse(m.Groups[1].Value);
            if (!expected.TryGetValue(i, out var d)) expected[i] = d = new();
            if (m.Groups[2].Success) d["success"] = m.Groups[2].Value;
            else d[m.Groups[3].Value] = m.Groups[4].Value;
        }
        Assert.Equal(lines.Count, expected.Count);
        var entries = Read(Path.Combine(dir, test + ".log"));
        // The syslog reader takes the file as BSD syslog and reports its one RFC 3339 line (17) malformed; that line's
        // message is cut from the raw text so that the parser still meets CrowdSec's expectation for it.
        Assert.True(entries.Count >= lines.Count - 1, "read lines: " + string.Join(",", entries.Select(e => e.LineNumber)));
        int compared = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var want = expected[i];
            var entry = entries.SingleOrDefault(e => e.LineNumber == i + 1);
            string program = entry?.Program ?? "sshd";
            string message = entry?.Message ?? lines[i][(lines[i].IndexOf("]: ", StringComparison.Ordinal) + 3)..];
            bool ours = AuthLineParser.TryParse(program, message, out var line);
            if (want["success"] == "false")
            {
                Assert.False(ours, lines[i]);
                compared++;
                continue;
            }
            Assert.True(ours, lines[i]);
            Assert.Equal(want["source_ip"], line.Source);
            compared++;
            string user = want.GetValueOrDefault("target_user") ?? want.GetValueOrDefault("user") ?? "";
            if (user.Length > 0) { Assert.Equal(user, line.User); compared++; }
            switch (want["log_type"])
            {
                case "auth_success":
                    Assert.Equal(AuthLineKind.Accepted, line.Kind);
                    break;
                case "ssh_failed-auth" when line.User.Length > 0 || line.Kind == AuthLineKind.PamFailure:
                    Assert.True(line.Kind is AuthLineKind.Failed or AuthLineKind.InvalidUser or AuthLineKind.Aborted or AuthLineKind.PamFailure or AuthLineKind.Denied, lines[i]);
                    break;
                case "ssh_failed-auth":
                    // No user named and no password tried: a probe here (see the class comment).
                    Assert.Equal(AuthLineKind.Probe, line.Kind);
                    break;
                default:
                    // ssh_bad_keyexchange, ssh_auth_timeout, ssh_dispatch_fatal, ssh_refused_conn.
                    Assert.Equal(AuthLineKind.Probe, line.Kind);
                    break;
            }
            compared++;
        }
        Assert.True(compared >= 2 * lines.Count, $"{compared} comparisons");
    }

    /// <summary>ssh-bf: CrowdSec's ssh-bf_user-enum and ssh-bf fire on 35.188.49.176 with six events (pascal..pascal5).</summary>
    [RealDataFact]
    public void UserEnumerationIsFound()
    {
        var found = Scan(Read(RealDataFolder.Combine("crowdsec-hub", ".tests", "ssh-bf", "ssh-bf.log")));
        var a = Assert.Single(found);
        Assert.Equal("35.188.49.176", a.Source);
        Assert.Equal(LoginActivityKind.InvalidUsers, a.Kind);
        Assert.Equal(6, a.Failures);
        Assert.Equal(6, a.Attempts);
        Assert.Equal(0, a.Successes);
        Assert.Equal(6, a.InvalidUsers);
        Assert.Equal(["pascal", "pascal1", "pascal2", "pascal3", "pascal4", "pascal5"], a.Users);
        Assert.True(a.IsAttack);
        Assert.Equal(["ssh-bf.log"], a.Witnesses);
        Assert.Equal(6, a.Evidence.Count);
        Assert.EndsWith(":1: Invalid user pascal from 35.188.49.176 port 53502", a.Evidence[0]);
    }

    /// <summary>sshd-invalid-bf: six connections cut off while authenticating as root; CrowdSec's ssh-bf fires with 6 events.</summary>
    [RealDataFact]
    public void CutOffTriesAreBruteForce()
    {
        var found = Scan(Read(RealDataFolder.Combine("crowdsec-hub", ".tests", "sshd-invalid-bf", "sshd-invalid-bf.log")));
        var a = Assert.Single(found);
        Assert.Equal("179.43.183.98", a.Source);
        Assert.Equal(LoginActivityKind.BruteForce, a.Kind);
        Assert.Equal(6, a.Failures);
        Assert.Equal(["root"], a.Users);
        Assert.Equal(TimeSpan.FromSeconds(5), a.LastSeen - a.FirstSeen);
    }

    /// <summary>sshd_banner_exchange: six connections from one address that never get past the banner.</summary>
    [RealDataFact]
    public void BannerFloodIsAScan()
    {
        var found = Scan(Read(RealDataFolder.Combine("crowdsec-hub", ".tests", "sshd_banner_exchange", "sshd_banner_exchange.log")));
        var a = Assert.Single(found);
        Assert.Equal("59.91.122.57", a.Source);
        Assert.Equal(LoginActivityKind.Scan, a.Kind);
        Assert.Equal(6, a.Probes);
        Assert.Equal(0, a.Attempts);
    }

    /// <summary>
    /// Real logs an admin would call quiet: CrowdSec's successful logins (vagrant from its host), plaso's sshd sample
    /// (key logins, one failed password for root from one address), CrowdSec's mixed sshd-logs (a handful of tries per
    /// address, months apart, several hosts). Nothing is an attack; with -IncludeOrdinary the logins are listed.
    /// </summary>
    [RealDataFact]
    public void QuietRealLogsRaiseNothing()
    {
        var success = RealDataFolder.Combine("crowdsec-hub", ".tests", "sshd-success-logs", "sshd-success-logs.log");
        var plaso = RealDataFolder.Combine("plaso", "test_data", "syslog", "syslog_ssh.log");
        var mixed = RealDataFolder.Combine("crowdsec-hub", ".tests", "sshd-logs", "sshd-logs.log");
        Assert.Empty(Scan(Read(success)));
        Assert.Empty(Scan(Read(plaso)));
        Assert.Empty(Scan(Read(mixed)));

        var all = Scan(Read(success), new LoginOptions { IncludeOrdinary = true });
        var vagrant = Assert.Single(all);
        Assert.Equal(LoginActivityKind.Login, vagrant.Kind);
        Assert.Equal("192.168.121.1", vagrant.Source);
        Assert.Equal(4, vagrant.Successes);
        Assert.Equal(["vagrant", "test"], vagrant.SuccessfulUsers);
        Assert.False(vagrant.IsAttack);

        var plasoAll = Scan(Read(plaso), new LoginOptions { IncludeOrdinary = true });
        Assert.Equal(LoginActivityKind.FailedLogin, Assert.Single(plasoAll, a => a.Source == "188.124.3.41").Kind);
        var fred = Assert.Single(plasoAll, a => a.Source == "192.0.2.60");
        Assert.Equal(3, fred.Successes);
        // plaso writes the IPv6 address in full; it is one source in canonical text.
        Assert.Contains(plasoAll, a => a.Source == "2001:db8:a0b:12f0::1" && a.Successes == 1);
    }
}

using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading.Utmp;

/// <summary>
/// Generated login histories (seeded: boots, run levels, getty prompts, IPv4/IPv6/named logins, logouts, a
/// <c>date</c> clock change pair with a random step, a shutdown) written in utmpdump's text form, made binary by
/// <c>utmpdump -r</c>, read by Get-LogEntry's reader in several zones, and compared field by field with what
/// <c>utmpdump wtmp</c> prints.
/// </summary>
public class UtmpOracleTests
{
    private static readonly string[] Zones = ["UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Europe/Berlin"];

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        foreach (int seed in new[] { 1, 7, 42, 2024 }) data.Add(seed, Zones[seed % Zones.Length]);
        data.Add(99, "Pacific/Chatham");
        return data;
    }

    /// <summary>A login history as glibc programs write it; the expected step of its clock change.</summary>
    internal static (List<UtmpDumpTool.Line> Lines, double Step) History(int seed)
    {
        var random = new Random(seed);
        var t = new DateTimeOffset(2019 + random.Next(8), 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), 0, TimeSpan.Zero)
            .AddTicks(random.Next(1_000_000) * 10L);
        var lines = new List<UtmpDumpTool.Line>();
        DateTimeOffset Next() => t = t.AddTicks((long)random.Next(1, 5_000_000) * 10 + random.Next(0, 3600) * TimeSpan.TicksPerSecond);
        string kernel = $"6.{random.Next(1, 12)}.0-{random.Next(1, 40)}-amd64";
        lines.Add(new(2, 0, "~~", "reboot", "~", kernel, "0.0.0.0", Next()));
        lines.Add(new(1, '5' + 256 * 'N', "~~", "runlevel", "~", kernel, "0.0.0.0", Next()));
        for (int tty = 1; tty <= 1 + random.Next(3); tty++)
            lines.Add(new(6, 400 + tty, tty.ToString(System.Globalization.CultureInfo.InvariantCulture), "LOGIN", "tty" + tty, "", "0.0.0.0", Next()));
        string[] users = ["alice", "bob", "deploy", "root", "carol_x"];
        double step = 0;
        int sessions = 3 + random.Next(5);
        for (int s = 0; s < sessions; s++)
        {
            string user = users[random.Next(users.Length)];
            int pid = 1000 + random.Next(60000);
            string pts = "pts/" + random.Next(40);
            (string host, string addr) = random.Next(3) switch
            {
                0 => ($"203.0.113.{random.Next(1, 255)}", ""),
                1 => ($"2001:db8::{random.Next(1, 0xffff):x}", ""),
                _ => ($"host{random.Next(100)}.example.net", ""),
            };
            addr = host.StartsWith("host", StringComparison.Ordinal) ? "0.0.0.0" : host;
            lines.Add(new(7, pid, "ts/" + s, user, pts, host, addr, Next()));
            if (s == sessions / 2)
            {
                // date -s: OLD_TIME with the time before, NEW_TIME with the time after (glibc's logwtmp via date).
                lines.Add(new(4, 0, "", "date", "|", "", "0.0.0.0", Next()));
                long stepTicks = (random.Next(2) == 0 ? -1 : 1) * ((long)random.Next(1, 86_400) * TimeSpan.TicksPerSecond + random.Next(1_000_000) * 10L);
                t = t.AddTicks(stepTicks);
                step = stepTicks / (double)TimeSpan.TicksPerSecond;
                lines.Add(new(3, 0, "", "date", "}", "", "0.0.0.0", t));
            }
            lines.Add(new(8, pid, "ts/" + s, "", pts, "", "0.0.0.0", Next()));
        }
        lines.Add(new(1, '0' + 256 * '5', "~~", "shutdown", "~~", kernel, "0.0.0.0", Next()));
        return (lines, step);
    }

    [UtmpDumpTheory]
    [MemberData(nameof(Cases))]
    public void EveryFieldMatchesUtmpdump(int seed, string zoneId)
    {
        var dir = Directory.CreateTempSubdirectory("utmp-oracle-");
        try
        {
            var (lines, step) = History(seed);
            string wtmp = Path.Combine(dir.FullName, "wtmp");
            UtmpDumpTool.Undump(string.Join("\n", lines.Select(UtmpDumpTool.Format)) + "\n", wtmp);
            var oracle = UtmpDumpTool.Dump(wtmp);
            Assert.Equal(lines.Count, oracle.Count);

            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var reader = new LogReader(FormatRegistry.All);
            var diagnostics = new CollectingDiagnostics();
            var entries = reader.Read([wtmp], new LogReadOptions { TimeZone = zone }, diagnostics).Cast<LoginRecordEntry>().ToList();
            Assert.Empty(diagnostics.Errors);
            Assert.Empty(diagnostics.Warnings); // the clock step back is a NEW_TIME record: no damage
            Assert.Equal(LogFormat.Utmp, Assert.Single(reader.Files).Format.Format);
            Assert.Equal(oracle.Count, entries.Count);
            for (int i = 0; i < oracle.Count; i++)
            {
                var expected = oracle[i];
                var actual = entries[i];
                Assert.Equal(expected.Type, KindNumber(actual.Kind));
                Assert.Equal(expected.Pid, actual.ProcessId);
                Assert.Equal(expected.Id, actual.TerminalId.PadRight(4)); // utmpdump prints %-4.4s
                Assert.Equal(expected.User, actual.User);
                Assert.Equal(expected.Terminal, actual.Line);
                Assert.Equal(expected.Host, actual.Host);
                Assert.Equal(expected.Address, actual.Address ?? "0.0.0.0");
                Assert.Equal(expected.Time, actual.Timestamp);
                Assert.Equal(zone.GetUtcOffset(expected.Time), actual.Timestamp.Offset);
                Assert.Equal(i * 384L, actual.Offset);
                Assert.Equal(i + 1L, actual.LineNumber);
                Assert.Equal(LogFormat.Utmp, actual.Format);
                if (actual.Kind == "NewTime")
                {
                    Assert.Equal(step, actual.StepSeconds!.Value, 6);
                    Assert.Contains(step > 0 ? "clock changed by +" : "clock changed by -", actual.Message);
                }
                else
                {
                    Assert.Null(actual.StepSeconds);
                }
            }
            var login = entries.First(e => e.Kind == "UserProcess");
            Assert.Equal($"{login.User} logged in on {login.Line} from {login.Host}", login.Message);
            Assert.Equal("run level 5 (was N)", entries.First(e => e.Kind == "RunLevel").Message);
            Assert.Equal("system shutdown", entries[^1].Message);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The ut_type number of a Kind name (the order of glibc's constants).</summary>
    internal static int KindNumber(string kind) => Array.IndexOf(
        new[] { "Empty", "RunLevel", "BootTime", "NewTime", "OldTime", "InitProcess", "LoginProcess", "UserProcess", "DeadProcess", "Accounting" }, kind);
}

using OpsLogTools.Core.Analysis.Updates.Timers;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates.Timers;

/// <summary>
/// <see cref="CalendarSpec"/> against <c>systemd-analyze calendar --base-time=T --iterations=N</c> (Debian 12's systemd 252):
/// the same next elapses, for real <c>OnCalendar=</c> expressions and for each part of the systemd.time(7) syntax, from
/// base times on both sides of daylight-saving changes, in several host zones.
/// </summary>
public sealed class CalendarSpecOracleTests
{
    /// <summary>
    /// Real expressions, with the unit each is taken from (Debian 12 packages as installed on this machine under
    /// /lib/systemd/system, and AL2023 / Fedora units as their packages ship them), then syntax the man page shows.
    /// </summary>
    public static TheoryData<string, string> Expressions => new()
    {
        { "*-*-* 6,18:00", "apt 2.6.1 apt-daily.timer" },
        { "*-*-* 6:00", "apt 2.6.1 apt-daily-upgrade.timer; dnf 4.14 dnf-automatic.timer (AL2023)" },
        { "daily", "logrotate 3.21 logrotate.timer; man-db 2.11 man-db.timer; dpkg 1.21 dpkg-db-backup.timer" },
        { "weekly", "util-linux 2.38 fstrim.timer" },
        { "Sun *-*-* 03:10:00", "e2fsprogs 1.47 e2scrub_all.timer" },
        { "*:00/10", "sysstat 12.6 sysstat-collect.timer" },
        { "00:07:00", "sysstat 12.6 sysstat-summary.timer" },
        { "*-*-* *:09,39:00", "php 8.2 phpsessionclean.timer" },
        { "*-*-* 00,12:00:00", "certbot 2.1 certbot.timer" },
        { "hourly", "systemd.time(7)" },
        { "minutely", "systemd.time(7)" },
        { "monthly", "systemd.time(7)" },
        { "quarterly", "systemd.time(7)" },
        { "semiannually", "systemd.time(7)" },
        { "yearly", "systemd.time(7)" },
        { "Mon..Fri *-*-* 02:30", "systemd.time(7): weekday range" },
        { "Sat,Sun 10:15", "systemd.time(7): weekday list, date omitted" },
        { "Mon,Wed..Fri 22:00", "weekday list with a range" },
        { "Sat *-*-1..7 03:00", "first Saturday of the month" },
        { "*-*-1/5 04:00", "every fifth day from the first" },
        { "*-02~01", "systemd.time(7): last day of February" },
        { "Mon *-05~07/1", "systemd.time(7): last Monday in May" },
        { "*-*-* 2:30", "inside the spring-forward gap of European zones" },
        { "*-*-* 2:30:15", "with seconds" },
        { "2025-*-* 00:00", "a given year" },
        { "*-*-* 6:00 UTC", "zone suffix UTC" },
        { "*-*-* 6:00 Asia/Tokyo", "zone suffix IANA" },
        { "*-*-* 06:00:00 America/New_York", "zone suffix with DST" },
        { "*:0/15", "every quarter hour" },
        { "12..14:10,20,30", "hour range and minute list" },
        { "Fri *-*-13 00:00", "Friday the 13th" },
    };

    private static readonly string[] Zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];

    private static readonly DateTimeOffset[] Bases =
    [
        new(2024, 1, 10, 5, 0, 0, TimeSpan.Zero),
        new(2024, 3, 30, 12, 0, 0, TimeSpan.Zero), // before Europe's spring forward
        new(2024, 10, 26, 23, 30, 0, TimeSpan.Zero), // before Europe's fall back
        new(2025, 3, 8, 18, 0, 0, TimeSpan.Zero), // before New York's spring forward
    ];

    [SystemdAnalyzeTheory]
    [MemberData(nameof(Expressions))]
    public void Next_elapses_equal_systemd_analyze(string expression, string source)
    {
        Assert.True(CalendarSpec.TryParse(expression, out var spec), $"{expression} ({source}) does not parse");
        foreach (string zoneId in Zones)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            foreach (var b in Bases)
            {
                var expected = SystemdAnalyze.Calendar(expression, b, zoneId, 5);
                var got = new List<DateTimeOffset>();
                var t = b;
                for (int i = 0; i < expected.Count && spec!.NextAfter(t, zone) is { } next; i++)
                {
                    got.Add(next);
                    t = next;
                }
                Assert.True(expected.SequenceEqual(got.Select(g => g.ToUniversalTime())),
                    $"{expression} ({source}) in {zoneId} after {b:u}: systemd {string.Join(", ", expected.Select(e => e.ToString("u")))}; ours {string.Join(", ", got.Select(g => g.ToUniversalTime().ToString("u")))}");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mon..Xyz 10:00")]
    [InlineData("*-13-01")]
    [InlineData("25:00")]
    [InlineData("*-*-* 6:00 Not/AZone")]
    [InlineData("Fri..Mon 10:00")]
    public void Expressions_systemd_refuses_are_refused(string expression)
    {
        Assert.False(CalendarSpec.TryParse(expression, out _));
        if (SystemdAnalyze.Path is not null) Assert.True(SystemdAnalyze.Refuses(expression), $"systemd-analyze accepts '{expression}'");
    }
}

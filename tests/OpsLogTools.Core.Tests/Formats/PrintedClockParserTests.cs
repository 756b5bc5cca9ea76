using OpsLogTools.Core.Formats;
using Xunit;

namespace OpsLogTools.Core.Tests.Formats;

/// <summary>
/// The clocks programs print inside their messages, as the reader uses them to date yearless and zoneless files. Each
/// message follows the program named: ftpd of the 2005 host in issue 13, prometheus and grafana (logfmt), Go's log
/// package, Python's logging, the kernel's RTC line, date(1) in a cron mail.
/// </summary>
public class PrintedClockParserTests
{
    [Theory]
    // ftpd: "connection from ... at Fri Jun 17 07:07:00 2005"
    [InlineData("connection from 84.102.20.2 () at Fri Jun 17 07:07:00 2005", 2005, 6, 17, 7, 7, 0, null, "Friday")]
    // prometheus: ts=...Z (UTC)
    [InlineData("ts=2021-03-04T05:06:07.123Z caller=main.go:1 level=info msg=\"Starting\"", 2021, 3, 4, 5, 6, 7, 0, null)]
    // grafana: t=...+0000
    [InlineData("t=2021-03-04T05:06:07+0000 lvl=info msg=\"HTTP Server Listen\"", 2021, 3, 4, 5, 6, 7, 0, null)]
    // Go's log package: local time, no zone
    [InlineData("2021/03/04 05:06:07 server started", 2021, 3, 4, 5, 6, 7, null, null)]
    // Python logging: ",123" milliseconds, local time
    [InlineData("2021-03-04 05:06:07,123 INFO worker ready", 2021, 3, 4, 5, 6, 7, null, null)]
    // the kernel's RTC: UTC said as a word
    [InlineData("rtc_cmos 00:02: setting system clock to 2022-07-19 12:00:01 UTC (1658232001)", 2022, 7, 19, 12, 0, 1, 0, null)]
    // Go's time.Time.String(): offset then zone abbreviation
    [InlineData("expires 2022-07-19 12:00:01.5 +0000 UTC m=+0.1", 2022, 7, 19, 12, 0, 1, 0, null)]
    // date(1) with UTC, and with a local abbreviation (not portable: zoneless)
    [InlineData("(root) CMDOUT (Tue Jul 19 21:15:03 UTC 2022)", 2022, 7, 19, 21, 15, 3, 0, "Tuesday")]
    [InlineData("(root) CMDOUT (Tue Jul 19 21:15:03 JST 2022)", 2022, 7, 19, 21, 15, 3, null, "Tuesday")]
    // an offset-looking number after a space that is no zone step is a number
    [InlineData("at 2022-07-19 12:00:01 -1234 bytes", 2022, 7, 19, 12, 0, 1, null, null)]
    public void ClocksAreRead(string message, int year, int month, int day, int hour, int minute, int second, int? offset, string? weekday)
    {
        Assert.True(PrintedClockParser.TryFind(message, needYear: true, out var c));
        Assert.Equal((year, month, day, hour, minute, second), (c.Year, c.Month, c.Day, c.Hour, c.Minute, c.Second));
        Assert.Equal(offset, c.OffsetMinutes);
        Assert.Equal(weekday, c.Weekday?.ToString());
    }

    [Fact]
    public void AYearlessCtimeKeepsItsWeekday()
    {
        const string message = "session opened Fri Jun 17 07:07:00 by root";
        Assert.True(PrintedClockParser.TryFind(message, needYear: false, out var c));
        Assert.False(c.HasYear);
        Assert.Equal(DayOfWeek.Friday, c.Weekday);
        Assert.Equal((6, 17, 7, 7, 0), (c.Month, c.Day, c.Hour, c.Minute, c.Second));
        Assert.Equal("Fri Jun 17 07:07:00", message.Substring(c.Start, c.Length));
        // Asked for a year, the yearless clock is passed over.
        Assert.False(PrintedClockParser.TryFind(message, needYear: true, out _));
        Assert.True(PrintedClockParser.TryFind("Fri Jun 17 07:07:00 then 2005-06-17 07:07:00", needYear: true, out var dated));
        Assert.Equal(2005, dated.Year);
    }

    [Theory]
    [InlineData("Mon Jul 19 21:15:03 2022")]      // 19 July 2022 was a Tuesday: not a clock
    [InlineData("Fri Feb 30 07:07:00 uptime")]    // no year has 30 February
    [InlineData("Sat Jun 31 07:07:00 2005")]
    public void ImpossibleCtimesAreNotClocks(string message) => Assert.False(PrintedClockParser.TryFind(message, needYear: false, out _));
}

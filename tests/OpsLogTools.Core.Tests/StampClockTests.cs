using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests;

public class StampClockTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    private static StampClock Clock(DateTimeOffset start, DateTimeOffset end, TimeZoneInfo? zone = null, TimeSpan? offset = null) =>
        new(new TimeReference(start, end, zone, offset ?? Jst, "test", "test"));

    [Fact]
    public void YearComesFromReferenceWindow()
    {
        var c = Clock(new(2022, 7, 18, 0, 0, 0, Jst), new(2022, 7, 20, 12, 0, 0, Jst));
        var t = c.FromYearless(7, 19, 21, 10, 3);
        Assert.Equal(new DateTimeOffset(2022, 7, 19, 21, 10, 3, Jst), t);
    }

    [Fact]
    public void DecemberToJanuaryRollsTheYear()
    {
        var c = Clock(new(2023, 1, 2, 0, 0, 0, Jst), new(2023, 1, 3, 0, 0, 0, Jst));
        Assert.Equal(2022, c.FromYearless(12, 31, 23, 59, 59).Year);
        Assert.Equal(2023, c.FromYearless(1, 1, 0, 0, 1).Year);
        Assert.Equal(1, c.Rollovers);
    }

    [Fact]
    public void BackwardJumpOfMonthsMidFileKeepsTheYear()
    {
        // The seed incident: July, then a run stamped 2 April, then July again. Not a new year.
        var c = Clock(new(2022, 7, 18, 0, 0, 0, Jst), new(2022, 7, 20, 12, 0, 0, Jst));
        Assert.Equal(2022, c.FromYearless(7, 19, 21, 9, 0).Year);
        Assert.Equal(new DateTimeOffset(2022, 4, 2, 12, 10, 0, Jst), c.FromYearless(4, 2, 12, 10, 0));
        Assert.Equal(2022, c.FromYearless(7, 20, 3, 0, 0).Year);
        Assert.Equal(0, c.Rollovers);
    }

    [Fact]
    public void DisplacedRunBackAcrossNewYearKeepsTheYearAfterIt()
    {
        // March 2023, a run stamped the previous November (a clock four months slow), then March again.
        var c = Clock(new(2023, 3, 10, 0, 0, 0, Jst), new(2023, 3, 14, 0, 0, 0, Jst));
        Assert.Equal(2023, c.FromYearless(3, 12, 21, 0, 0).Year);
        Assert.Equal(new DateTimeOffset(2022, 11, 13, 21, 5, 0, Jst), c.FromYearless(11, 13, 21, 5, 0));
        Assert.Equal(2022, c.FromYearless(11, 14, 2, 0, 0).Year);
        Assert.Equal(new DateTimeOffset(2023, 3, 13, 3, 0, 0, Jst), c.FromYearless(3, 13, 3, 0, 0));
        Assert.Equal(0, c.Rollovers);
    }

    [Fact]
    public void FallBackHourKeepsOrder()
    {
        var ny = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var c = Clock(new(2022, 11, 6, 0, 0, 0, TimeSpan.FromHours(-4)), new(2022, 11, 6, 12, 0, 0, TimeSpan.FromHours(-5)), ny, TimeSpan.FromHours(-4));
        var a = c.FromYearless(11, 6, 1, 30, 0);  // EDT
        var b = c.FromYearless(11, 6, 1, 59, 0);  // EDT
        var d = c.FromYearless(11, 6, 1, 10, 0);  // after fall-back: EST
        Assert.Equal(TimeSpan.FromHours(-4), a.Offset);
        Assert.True(b > a);
        Assert.Equal(TimeSpan.FromHours(-5), d.Offset);
        Assert.True(d > b);
    }

    [Theory]
    [InlineData(2023, 2024)]   // the window's year has no Feb 29: the next leap year is nearer than 2020
    [InlineData(2021, 2020)]
    [InlineData(2024, 2024)]
    public void AFirstStampOnFeb29TakesTheNearestLeapYear(int windowYear, int expected)
    {
        // Issue 12: Feb 29 in a year without one was silently moved to Feb 28; it is evidence of a leap year.
        var c = Clock(new(windowYear, 3, 1, 0, 0, 0, Jst), new(windowYear, 3, 5, 0, 0, 0, Jst));
        var t = c.FromYearless(2, 29, 1, 15, 43);
        Assert.Equal(new DateTimeOffset(expected, 2, 29, 1, 15, 43, Jst), t);
        Assert.Equal(0, c.MovedStamps);
        Assert.DoesNotContain("does not exist", c.YearlessBasis, StringComparison.Ordinal);
    }

    [Fact]
    public void Feb29LaterInANonLeapYearIsKeptOnFeb28AndSaid()
    {
        // The lines before it are already out in 2023: the stamp stays on Feb 28, but it is never moved silently.
        var c = Clock(new(2023, 2, 20, 0, 0, 0, Jst), new(2023, 2, 21, 0, 0, 0, Jst));
        var warnings = new List<string>();
        c.Warn = warnings.Add;
        Assert.Equal(2023, c.FromYearless(2, 27, 23, 0, 0).Year);
        string plain = c.YearlessBasis;
        var moved = c.FromYearless(2, 29, 0, 10, 0);
        Assert.Equal(new DateTimeOffset(2023, 2, 28, 0, 10, 0, Jst), moved);
        Assert.Contains("Feb 29 does not exist in 2023", c.YearlessBasis, StringComparison.Ordinal);
        Assert.Single(warnings);
        Assert.Contains("Feb 29 does not exist in 2023", warnings[0], StringComparison.Ordinal);
        c.FromYearless(2, 29, 0, 20, 0);
        Assert.Single(warnings); // once per file; each entry's basis says it
        Assert.Equal(2, c.MovedStamps);
        c.FromYearless(3, 1, 0, 0, 1);
        Assert.Same(plain, c.YearlessBasis);
    }

    [Fact]
    public void AStampOfTheYearBeforeSaysItsOwnYearInItsBasis()
    {
        // March 2023, then "Nov 13": stamped in 2022. Its TimeBasis named the file's 2023 (plaso's syslog_rsyslog_traditional
        // showed it: a Nov 18 line read in 2011 said "year 2012").
        var c = Clock(new(2023, 3, 10, 0, 0, 0, Jst), new(2023, 3, 14, 0, 0, 0, Jst));
        c.FromYearless(3, 12, 21, 0, 0);
        Assert.StartsWith("year 2023 from test", c.YearlessBasis, StringComparison.Ordinal);
        Assert.Equal(2022, c.FromYearless(11, 13, 21, 5, 0).Year);
        Assert.StartsWith("year 2022 (the year before the file's 2023", c.YearlessBasis, StringComparison.Ordinal);
        c.FromYearless(3, 13, 3, 0, 0);
        Assert.StartsWith("year 2023 from test", c.YearlessBasis, StringComparison.Ordinal);
    }
}

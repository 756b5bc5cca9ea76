using OpsLogTools.Core.Analysis.Bots;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// Bot times in the host's zone (issue 18): the offsets learned from origin lines, including a zone that changes its
/// offset. Fixtures are made here: stamps as Apache writes them (local time with its offset), a CloudFront stamp in UTC.
/// </summary>
public class HostOffsetsTests
{
    [Theory]
    [InlineData(9, 0)]
    [InlineData(-4, 0)]
    [InlineData(5, 30)]
    public void PutsACloudFrontTimeInTheOriginsOffset(int hours, int minutes)
    {
        var offset = new TimeSpan(hours, minutes, 0);
        var host = new HostOffsets();
        Assert.False(host.Known);
        var start = new DateTimeOffset(2022, 7, 19, 3, 0, 0, offset);
        for (int i = 0; i < 100; i++) host.Note(start.AddMinutes(i));
        Assert.True(host.Known);

        var cloudFront = new DateTimeOffset(2022, 7, 18, 20, 10, 0, TimeSpan.Zero);
        var shown = host.ToHost(cloudFront);
        Assert.Equal(cloudFront, shown);            // the same instant...
        Assert.Equal(offset, shown.Offset);         // ...in the host's offset
    }

    [Fact]
    public void PicksTheOffsetInForceAcrossASummerTimeChange()
    {
        // New York: -04:00 until 2022-11-06 06:00 UTC, -05:00 after; lines fed out of order, as from parallel readers.
        var host = new HostOffsets();
        var summer = new DateTimeOffset(2022, 11, 5, 20, 0, 0, TimeSpan.FromHours(-4));
        var winter = new DateTimeOffset(2022, 11, 6, 3, 0, 0, TimeSpan.FromHours(-5));
        for (int i = 0; i < 50; i++) { host.Note(winter.AddMinutes(i)); host.Note(summer.AddMinutes(i)); }

        Assert.Equal(TimeSpan.FromHours(-4), host.ToHost(summer.AddMinutes(10).ToUniversalTime()).Offset);
        Assert.Equal(TimeSpan.FromHours(-5), host.ToHost(winter.AddMinutes(10).ToUniversalTime()).Offset);
        Assert.Equal(TimeSpan.FromHours(-4), host.ToHost(summer.AddDays(-3).ToUniversalTime()).Offset);   // before any line: the nearest
        Assert.Equal(TimeSpan.FromHours(-5), host.ToHost(winter.AddDays(3).ToUniversalTime()).Offset);
    }

    [Fact]
    public void LeavesTimesAloneWithoutOriginLines()
    {
        var t = new DateTimeOffset(2022, 7, 18, 20, 10, 0, TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, new HostOffsets().ToHost(t).Offset);
    }
}

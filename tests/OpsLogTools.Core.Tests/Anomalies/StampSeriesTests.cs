using OpsLogTools.Core.Analysis.Anomalies;
using Xunit;

namespace OpsLogTools.Core.Tests.Anomalies;

public class StampSeriesTests
{
    [Fact]
    public void TheFilesOfARotatedSetAreOneSeriesEmptyFilesIncluded()
    {
        // messages-20220718 (empty: nothing was logged that day), messages-20220719, messages-20220720 (empty), messages.
        var s = new StampSeries([Stamps(), Stamps(10, 11, 12), Stamps(), Stamps(13, 14)]);
        Assert.Equal(5, s.Length);
        Assert.Equal([10L, 11, 12, 13, 14], Enumerable.Range(0, s.Length).Select(i => s[i]));
        Assert.Equal((1, 0), s.Locate(0));
        Assert.Equal((1, 2), s.Locate(2));
        Assert.Equal((3, 0), s.Locate(3));
        Assert.Equal((3, 1), s.Locate(4));
    }

    private static StampColumn Stamps(params long[] ticks)
    {
        var column = new StampColumn(pack: true);
        foreach (long t in ticks) column.Add(t);
        column.Seal();
        return column;
    }
}

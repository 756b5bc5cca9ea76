using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

public class RotatedSetTests
{
    private static string[] Shuffle(string[] items, int seed)
    {
        var rng = new Random(seed);
        return items.OrderBy(_ => rng.Next()).ToArray();
    }

    private static IReadOnlyList<string> Names(RotatedSet set) => set.Files.Select(Path.GetFileName).ToArray()!;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void DateextSetsGoOldestFirstWithTheLiveFileLast(int seed)
    {
        string[] files = ["/b/var/log/messages", "/b/var/log/messages-20220717", "/b/var/log/messages-20220710.gz", "/b/var/log/messages-20220703.gz", "/b/var/log/messages-20220626.gz"];
        var sets = RotatedSet.Group(Shuffle(files, seed));
        var set = Assert.Single(sets);
        Assert.Equal("messages", set.BaseName);
        Assert.Equal("/b/var/log", set.Directory);
        Assert.Equal(["messages-20220626.gz", "messages-20220703.gz", "messages-20220710.gz", "messages-20220717", "messages"], Names(set));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void NumberedSetsGoHighestNumberFirst(int seed)
    {
        string[] files = ["/l/messages.1", "/l/messages", "/l/messages.3.gz", "/l/messages.2", "/l/messages.10.gz", "/l/messages.9.gz"];
        var set = Assert.Single(RotatedSet.Group(Shuffle(files, seed)));
        Assert.Equal(["messages.10.gz", "messages.9.gz", "messages.3.gz", "messages.2", "messages.1", "messages"], Names(set));
    }

    [Fact]
    public void ApacheNamesFormTheirOwnSets()
    {
        string[] files = ["/h/httpd/error_log", "/h/httpd/access_log-20220717", "/h/httpd/error_log.1", "/h/httpd/access_log", "/h/httpd/error_log.2.gz", "/h/httpd/access_log-20220710.gz"];
        var sets = RotatedSet.Group(files);
        Assert.Equal(2, sets.Count);
        Assert.Equal("access_log", sets[0].BaseName);
        Assert.Equal(["access_log-20220710.gz", "access_log-20220717", "access_log"], Names(sets[0]));
        Assert.Equal("error_log", sets[1].BaseName);
        Assert.Equal(["error_log.2.gz", "error_log.1", "error_log"], Names(sets[1]));
    }

    [Fact]
    public void CloudFrontFilesSortByTheHourInTheName()
    {
        // Standard log names: <distribution>.<YYYY-MM-DD-HH>.<unique>.gz; the unique id says nothing of time.
        string[] files =
        [
            "/c/cloudfront/E2ABCDEF123456.2022-07-19-13.ffff0000.gz",
            "/c/cloudfront/E2ABCDEF123456.2022-07-19-12.zzzz9999.gz",
            "/c/cloudfront/E2ABCDEF123456.2022-07-18-23.aaaa1111.gz",
            "/c/cloudfront/E2ABCDEF123456.2022-07-19-12.abcd1234.gz",
            "/c/cloudfront/E9OTHERDIST.2022-07-19-01.0000aaaa.gz",
        ];
        var sets = RotatedSet.Group(files);
        Assert.Equal(2, sets.Count);
        Assert.Equal("E2ABCDEF123456", sets[0].BaseName);
        Assert.Equal(
            ["E2ABCDEF123456.2022-07-18-23.aaaa1111.gz", "E2ABCDEF123456.2022-07-19-12.abcd1234.gz", "E2ABCDEF123456.2022-07-19-12.zzzz9999.gz", "E2ABCDEF123456.2022-07-19-13.ffff0000.gz"],
            Names(sets[0]));
        Assert.Equal("E9OTHERDIST", sets[1].BaseName);
    }

    [Fact]
    public void SameNameInAnotherDirectoryIsAnotherSet()
    {
        var sets = RotatedSet.Group(["/a/messages", "/b/messages", "/a/messages-20220717"]);
        Assert.Equal(2, sets.Count);
        Assert.Equal(["messages-20220717", "messages"], Names(sets[0]));
        Assert.Equal(["messages"], Names(sets[1]));
    }

    [Fact]
    public void OtherNamesStandAloneAndSortByName()
    {
        var sets = RotatedSet.Group(["/x/yum.log", "/x/dnf.rpm.log", "/x/cron", "/x/app-2022-07-17.log", "/x/app.log"]);
        Assert.Equal(["app-2022-07-17.log", "app.log", "cron", "dnf.rpm.log", "yum.log"],
            sets.SelectMany(s => s.Files).Select(Path.GetFileName));
        // dateext with a kept .log extension belongs to the live app.log
        Assert.Equal(["app-2022-07-17.log", "app.log"], Names(sets.Single(s => s.BaseName == "app.log")));
    }

    [Fact]
    public void HourlyDateextSortsWithDaily()
    {
        var set = Assert.Single(RotatedSet.Group(["/x/secure-2022071903", "/x/secure", "/x/secure-20220718", "/x/secure-2022071823"]));
        Assert.Equal(["secure-20220718", "secure-2022071823", "secure-2022071903", "secure"], Names(set));
    }
}

using System.Globalization;
using OpsLogTools.Core.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>
/// The generator with a zone that has daylight saving (<see cref="IncidentScenario.HostTimeZone"/>): every local stamp
/// takes the offset in force at its moment, as a real host writes it. Checked with the test's own reading of the
/// formats (<see cref="BundleText"/>), not the project's parsers.
/// </summary>
public sealed class DaylightSavingScenarioTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    // New York ends daylight saving on 6 Nov 2022 (-04:00 → -05:00); Sydney on 2 Apr 2023 (+11:00 → +10:00, southern);
    // Berlin begins it on 26 Mar 2023 (+01:00 → +02:00).
    [InlineData("America/New_York", 2022, 11, 8, 1)]
    [InlineData("Australia/Sydney", 2023, 4, 4, 1)]
    [InlineData("Europe/Berlin", 2023, 3, 28, 0)]
    public void ApacheWritesTheOffsetInForceAndRsyslogTheWallClock(string zoneId, int year, int month, int day, int fallBacks)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var scenario = IncidentScenario.NothingPlanted(61) with { HostTimeZone = zoneId, IncidentStart = new DateTime(year, month, day, 21, 10, 0), PrometheusPrintsUtc = true };
        string dir = _temp.NewDirectory(zoneId.Replace('/', '-'));
        var truth = IncidentGenerator.Write(dir, scenario);
        Assert.Equal(zoneId, truth.HostZone);
        Assert.Equal(zone.GetUtcOffset(truth.IncidentStart), truth.IncidentStart.Offset);

        // %z is the offset in force at each request: both offsets of the change appear, each at its own moments.
        var origin = BundleChecks.OriginLines(dir, truth);
        Assert.All(origin, o => Assert.Equal(zone.GetUtcOffset(o.Time), o.Time.Offset));
        Assert.Equal(2, origin.Select(o => o.Time.Offset).Distinct().Count());

        // rsyslog writes the wall clock: across the change messages steps back an hour once (fall-back) or jumps an
        // hour forward (spring-forward); prometheus' own UTC clock, read against the stamp in the host's zone, agrees.
        var lines = truth.Files.Where(f => f.Path.StartsWith("messages", StringComparison.Ordinal)).OrderBy(f => f.FirstTime)
            .SelectMany(f => BundleText.Lines(dir, f.Path)).Where(l => l.Length > 15 && !l.StartsWith('\0')).ToList();
        int back = 0;
        var previous = DateTime.MinValue;
        int printed = 0;
        foreach (string line in lines)
        {
            var wall = BundleText.SyslogTime(line, truth.IncidentStart.DateTime);
            if (previous != DateTime.MinValue && wall < previous.AddMinutes(-30)) back++;
            previous = wall;
            var (_, tag, message) = BundleText.SyslogParts(line);
            if (!tag.StartsWith("prometheus[", StringComparison.Ordinal)) continue;
            int at = message.IndexOf("ts=", StringComparison.Ordinal) + 3;
            var utc = DateTimeOffset.ParseExact(message.Substring(at, 24), "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var local = TimeZoneInfo.ConvertTime(utc, zone);
            Assert.InRange((wall - local.DateTime).TotalSeconds, -1, 0);
            printed++;
        }
        Assert.Equal(fallBacks, back);
        Assert.True(printed > 100, "prometheus prints its clock every quarter hour");
    }

    [Fact]
    public void WithoutRulesTheBytesAreTheFixedZonesBytes()
    {
        // A zone without daylight saving written as rules or as a fixed offset is the same host.
        string a = _temp.NewDirectory("kolkata-rules"), b = _temp.NewDirectory("kolkata-fixed");
        IncidentGenerator.Write(a, IncidentScenario.NothingPlanted(62) with { HostTimeZone = "Asia/Kolkata" });
        IncidentGenerator.Write(b, IncidentScenario.NothingPlanted(62) with { HostZone = new TimeSpan(5, 30, 0) });
        foreach (string file in Directory.EnumerateFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)))
        {
            if (file == GroundTruth.FileName) continue;
            Assert.Equal(BundleText.Bytes(a, file), BundleText.Bytes(b, file));
        }
    }

    [Fact]
    public void AnUnknownZoneIsRefused() =>
        Assert.Throws<ArgumentException>(() => IncidentGenerator.Write(_temp.NewDirectory("bad"), IncidentScenario.Default with { HostTimeZone = "Nowhere/Atlantis" }));
}

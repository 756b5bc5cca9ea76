using System.Text.Json;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.EndToEnd;

/// <summary>
/// With origin logs next to CloudFront logs, the twin records the detector holds cover a bounded time span: twice the
/// days of traffic do not make twice the records (counted, not timed). The counts stay exact against the generated
/// truth and against deciding every twin at the end, and the fast and the per-entry path still agree.
/// </summary>
public sealed class BotTwinMemoryTests
{
    public static TheoryData<int, bool> Scenarios => new()
    {
        { 41, false },
        { 977, true },
    };

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Twin_records_held_do_not_grow_with_the_days_of_traffic(int seed, bool forwardedFor)
    {
        string root = Path.Combine(Path.GetTempPath(), "opslogtools-twins-" + Guid.NewGuid().ToString("N"));
        try
        {
            var shortRun = Run(Path.Combine(root, "short"), seed, forwardedFor, days: 2);
            var longRun = Run(Path.Combine(root, "long"), seed, forwardedFor, days: 4);

            Assert.True(longRun.Forwarded > shortRun.Forwarded * 3 / 2, $"forwarded {shortRun.Forwarded} then {longRun.Forwarded}");
            foreach (var run in new[] { shortRun, longRun })
            {
                // Held at once: some hours' worth of forwarded requests, fewer than the requests (deciding at the end
                // holds two records for each).
                Assert.True(run.HighWater > 0 && run.HighWater < run.Forwarded, $"held {run.HighWater} of {run.Forwarded}; short {shortRun}, long {longRun}");
                Assert.Equal(run.HighWater, run.SlowHighWater);
                Assert.Equal(0, run.LateLines);
            }
            // The generator's days differ in detail; the span held does not grow with them.
            Assert.True(longRun.HighWater < shortRun.HighWater * 5 / 4, $"held {shortRun.HighWater} then {longRun.HighWater}");

            // CloudFront's logs cover only the last hours of the origin's days: the origin lines before them need not
            // wait for CloudFront to begin.
            var partial = Run(Path.Combine(root, "long"), seed, forwardedFor, days: 4, keepCloudFrontFiles: 12);
            Assert.True(partial.HighWater <= longRun.HighWater, $"held {partial.HighWater}, with every CloudFront file {longRun.HighWater}");
            Assert.Equal(longRun.OriginLines, partial.OriginLines);
            Assert.True(forwardedFor || partial.EdgeAttributed > 0);
            Assert.Equal(0, partial.LateLines);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    private static RunResult Run(string dir, int seed, bool forwardedFor, int days, int keepCloudFrontFiles = 0)
    {
        var scenario = new IncidentScenario
        {
            Seed = seed,
            DaysBefore = days,
            RotatedFiles = days,
            OriginLogsForwardedFor = forwardedFor,
            HostZone = TimeSpan.FromHours(seed % 2 == 0 ? 9 : -4),
        };
        GroundTruth? truth = null;
        if (keepCloudFrontFiles == 0)
        {
            truth = IncidentGenerator.Write(dir, scenario);
        }
        else
        {
            // Hourly files: the names sort by hour.
            var cloudFront = Directory.GetFiles(Path.Combine(dir, "cloudfront")).Order(StringComparer.Ordinal).ToArray();
            Assert.True(cloudFront.Length > keepCloudFrontFiles * 2);
            foreach (var f in cloudFront[..^keepCloudFrontFiles]) File.Delete(f);
        }
        var read = new LogReadOptions { LocalZone = TimeZoneInfo.Utc };

        var fastDiagnostics = new CollectingDiagnostics();
        var sets = WebLogSets.Find([dir], read, fastDiagnostics, default);
        Assert.True(sets.MergeByTime);
        var fast = sets.CreateDetector(null, fastDiagnostics, keepTwinOrdinals: false);
        MergedFactFeed.Run(sets, read, 2, fast, fastDiagnostics, default);
        var fastReport = fast.Finish();

        var slowDiagnostics = new CollectingDiagnostics();
        var slowSets = WebLogSets.Find([dir], read, slowDiagnostics, default);
        var slow = slowSets.CreateDetector(null, slowDiagnostics, keepTwinOrdinals: true);
        foreach (var entry in WebRequestReader.Read(slowSets, read, slowDiagnostics, default)) slow.Add(entry);
        var slowReport = slow.Finish();
        Assert.Equal(BotBundle.Describe(slowReport), BotBundle.Describe(fastReport));
        Assert.Equal(slowReport.DuplicatesMatched, slowReport.MatchedTwinOrdinals.Count);

        // Deciding every twin at the end (the reader's order, everything held) gives the same counts.
        var atEnd = BotBundle.ReaderPath([dir]).Report;
        Assert.Equal(atEnd.Requests, fastReport.Requests);
        Assert.Equal(atEnd.DuplicatesMatched, fastReport.DuplicatesMatched);
        Assert.Equal(atEnd.EdgeAttributedRequests, fastReport.EdgeAttributedRequests);
        Assert.Equal(atEnd.Activities.Select(a => (a.ClientIp, a.Requests, a.Kind, a.Intent)), fastReport.Activities.Select(a => (a.ClientIp, a.Requests, a.Kind, a.Intent)));

        foreach (var bot in truth?.Bots ?? [])
        {
            var found = fastReport.Find(bot.Address);
            Assert.True(found is not null, $"{bot.Kind} {bot.Address} was not reported");
            Assert.Equal(bot.Requests, found.Requests);
        }
        long forwarded = fastReport.DuplicatesMatched + fastReport.EdgeAttributedRequests;
        Assert.True(truth is null || truth.Bots.Count > 0);
        return new RunResult(fast.TwinRecordsHighWater, slow.TwinRecordsHighWater, forwarded, fast.TwinLateLines, fastReport.EdgeAttributedRequests, fastReport.OriginLines);
    }

    private sealed record RunResult(long HighWater, long SlowHighWater, long Forwarded, long LateLines, long EdgeAttributed, long OriginLines);
}

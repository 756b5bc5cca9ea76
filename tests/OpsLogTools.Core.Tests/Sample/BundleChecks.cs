using Xunit;
using System.Globalization;
using OpsLogTools.Core.Sample;

namespace OpsLogTools.Core.Tests.Sample;

/// <summary>Checks a generated bundle against its own truth by reading the files back.</summary>
internal static class BundleChecks
{
    private static readonly string[] SyslogNames = ["messages", "cron", "secure"];

    public static void All(string dir, GroundTruth truth)
    {
        FilesAndLineCounts(dir, truth);
        StampRuns(dir, truth);
        Missing(dir, truth);
        NulRuns(dir, truth);
        Bots(dir, truth);
        OriginShowsOnlyEdges(dir, truth);
        UpdateRuns(dir, truth);
        Outage(dir, truth);
        PidsRise(dir, truth);
        SyslogHost(dir, truth);
    }

    public static void FilesAndLineCounts(string dir, GroundTruth truth)
    {
        Assert.Equal(BundleText.Files(dir), truth.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
        foreach (var f in truth.Files)
        {
            Assert.Equal(f.Path.EndsWith(".gz", StringComparison.Ordinal), f.Compressed);
            Assert.Equal(f.Bytes, BundleText.Bytes(dir, f.Path).LongLength);
            Assert.True(f.LineCount == BundleText.Lines(dir, f.Path).Count, $"{f.Path}: {f.LineCount} in truth");
        }
        foreach (var name in SyslogNames.Concat(["httpd/access_log", "httpd/error_log", "yum.log", "etc/crontab"]))
            Assert.NotNull(truth.File(name));
        int cloudFrontLines = (int)truth.Files.Where(f => f.Kind == "CloudFront").Sum(f => f.LineCount - 2);
        Assert.Equal(truth.ViewerRequests, cloudFrontLines);
        int originLines = (int)truth.Files.Where(f => f.Kind == "AccessLog").Sum(f => f.LineCount);
        Assert.Equal(truth.OriginRequests, originLines);
    }

    public static void StampRuns(string dir, GroundTruth truth)
    {
        var zone = truth.IncidentStart.Offset;
        foreach (var run in truth.StampRuns)
        {
            var lines = BundleText.Lines(dir, run.Path);
            Assert.Equal(run.LastLine - run.FirstLine + 1, run.LineCount);
            Assert.Equal(run.OffsetSeconds, (long)(run.StampedStart - run.TrueStart).TotalSeconds);
            Assert.Equal(run.OffsetSeconds, (long)(run.StampedEnd - run.TrueEnd).TotalSeconds);
            Assert.StartsWith(BundleText.SyslogStamp(run.StampedStart), lines[(int)run.FirstLine - 1], StringComparison.Ordinal);
            Assert.StartsWith(BundleText.SyslogStamp(run.StampedEnd), lines[(int)run.LastLine - 1], StringComparison.Ordinal);

            // Inside the run every stamp minus the offset is a true time in order, between the run's bounds.
            var previous = run.TrueStart.DateTime;
            for (long n = run.FirstLine; n <= run.LastLine; n++)
            {
                string line = lines[(int)n - 1];
                var stamped = BundleText.SyslogTime(line, run.StampedStart.DateTime);
                var trueTime = stamped.AddSeconds(-run.OffsetSeconds);
                Assert.True(trueTime >= previous && trueTime <= run.TrueEnd.DateTime, $"{run.Path}:{n} out of the run's order");
                previous = trueTime;
                // The SSM agent prints its own (true) clock: the stamp is off by exactly the offset.
                var (_, tag, message) = BundleText.SyslogParts(line);
                if (tag == "amazon-ssm-agent")
                {
                    var embedded = DateTime.ParseExact(message[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    Assert.Equal(run.OffsetSeconds, (long)(stamped - embedded).TotalSeconds);
                }
            }

            // The lines just outside the run are stamped in true time.
            if (run.FirstLine > 1)
            {
                var before = BundleText.SyslogTime(lines[(int)run.FirstLine - 2], run.TrueStart.DateTime);
                Assert.InRange(before, run.TrueStart.DateTime.AddHours(-2), run.TrueStart.DateTime);
            }
            if (run.LastLine < lines.Count)
            {
                string next = lines[(int)run.LastLine];
                if (!next.StartsWith('\0'))
                {
                    var after = BundleText.SyslogTime(next, run.TrueEnd.DateTime);
                    Assert.InRange(after, run.TrueEnd.DateTime, run.TrueEnd.DateTime.AddHours(2));
                }
            }
            Assert.Equal(zone, run.TrueStart.Offset);
        }
    }

    public static void Missing(string dir, GroundTruth truth)
    {
        if (truth.MissingLines is not { } hole) return;
        Assert.True(hole.RemovedLineCount > 0, "the cut file was busy enough to lose lines");
        var lines = BundleText.Lines(dir, hole.Path);
        bool displaced(long n) => truth.StampRuns.Any(r => r.Path == hole.Path && n >= r.FirstLine && n <= r.LastLine);
        for (int i = 0; i < lines.Count; i++)
        {
            if (displaced(i + 1) || lines[i].StartsWith('\0')) continue;
            var t = BundleText.SyslogTime(lines[i], hole.TrueStart.DateTime);
            Assert.False(t >= hole.TrueStart.DateTime && t < hole.TrueEnd.DateTime, $"{hole.Path}:{i + 1} lies inside the hole");
        }
        if (hole.LineBefore > 0)
        {
            Assert.Equal(hole.TimeBefore!.Value.DateTime, BundleText.SyslogTime(lines[(int)hole.LineBefore - 1], hole.TrueStart.DateTime));
            Assert.Equal(hole.TimeAfter!.Value.DateTime, BundleText.SyslogTime(lines[(int)hole.LineBefore], hole.TrueEnd.DateTime));
        }
    }

    public static void NulRuns(string dir, GroundTruth truth)
    {
        var withNuls = truth.Files.Where(f => BundleText.Bytes(dir, f.Path).Contains((byte)0)).Select(f => f.Path).ToList();
        Assert.Equal(truth.NulRuns.Select(r => r.Path).Distinct().Order(), withNuls.Order());
        foreach (var run in truth.NulRuns)
        {
            var bytes = BundleText.Bytes(dir, run.Path);
            Assert.All(bytes.AsSpan((int)run.ByteOffset, run.Length).ToArray(), b => Assert.Equal(0, b));
            Assert.NotEqual(0, bytes[run.ByteOffset - 1]);
            Assert.Equal(run.Length, bytes.Count(b => b == 0));
            var lines = BundleText.Lines(dir, run.Path);
            Assert.StartsWith(new string('\0', run.Length), lines[(int)run.Line - 1], StringComparison.Ordinal);
            if (run.FollowedByLines) Assert.Matches("^\0+[A-Z][a-z]{2} [ 0-9]\\d \\d\\d:\\d\\d:\\d\\d ", lines[(int)run.Line - 1]);
            else Assert.Equal(bytes.Length, run.ByteOffset + run.Length);
        }
    }

    public static void Bots(string dir, GroundTruth truth)
    {
        var records = BundleText.CloudFront(dir);
        var origin = OriginLines(dir, truth);
        foreach (var bot in truth.Bots)
        {
            var mine = records.Where(r => r["c-ip"] == bot.Address).ToList();
            Assert.Equal(bot.Requests, mine.Count);
            Assert.True(bot.Requests > 0, $"{bot.Kind} made requests");
            Assert.Equal(bot.FirstSeen, mine.Min(BundleText.CloudFrontTime));
            Assert.Equal(bot.LastSeen, mine.Max(BundleText.CloudFrontTime));
            Assert.All(mine, r => Assert.Equal(bot.UserAgent.Replace(" ", "%20", StringComparison.Ordinal), r["cs(User-Agent)"]));
            foreach (var (status, count) in bot.StatusCounts)
                Assert.Equal(count, mine.Count(r => r["sc-status"] == status));
            Assert.Equal(bot.Paths.Order(StringComparer.Ordinal), mine.Select(r => r["cs-uri-stem"]).Distinct().Order(StringComparer.Ordinal));
            Assert.InRange(bot.ForwardedToOrigin, 0, bot.Requests);
            if (truth.OriginLogsForwardedFor)
                Assert.Equal(bot.ForwardedToOrigin, origin.Count(o => o.LastQuoted == bot.Address));
        }
        // Planted actors never share an address with each other or with ordinary visitors.
        var planted = truth.Bots.Select(b => b.Address).Concat(truth.LegitimateReaderAddresses).ToList();
        Assert.Equal(planted.Count, planted.Distinct().Count());
        Assert.Empty(planted.Intersect(truth.VisitorAddresses));
        foreach (var reader in truth.LegitimateReaderAddresses)
        {
            var requests = records.Where(r => r["c-ip"] == reader).ToList();
            Assert.Contains(requests, r => r["cs-uri-stem"] == truth.LegitimatePage && r["sc-status"] == "200");
            Assert.All(requests, r => Assert.Equal("200", r["sc-status"]));
        }
        if (truth.HumanNotFoundBurst is { } burst)
            Assert.Equal(burst.Requests, records.Count(r => r["c-ip"] == burst.Address && r["sc-status"] == "404"));
    }

    public static List<(string Client, DateTimeOffset Time, int Status, string LastQuoted)> OriginLines(string dir, GroundTruth truth) =>
        truth.Files.Where(f => f.Kind == "AccessLog").SelectMany(f => BundleText.Lines(dir, f.Path)).Select(BundleText.Access).ToList();

    public static void OriginShowsOnlyEdges(string dir, GroundTruth truth)
    {
        var viewers = BundleText.CloudFront(dir).Select(r => r["c-ip"]).ToHashSet(StringComparer.Ordinal);
        var edges = truth.EdgeAddresses.ToHashSet(StringComparer.Ordinal);
        var origin = OriginLines(dir, truth);
        Assert.NotEmpty(origin);
        foreach (var o in origin)
        {
            Assert.DoesNotContain(o.Client, viewers);
            Assert.Contains(o.Client, edges);
            Assert.True(EdgeNetwork.IsEdgeAddress(o.Client), $"{o.Client} is in CloudFront's origin-facing ranges");
            Assert.Equal(truth.IncidentStart.Offset, o.Time.Offset);
            if (truth.OriginLogsForwardedFor) Assert.Contains(o.LastQuoted, viewers);
        }
        Assert.Equal(edges.Order(), origin.Select(o => o.Client).Distinct().Order());
    }

    public static void UpdateRuns(string dir, GroundTruth truth)
    {
        var yum = BundleText.Lines(dir, "yum.log");
        Assert.Equal(truth.UpdateRuns.Sum(r => r.Packages.Count), yum.Count);
        foreach (var run in truth.UpdateRuns)
        {
            Assert.Equal(run.Packages.Count, run.YumLogLastLine - run.YumLogFirstLine + 1);
            for (int i = 0; i < run.Packages.Count; i++)
            {
                var p = run.Packages[i];
                string line = yum[(int)run.YumLogFirstLine - 1 + i];
                Assert.EndsWith($" {p.Action}: {p.YumText}", line, StringComparison.Ordinal);
            }
            Assert.StartsWith(run.Start.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture), yum[(int)run.YumLogFirstLine - 1], StringComparison.Ordinal);
            Assert.StartsWith(run.End.ToString("MMM dd HH:mm:ss", CultureInfo.InvariantCulture), yum[(int)run.YumLogLastLine - 1], StringComparison.Ordinal);
            string command = BundleText.Lines(dir, run.CommandPath)[(int)run.CommandLine - 1];
            if (run.Schedule == "Manual") Assert.Contains("COMMAND=/bin/yum install", command, StringComparison.Ordinal);
            else
            {
                Assert.Contains("CROND[", command, StringComparison.Ordinal);
                Assert.EndsWith("(root) CMD (yum -y update)", command, StringComparison.Ordinal);
                Assert.Contains($"{run.Schedule} root yum -y update", BundleText.Lines(dir, "etc/crontab"));
            }
        }
    }

    /// <summary>The stamp a line written at <paramref name="t"/> carries in a file: re-stamped inside a planted run.</summary>
    public static string ExpectedStamp(GroundTruth truth, string path, DateTimeOffset t)
    {
        var run = truth.StampRuns.FirstOrDefault(r => r.Path == path && t >= r.TrueStart && t <= r.TrueEnd);
        return BundleText.SyslogStamp(run is null ? t : t.AddSeconds(run.OffsetSeconds));
    }

    public static void Outage(string dir, GroundTruth truth)
    {
        if (truth.Outage is not { } o) return;
        var first = BundleText.Access(BundleText.Lines(dir, o.FirstServerErrorPath)[(int)o.FirstServerErrorLine - 1]);
        Assert.InRange(first.Status, 500, 599);
        Assert.Equal(o.FirstServerError, first.Time);
        var origin = OriginLines(dir, truth);
        Assert.DoesNotContain(origin, l => l.Status >= 500 && l.Time < o.FirstServerError);
        Assert.DoesNotContain(origin, l => l.Time >= o.Down && l.Time < o.Up);
        Assert.Equal(o.OriginServerErrors, origin.Count(l => l.Status >= 500));
        var edgeErrors = BundleText.CloudFront(dir).Where(r => r["sc-status"] is "502" or "504").ToList();
        Assert.Equal(o.EdgeErrors, edgeErrors.Count);
        Assert.All(edgeErrors, r => Assert.Equal("Error", r["x-edge-result-type"]));
        Assert.Contains(edgeErrors, r => BundleText.CloudFrontTime(r) > o.Down && BundleText.CloudFrontTime(r) < o.Up);

        var errorLog = truth.Files.Where(f => f.Kind == "ErrorLog").SelectMany(f => BundleText.Lines(dir, f.Path)).ToList();
        string mrwStamp = o.MaxRequestWorkers.ToString("ddd MMM dd HH:mm:ss.ffffff yyyy", CultureInfo.InvariantCulture);
        Assert.Contains(errorLog, l => l.StartsWith("[" + mrwStamp + "]", StringComparison.Ordinal) && l.Contains("AH00161: server reached MaxRequestWorkers", StringComparison.Ordinal));
        Assert.Contains(errorLog, l => l.Contains($"[pid {o.HttpdPidAfter}]", StringComparison.Ordinal) && l.Contains("resuming normal operations", StringComparison.Ordinal));

        var messages = truth.Files.Where(f => f.Path.StartsWith("messages", StringComparison.Ordinal)).SelectMany(f => BundleText.Lines(dir, f.Path)).ToList();
        foreach (var kill in o.OomKills)
            Assert.Single(messages, l => l.EndsWith($"kernel: Out of memory: Kill process {kill.Pid} (httpd) score " + l.Split(" score ")[^1], StringComparison.Ordinal));
        Assert.Equal(o.HttpdPidBefore, o.OomKills.Single(k => k.MainProcess).Pid);
        Assert.Single(messages, l => l.EndsWith("systemd: httpd.service: main process exited, code=killed, status=9/KILL", StringComparison.Ordinal));
        Assert.Contains(messages, l => l.StartsWith(ExpectedStamp(truth, "messages", o.Up), StringComparison.Ordinal) && l.EndsWith("systemd: Started The Apache HTTP Server.", StringComparison.Ordinal));
        var secure = BundleText.Lines(dir, "secure");
        Assert.Contains(secure, l => l.StartsWith(ExpectedStamp(truth, "secure", o.RestartCommand), StringComparison.Ordinal)
            && l.EndsWith("sudo: ec2-user : TTY=pts/0 ; PWD=/home/ec2-user ; USER=root ; COMMAND=/bin/systemctl restart httpd", StringComparison.Ordinal));
        Assert.Contains(secure, l => l.StartsWith(ExpectedStamp(truth, "secure", o.AdminLogin), StringComparison.Ordinal) && l.Contains($"Accepted publickey for ec2-user from {o.AdminAddress} ", StringComparison.Ordinal));
    }

    /// <summary>New processes get rising PIDs in every file (daemons started at boot have the low ones).</summary>
    public static void PidsRise(string dir, GroundTruth truth)
    {
        foreach (var name in SyslogNames)
        {
            var seen = new HashSet<int>();
            int last = 0, floor = int.MaxValue;
            foreach (var file in truth.Files.Where(f => f.Path == name || f.Path.StartsWith(name + "-", StringComparison.Ordinal)).OrderBy(f => f.FirstTime))
            {
                foreach (var line in BundleText.Lines(dir, file.Path))
                {
                    if (line.StartsWith('\0')) continue;
                    var (_, tag, message) = BundleText.SyslogParts(line);
                    // A session's end may be the first line a file keeps of a long-lived process (after a rotation or a cut).
                    if (message.Contains("disconnect", StringComparison.OrdinalIgnoreCase) || message.Contains("session closed", StringComparison.Ordinal)) continue;
                    if (BundleText.Pid(tag) is not { } pid || !seen.Add(pid)) continue;
                    floor = Math.Min(floor, pid);
                    if (pid <= floor) continue; // a boot-time daemon seen for the first time
                    Assert.True(pid > last, $"{file.Path}: PID {pid} after {last}");
                    last = pid;
                }
            }
        }
    }

    public static void SyslogHost(string dir, GroundTruth truth)
    {
        foreach (var f in truth.Files.Where(f => f.Kind == "Syslog"))
            Assert.All(BundleText.Lines(dir, f.Path).Where(l => !l.StartsWith('\0')), l => Assert.Equal(truth.HostName, BundleText.SyslogParts(l).Host));
    }
}

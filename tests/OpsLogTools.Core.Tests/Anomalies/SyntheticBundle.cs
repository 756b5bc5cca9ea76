using System.Globalization;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>Plants anomalies into a <see cref="SyntheticHost"/> and renders it as the readers would hand it over.</summary>
internal static class SyntheticBundle
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Stamps every line of <paramref name="files"/> written in [from, to) with <paramref name="offset"/> added.</summary>
    public static void Displace(SyntheticHost host, DateTimeOffset from, DateTimeOffset to, TimeSpan offset, params string[] files)
    {
        foreach (var l in host.Lines)
        {
            if (Array.IndexOf(files, l.File) < 0 || l.True < from || l.True >= to) continue;
            l.StampOffset += offset;
            l.Displaced = true;
        }
    }

    public static void Remove(SyntheticHost host, string file, DateTimeOffset from, DateTimeOffset to) =>
        host.Lines.RemoveAll(l => l.File == file && l.True >= from && l.True < to);

    /// <summary>Origin 5xx at <paramref name="perMinute"/> a minute on top of normal traffic (CloudFront passes them on).</summary>
    public static void ErrorBurst(SyntheticHost host, DateTimeOffset from, DateTimeOffset to, double perMinute)
    {
        host.Poisson(TimeSpan.FromSeconds(60 / perMinute), 1.0, false, t =>
        {
            if (t < from || t >= to) return;
            int status = host.Rng.NextDouble() < 0.8 ? 500 : 503; // the origin's own errors, passed on by CloudFront
            host.Add(SyntheticHostFiles.Access(t, "/blog/2022/07/release-notes/", status, $"130.176.9.{host.Rng.Next(1, 255)}"));
            if (host.WithCloudFront) host.Add(SyntheticHostFiles.Cdn(t, "/blog/2022/07/release-notes/", status, "Error", $"203.0.113.{host.Rng.Next(1, 255)}"));
        });
    }

    /// <summary>httpd killed by the OOM killer at <paramref name="at"/>, started again at <paramref name="back"/>; the origin logs nothing between, CloudFront answers 502.</summary>
    public static void Outage(SyntheticHost host, DateTimeOffset at, DateTimeOffset back)
    {
        int victim = host.NewPid();
        host.Add(SyntheticHostFiles.Error(at.AddMinutes(-3), "mpm_prefork:error", 1400, "AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at, "kernel", null, $"Out of memory: Kill process {victim} (httpd) score 211 or sacrifice child"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at, "kernel", null, $"Killed process {victim} (httpd) total-vm:512340kB, anon-rss:180232kB, file-rss:0kB, shmem-rss:0kB"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(1), "systemd", null, "httpd.service: main process exited, code=killed, status=9/KILL"));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(1), "systemd", null, "Unit httpd.service entered failed state."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(1), "systemd", null, "httpd.service failed."));
        host.Lines.RemoveAll(l => l.File == SyntheticHost.AccessLog && l.True >= at && l.True < back);
        var failed = host.Lines.Where(l => l.File == SyntheticHost.CloudFrontLog && l.ResultType == "Miss" && l.True >= at && l.True < back).ToList();
        foreach (var l in failed)
        {
            host.Lines.Remove(l);
            host.Add(SyntheticHostFiles.Cdn(l.True, l.Target!, 502, "Error", l.ClientIp!));
        }
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, back, "systemd", null, "Starting The Apache HTTP Server..."));
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, back.AddSeconds(1), "systemd", null, "Started The Apache HTTP Server."));
        host.Add(SyntheticHostFiles.Error(back.AddSeconds(1), "mpm_prefork:notice", host.NewPid(), "AH00163: Apache/2.4.54 () configured -- resuming normal operations"));
    }

    public const string YumLog = "/bundle/var/log/yum.log";
    public const string DnfRpmLog = "/bundle/var/log/dnf.rpm.log";

    /// <summary>The nightly cron <c>yum -y update</c> at <paramref name="at"/>, with what it updated in yum.log and an rsyslog restart.</summary>
    public static void NightlyYum(SyntheticHost host, DateTimeOffset at)
    {
        int pid = host.NewPid();
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Cron, at.AddSeconds(1), "CROND", pid, "(root) CMD (/usr/bin/yum -y update)"));
        string[] packages = ["tzdata-2022a-1.amzn2.noarch", "rsyslog-8.24.0-57.amzn2.2.0.1.x86_64", "httpd-2.4.54-1.amzn2.x86_64"];
        for (int k = 0; k < packages.Length; k++)
            host.Add(new SyntheticLine { File = YumLog, True = at.AddSeconds(40 + 7 * k), Message = "Updated: " + packages[k] });
        host.Add(SyntheticHostFiles.Syslog(SyntheticHost.Messages, at.AddSeconds(50), "rsyslogd", null,
            "[origin software=\"rsyslogd\" swVersion=\"8.24.0-57.amzn2.2.0.1\" x-pid=\"3101\" x-info=\"http://www.rsyslog.com\"] start"));
    }

    /// <summary>Renders the host's files: line numbers in writing order, stamps as written, yearless stamps resolved by <see cref="StampClock"/>.</summary>
    /// <param name="host">The host's lines.</param>
    /// <param name="zoneSource">Where the yearless files' zone is said to come from (a guess ends in " (guess)").</param>
    public static List<FileEntries> Render(SyntheticHost host, string zoneSource = "test bundle")
    {
        var reference = new TimeReference(host.Start, host.End, host.Zone, host.Start.Offset, "test bundle", zoneSource);
        var files = new List<FileEntries>();
        foreach (var group in host.Lines.GroupBy(l => l.File).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ordered = group.Select((l, k) => (l, k)).OrderBy(x => x.l.True).ThenBy(x => x.k).Select(x => x.l).ToList();
            var clock = new StampClock(reference);
            var entries = new List<LogEntry>(ordered.Count);
            string path = group.Key;
            LogFormat format = path switch
            {
                SyntheticHost.AccessLog => LogFormat.ApacheCombined,
                SyntheticHost.ErrorLog => LogFormat.ApacheError24,
                SyntheticHost.CloudFrontLog => LogFormat.CloudFront,
                YumLog => LogFormat.Yum,
                DnfRpmLog => LogFormat.DnfRpm,
                _ => LogFormat.Syslog,
            };
            long n = 0;
            foreach (var l in ordered)
            {
                l.LineNumber = ++n;
                entries.Add(Entry(host, clock, format, path, l));
            }
            files.Add(new FileEntries(path, format, entries));
        }
        return files;
    }

    private static LogEntry Entry(SyntheticHost host, StampClock clock, LogFormat format, string path, SyntheticLine l)
    {
        switch (format)
        {
            case LogFormat.Syslog or LogFormat.Yum:
                {
                    var wall = host.Local(l.True + l.StampOffset);
                    string text = wall.ToString("MMM ", Inv) + wall.Day.ToString(Inv).PadLeft(2) + wall.ToString(" HH:mm:ss", Inv);
                    var stamp = clock.FromYearless(wall.Month, wall.Day, wall.Hour, wall.Minute, wall.Second);
                    return new LogEntry
                    {
                        Path = path,
                        LineNumber = l.LineNumber,
                        Format = format,
                        Timestamp = stamp,
                        StampText = text,
                        HostName = format == LogFormat.Yum ? null : "ip-172-26-0-10",
                        Program = l.Program,
                        ProcessId = l.Pid,
                        Message = l.Message,
                        TimeBasis = clock.YearlessBasis,
                    };
                }
            case LogFormat.DnfRpm:
                {
                    // dnf.rpm.log: "2023-11-14T03:02:40+0100 SUBDEBUG Upgrade: chrony-4.3-1.el9.x86_64" (dnf 4, local time with offset).
                    var t = host.Local(l.True);
                    return new LogEntry
                    {
                        Path = path,
                        LineNumber = l.LineNumber,
                        Format = format,
                        Timestamp = t,
                        StampText = t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", Inv).Remove(22, 1),
                        Level = "SUBDEBUG",
                        Message = l.Message,
                    };
                }
            case LogFormat.ApacheError24:
                {
                    var t = host.Local(l.True);
                    return new LogEntry
                    {
                        Path = path,
                        LineNumber = l.LineNumber,
                        Format = format,
                        Timestamp = t,
                        Level = l.Level,
                        Program = l.Program,
                        ProcessId = l.Pid,
                        StampText = t.ToString("ddd MMM dd HH:mm:ss.ffffff yyyy", Inv),
                        Message = l.Message,
                    };
                }
            default:
                {
                    var t = format == LogFormat.CloudFront ? l.True.ToUniversalTime() : host.Local(l.True);
                    return new AccessLogEntry
                    {
                        Path = path,
                        LineNumber = l.LineNumber,
                        Format = format,
                        Timestamp = t,
                        StampText = format == LogFormat.CloudFront ? t.ToString("yyyy-MM-dd\tHH:mm:ss", Inv) : t.ToString("dd/MMM/yyyy:HH:mm:ss ", Inv) + t.ToString("zzz", Inv).Replace(":", "", StringComparison.Ordinal),
                        ClientIp = l.ClientIp ?? "",
                        Method = "GET",
                        Target = l.Target,
                        Protocol = "HTTP/1.1",
                        Status = l.Status,
                        Bytes = 512,
                        ResultType = l.ResultType,
                        Message = l.Message,
                    };
                }
        }
    }

    /// <summary>First and last line numbers of the displaced lines of one file.</summary>
    public static (long First, long Last, int Count) DisplacedLines(SyntheticHost host, string file)
    {
        var lines = host.Lines.Where(l => l.File == file && l.Displaced).Select(l => l.LineNumber).ToList();
        return lines.Count == 0 ? (0, 0, 0) : (lines.Min(), lines.Max(), lines.Count);
    }
}

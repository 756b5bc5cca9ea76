using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Writes a sample incident bundle as an Amazon Linux 2 host behind CloudFront would have it (rsyslog's
/// messages/cron/secure with rotated siblings, yum.log, the crontab, httpd's access_log and error_log,
/// CloudFront's hourly logs) and its <see cref="GroundTruth"/> beside them. Deterministic: the same
/// scenario gives the same bytes. It writes text only and knows nothing of the readers.
/// </summary>
public static class IncidentGenerator
{
    /// <summary>
    /// Writes the bundle into <paramref name="directory"/> (created if needed; files of the same names are
    /// overwritten, others left alone, so use an empty directory) and returns the truth it also saved there
    /// as <see cref="GroundTruth.FileName"/>.
    /// </summary>
    public static GroundTruth Write(string directory, IncidentScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(scenario);
        // Logs are written in the invariant culture whatever the caller's (an Arabic or Thai calendar would change the years).
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return WriteInvariant(directory, scenario);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static GroundTruth WriteInvariant(string directory, IncidentScenario scenario)
    {
        var ctx = new GeneratorContext(scenario);
        var addresses = new AddressPool(ctx.Rng(2));
        var host = new HostLog(ctx);

        // Bots may carry addresses the scenario chose: claim them before anything is generated.
        var site = new SiteMap(ctx.Rng(3), scenario.LegitimateReaders.Page);
        var web = new WebTraffic(ctx, site, addresses);
        web.Write();

        var background = new HostBackground(ctx, host);
        background.Write(addresses);
        var events = new HostEvents(ctx, host, background);
        events.Write(addresses);
        var attack = new SshAttackWriter(ctx, host);
        attack.Write(addresses);

        var edge = new EdgeSimulator(ctx, site, events.Outage?.MaxRequestWorkers);
        edge.Run(web.Requests);

        var pidRng = ctx.Rng(4);
        ctx.Pids.Assign(pidRng, 1900 + pidRng.Next(0, 300), ctx.LogStart - TimeSpan.FromDays(1), 3000 + pidRng.Next(0, 6000), 6);
        ctx.Sessions.Assign(pidRng, 1, ctx.LogStart - TimeSpan.FromDays(1), pidRng.Next(100, 4000), 1);

        var syslog = new SyslogWriter(ctx, host);
        var webWriter = new WebWriter(ctx);
        var buffers = new List<LogFileBuffer>();
        // Amazon Linux 2023 has no rsyslog: the journal holds every line.
        if (scenario.HostFamily == HostFamily.AmazonLinux2023) buffers.Add(new JournalWriter(ctx, host).Write());
        else buffers.AddRange(syslog.Write());
        var yumLines = new Dictionary<DateTimeOffset, List<long>>();
        if (scenario.HostFamily == HostFamily.Debian) buffers.AddRange(DebianLogs.Write(ctx, host));
        else if (scenario.HostFamily == HostFamily.AmazonLinux2023) buffers.AddRange(DnfLogs.Write(ctx, host));
        else buffers.Add(YumLog(ctx, host, out yumLines));
        buffers.AddRange(HostFiles.Crontabs(scenario.Updates, yumCron: scenario.HostFamily == HostFamily.AmazonLinux2));
        buffers.AddRange(webWriter.AccessLog(web.Requests));
        buffers.AddRange(webWriter.ErrorLog(host.ErrorLines));
        buffers.AddRange(webWriter.CloudFront(web.Requests));
        // The binary and audit witnesses (off by default): sshd's btmp/wtmp records, date's clock-change pair, auditd's records.
        var dates = DateStep.Planned(ctx);
        buffers.AddRange(UtmpWriter.Write(ctx, attack, dates));
        if (AuditWriter.Write(ctx, attack, dates) is { } audit) buffers.Add(audit);

        Directory.CreateDirectory(directory);
        var files = buffers.Select(b => b.Save(directory)).ToList();
        var truth = TruthBuilder.Build(ctx, host, web, edge, events, syslog, files, yumLines, attack);
        truth.Save(Path.Combine(directory, GroundTruth.FileName));
        return truth;
    }

    /// <summary>
    /// Streams <paramref name="lines"/> lines of Apache combined format (with <c>%z</c>) to <paramref name="path"/>,
    /// with the variety of a busy site (IPv4 and IPv6 clients, pages, assets, probes, escapes, 2xx–5xx), for
    /// benchmarks. Memory stays flat; about 200 bytes a line.
    /// </summary>
    public static void WriteLargeAccessLog(string path, long lines, int seed)
    {
        ArgumentNullException.ThrowIfNull(path);
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            LargeAccessLog.Write(path, lines, seed);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    private static LogFileBuffer YumLog(GeneratorContext ctx, HostLog host, out Dictionary<DateTimeOffset, List<long>> lineNumbers)
    {
        var buffer = new LogFileBuffer("yum.log", "Yum", gzip: false);
        lineNumbers = new();
        foreach (var (t, text) in host.YumLines.OrderBy(y => y.True))
        {
            long n = buffer.WriteLine($"{TextFormat.YumStamp(ctx.ToLocal(t).DateTime)} {text}", ctx.ToLocal(t));
            if (!lineNumbers.TryGetValue(t, out var list)) lineNumbers[t] = list = new List<long>();
            list.Add(n);
        }
        return buffer;
    }
}

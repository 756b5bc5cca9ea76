using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// The Amazon Linux 2023 host's dnf logs (<c>dnf.log</c>, <c>dnf.rpm.log</c>, <c>hawkey.log</c>: local time with its
/// offset, <c>2024-07-10T06:23:11+0900 LEVEL message</c>), the timer and service units of dnf-automatic, the optional
/// drop-in and <c>etc/dnf/automatic.conf</c>, written from what <see cref="DnfUpdateWriter"/> planned.
/// </summary>
internal static class DnfLogs
{
    public const string RpmLogPath = "dnf.rpm.log";

    public static IEnumerable<LogFileBuffer> Write(GeneratorContext ctx, HostLog host)
    {
        var rpmLines = new Dictionary<(DateTimeOffset, string), long>();
        foreach (var (file, kind) in new[] { ("dnf.log", "Dnf"), (RpmLogPath, "DnfRpm"), ("hawkey.log", "Hawkey") })
        {
            var buffer = new LogFileBuffer(file, kind, gzip: false);
            // Stable: lines of one instant keep the order dnf wrote them in.
            foreach (var (t, _, level, text) in host.DnfLines.Where(d => d.File == file).OrderBy(d => d.True))
            {
                var local = ctx.ToLocal(t);
                string offset = local.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
                long n = buffer.WriteLine($"{local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}{offset} {level} {text}", local);
                if (file == RpmLogPath) rpmLines[(t, text)] = n;
            }
            yield return buffer;
        }
        foreach (var run in host.UpdateRuns)
        {
            if (run.Dnf is not { } dnf) continue;
            dnf.FirstLine = rpmLines[dnf.First];
            dnf.LastLine = rpmLines[dnf.Last];
        }

        yield return Text(DnfUpdateWriter.TimerPath, "SystemdTimer", DnfUpdateWriter.TimerUnit());
        yield return Text(DnfUpdateWriter.ServicePath, "SystemdService", DnfUpdateWriter.ServiceUnit());
        if (DnfUpdateWriter.DropIn(ctx.S.Updates) is { } dropIn) yield return Text(DnfUpdateWriter.DropInPath, "SystemdTimer", dropIn);
        // AL2023 ships apply_updates = no: this host's admin turned it on.
        yield return Text("etc/dnf/automatic.conf", "Config",
        [
            "[commands]",
            "upgrade_type = default",
            "random_sleep = 0",
            "network_online_timeout = 60",
            "download_updates = yes",
            "apply_updates = yes",
            "",
            "[emitters]",
            "emit_via = stdio",
            "",
            "[base]",
            "debuglevel = 1",
        ]);
    }

    private static LogFileBuffer Text(string path, string kind, IEnumerable<string> lines)
    {
        var buffer = new LogFileBuffer(path, kind, gzip: false);
        foreach (var line in lines) buffer.WriteLine(line);
        return buffer;
    }
}

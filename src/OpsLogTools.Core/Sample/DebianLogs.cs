using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>The Debian host's package logs and its updater's timer unit, written from what <see cref="DebianUpdateWriter"/> planned.</summary>
internal static class DebianLogs
{
    public const string AptHistoryPath = "apt/history.log";

    public static IEnumerable<LogFileBuffer> Write(GeneratorContext ctx, HostLog host)
    {
        string Stamp(DateTimeOffset t, string format) => ctx.ToLocal(t).ToString(format, CultureInfo.InvariantCulture);

        // apt 2.6: a blank line, then the record; two spaces between date and time.
        var history = new LogFileBuffer(AptHistoryPath, "AptHistory", gzip: false);
        foreach (var run in host.UpdateRuns.Where(r => r.Apt is not null).OrderBy(r => r.Apt!.Start))
        {
            var apt = run.Apt!;
            history.WriteLine("");
            apt.FirstLine = history.WriteLine($"Start-Date: {Stamp(apt.Start, "yyyy-MM-dd  HH:mm:ss")}", ctx.ToLocal(apt.Start));
            history.WriteLine($"Commandline: {apt.CommandLine}");
            if (apt.RequestedBy is { } by) history.WriteLine($"Requested-By: {by}");
            var packages = run.Packages.Select(p => p.Package).ToList();
            var installs = packages.Where(p => p.FromVersion is null).ToList();
            var upgrades = packages.Where(p => p.FromVersion is not null).ToList();
            // The first install is what was asked for; the rest came as its dependencies.
            if (installs.Count > 0)
                history.WriteLine("Install: " + string.Join(", ", installs.Select((p, i) => $"{p.Name}:{p.Arch} ({p.DebianVersion}{(i > 0 ? ", automatic" : "")})")));
            if (upgrades.Count > 0)
                history.WriteLine("Upgrade: " + string.Join(", ", upgrades.Select(p => $"{p.Name}:{p.Arch} ({p.FromVersion}, {p.DebianVersion})")));
            apt.LastLine = history.WriteLine($"End-Date: {Stamp(apt.End, "yyyy-MM-dd  HH:mm:ss")}", ctx.ToLocal(apt.End));
        }
        yield return history;

        var dpkg = new LogFileBuffer("dpkg.log", "Dpkg", gzip: false);
        foreach (var (t, text) in host.DpkgLines.OrderBy(d => d.True)) dpkg.WriteLine($"{Stamp(t, "yyyy-MM-dd HH:mm:ss")} {text}", ctx.ToLocal(t));
        yield return dpkg;

        // Python logging: local time, comma, milliseconds.
        var unattended = new LogFileBuffer("unattended-upgrades/unattended-upgrades.log", "UnattendedUpgrades", gzip: false);
        foreach (var (t, text) in host.UnattendedLines.OrderBy(u => u.True))
            unattended.WriteLine($"{Stamp(t, "yyyy-MM-dd HH:mm:ss,fff")} {text}", ctx.ToLocal(t));
        yield return unattended;

        var timer = new LogFileBuffer(DebianUpdateWriter.TimerPath, "SystemdTimer", gzip: false);
        foreach (var line in DebianUpdateWriter.TimerUnit()) timer.WriteLine(line);
        yield return timer;
    }
}

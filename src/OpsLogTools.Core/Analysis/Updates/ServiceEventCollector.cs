using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Picks daemon starts, stops, reloads and boots out of systemd, rsyslogd, kernel and Apache error-log lines, and needrestart's restarts in apt's term log.</summary>
internal sealed class ServiceEventCollector
{
    // Several lines mark one boot (kernel banner, systemd "Startup finished", rsyslogd start): one event per boot.
    private static readonly TimeSpan BootDedup = TimeSpan.FromMinutes(10);
    // Apache writes "resuming normal operations" right after a graceful restart too; that is not a fresh start.
    private static readonly TimeSpan ApacheRestartEcho = TimeSpan.FromSeconds(10);

    private readonly List<ServiceEvent> _events = [];
    private DateTimeOffset? _lastBoot;
    private DateTimeOffset? _lastApacheReload;

    /// <summary>True once any line that can show a restart (systemd, rsyslogd, kernel, Apache error log) was seen.</summary>
    public bool SawServiceLines { get; private set; }

    public List<ServiceEvent> Events => _events;

    public void Add(LogEntry entry)
    {
        if (entry.Format == LogFormat.AptTerm)
        {
            ReadNeedrestart(entry);
            return;
        }
        bool apacheError = entry.Format is LogFormat.ApacheError22 or LogFormat.ApacheError24;
        string program = entry.Program ?? "";
        if (apacheError) SawServiceLines = true;
        else if (program.Length == 0) return;

        if (!apacheError && program.Equals("kernel", StringComparison.Ordinal))
        {
            SawServiceLines = true;
            if (entry.Message.StartsWith("Linux version ", StringComparison.Ordinal)) AddBoot(entry);
            return;
        }

        if (!apacheError && program.Equals("systemd", StringComparison.Ordinal))
        {
            SawServiceLines = true;
            // The system manager's start-up time counts the kernel; a user manager (systemd[1234], at each login) says
            // "Startup finished in 118ms." too, and that is a login, not a boot.
            if (entry.Message.StartsWith("Startup finished in", StringComparison.Ordinal))
            {
                if (entry.ProcessId is null or 0 or 1 && entry.Message.Contains("(kernel)", StringComparison.Ordinal)) AddBoot(entry);
                return;
            }
            ReadSystemd(entry);
            return;
        }

        foreach (var daemon in DaemonSignatures.All)
        {
            foreach (var mark in daemon.Marks)
            {
                if (mark.ApacheErrorLog != apacheError) continue;
                if (mark.Program is not null && !mark.Program.Equals(program, StringComparison.Ordinal)) continue;
                if (!entry.Message.Contains(mark.Contains, StringComparison.Ordinal)) continue;
                SawServiceLines = true;
                if (apacheError)
                {
                    if (mark.Kind == ServiceEventKind.Reloaded) _lastApacheReload = entry.Timestamp;
                    else if (mark.Kind == ServiceEventKind.Started && _lastApacheReload is { } r
                             && entry.Timestamp >= r && entry.Timestamp - r <= ApacheRestartEcho) return;
                }
                Add(daemon.Name, mark.Kind, entry);
                return;
            }
        }
    }

    // needrestart (apt's DPkg::Post-Invoke hook) prints to apt's terminal, so to apt/term.log and unattended-upgrades-dpkg.log:
    //   Restarting services...
    //    systemctl restart apache2.service cron.service
    //   Service restarts being deferred:
    //    systemctl restart unattended-upgrades.service
    // Only the units under "Restarting services..." were restarted; the deferred ones kept running.
    private readonly Dictionary<string, bool> _needrestartRestarting = new(StringComparer.Ordinal);

    private void ReadNeedrestart(LogEntry entry)
    {
        var message = entry.Message.AsSpan().Trim();
        if (message.SequenceEqual("Restarting services...")) { _needrestartRestarting[entry.Path] = true; return; }
        bool restarting = _needrestartRestarting.TryGetValue(entry.Path, out bool r) && r;
        if (!restarting || !message.StartsWith("systemctl restart ", StringComparison.Ordinal))
        {
            _needrestartRestarting[entry.Path] = false;
            return;
        }
        SawServiceLines = true;
        foreach (var unit in message["systemctl restart ".Length..].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var daemon in DaemonSignatures.All)
            {
                if (Array.IndexOf(daemon.Units, unit) < 0) continue;
                _events.Add(new ServiceEvent
                {
                    Daemon = daemon.Name,
                    Kind = ServiceEventKind.Started,
                    Time = entry.Timestamp,
                    Path = entry.Path,
                    LineNumber = entry.LineNumber,
                    Evidence = Evidence.Line(entry),
                    CarriedStamp = true,
                });
                break;
            }
        }
    }

    private void ReadSystemd(LogEntry entry)
    {
        var message = entry.Message.AsSpan().Trim();
        ServiceEventKind kind;
        ReadOnlySpan<char> rest;
        if (TryVerb(message, "Started ", out rest)) kind = ServiceEventKind.Started;
        else if (TryVerb(message, "Stopped ", out rest) || TryVerb(message, "Stopping ", out rest)) kind = ServiceEventKind.Stopped;
        else if (TryVerb(message, "Reloaded ", out rest)) kind = ServiceEventKind.Reloaded;
        else return;
        rest = rest.TrimEnd('.');

        foreach (var daemon in DaemonSignatures.All)
        {
            if (!Names(daemon, rest)) continue;
            // "Stopping" and "Stopped" both come for one stop: keep the first.
            if (kind == ServiceEventKind.Stopped && _events.Count > 0 && _events[^1] is { Kind: ServiceEventKind.Stopped } last
                && last.Daemon == daemon.Name && entry.Timestamp - last.Time <= TimeSpan.FromMinutes(2)) return;
            Add(daemon.Name, kind, entry);
            return;
        }
    }

    private static bool TryVerb(ReadOnlySpan<char> message, string verb, out ReadOnlySpan<char> rest)
    {
        if (message.StartsWith(verb, StringComparison.Ordinal))
        {
            rest = message[verb.Length..].Trim();
            return true;
        }
        rest = default;
        return false;
    }

    private static bool Names(DaemonSignatures.Daemon daemon, ReadOnlySpan<char> rest)
    {
        foreach (var d in daemon.Descriptions)
        {
            if (rest.Equals(d, StringComparison.OrdinalIgnoreCase)) return true;
            if (rest.EndsWith(" - " + d, StringComparison.OrdinalIgnoreCase)) return true;
        }
        foreach (var u in daemon.Units)
            if (rest.StartsWith(u, StringComparison.Ordinal)) return true;
        return false;
    }

    private void AddBoot(LogEntry entry)
    {
        if (_lastBoot is { } b && (entry.Timestamp - b).Duration() <= BootDedup) return;
        _lastBoot = entry.Timestamp;
        Add(DaemonSignatures.Host, ServiceEventKind.Booted, entry);
    }

    private void Add(string daemon, ServiceEventKind kind, LogEntry entry) => _events.Add(new ServiceEvent
    {
        Daemon = daemon,
        Kind = kind,
        Time = entry.Timestamp,
        Path = entry.Path,
        LineNumber = entry.LineNumber,
        Evidence = Evidence.Line(entry),
    });
}

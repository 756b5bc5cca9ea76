using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Model;
using ServiceEvent = OpsLogTools.Core.Analysis.Anomalies.ServiceEvent;
using ServiceEventKind = OpsLogTools.Core.Analysis.Anomalies.ServiceEventKind;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// Tells the host's shutdowns and boots in the story as one event each: "the host was rebooted", placed where the shutdown
/// began (logind's announcement, systemd's shutdown targets, systemd-shutdown, rsyslogd exiting) and told when the kernel's
/// boot banner comes; a banner that no shutdown preceded is a boot after the logs simply stopped. Reads lines in true-time
/// order with the anomaly engine's own classifier, so the story and Get-LogAnomaly's HostShutdown agree on the words.
/// While the host goes down, the units that fail on the way are part of the shutdown, not services going down.
/// </summary>
internal sealed class RebootWatch
{
    private static readonly TimeSpan QuietAfter = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BootSettle = TimeSpan.FromSeconds(10);

    private readonly List<ServiceEvent> _events = [];
    private MergedLine? _sign;
    private bool _signWithoutPid;
    private MergedLine? _lastHostLine;
    private int _hostLines;
    private readonly List<string> _failures = [];
    // The current cascade of units stopping (rsyslog's files often end in it, rsyslog being stopped early in a shutdown).
    private MergedLine? _cascadeFirst;
    private MergedLine? _cascadeLast;
    private int _cascadeStops;

    /// <summary>True from the first sign of a shutdown until the boot: unit failures then belong to the shutdown.</summary>
    public bool ShuttingDown => _sign is not null;

    /// <summary>Notes a unit that failed while the host was going down.</summary>
    public void FailedOnTheWay(string unit, MergedLine line)
    {
        if (_failures.Count < 8) _failures.Add($"{unit} failed while the host was going down: {StoryLines.Quote(line)}");
    }

    /// <summary>Looks at one line of the host's own logs (syslog-like); returns a story event when the line completes one.</summary>
    public StoryDraft? Observe(MergedLine line)
    {
        var e = line.Entry;
        StoryDraft? told = null;
        if (e.Program is "systemd" or "systemd-logind" or "systemd-shutdown" or "rsyslogd" or "kernel")
        {
            _events.Clear();
            MessageClassifier.ClassifySyslog(e.Program, e.ProcessId, e.Message, 0, _events);
            foreach (var ev in _events)
            {
                switch (ev.Kind)
                {
                    case ServiceEventKind.ShutdownAnnounced or ServiceEventKind.ShutdownMark or ServiceEventKind.LoggerStop:
                        if (_sign is null || _lastHostLine is { } previous && line.Time - previous.Time > QuietAfter)
                        {
                            _sign = line;
                            _signWithoutPid = ev.Kind == ServiceEventKind.ShutdownMark && e.Program == "systemd" && e.ProcessId is null or 0;
                            _failures.Clear();
                        }
                        break;
                    case ServiceEventKind.SessionExit when _sign is { } s && _signWithoutPid && line.Time - s.Time <= TimeSpan.FromSeconds(10):
                        // A user manager (no pid on its lines) reached its shutdown target: a logout.
                        _sign = null;
                        break;
                    case ServiceEventKind.RsyslogStart when _sign is { } s2 && s2.Entry.Program == "rsyslogd":
                        // rsyslog stopped and started again without a boot between: a restart of the logger.
                        _sign = null;
                        break;
                    case ServiceEventKind.Boot:
                        told = Booted(line);
                        break;
                    case ServiceEventKind.Stopping or ServiceEventKind.Stopped or ServiceEventKind.OtherStop:
                        if (_cascadeLast is not { } previousStop || line.Time - previousStop.Time > TimeSpan.FromMinutes(2))
                        {
                            _cascadeFirst = line;
                            _cascadeStops = 0;
                        }
                        _cascadeLast = line;
                        _cascadeStops++;
                        break;
                }
            }
        }
        if (told is null)
        {
            // A sign followed by more than a few minutes of logging was not the host going down.
            if (_sign is { } s3 && line.Time - s3.Time > QuietAfter && _lastHostLine is { } l && line.Time - l.Time < QuietAfter) _sign = null;
            _lastHostLine = line;
            _hostLines++;
        }
        return told;
    }

    /// <summary>At the end of the logs: a shutdown no boot followed.</summary>
    public StoryDraft? Finish()
    {
        if (_sign is not { } s || _lastHostLine is not { } last || last.Time - s.Time > QuietAfter) return null;
        var d = new StoryDraft(StoryEventKind.HostShutDown, s, "The host was shut down; the logs end before it booted again.");
        d.Evidence.AddRange(_failures);
        return d;
    }

    private StoryDraft? Booted(MergedLine banner)
    {
        var before = _lastHostLine;
        var sign = _sign;
        // Without a shutdown line, units stopping one after another until the logs stopped show the shutdown.
        if (sign is null && _cascadeStops >= 3 && _cascadeLast is { } stop && before is { } end && end.Time - stop.Time <= TimeSpan.FromMinutes(2))
            sign = _cascadeFirst;
        _cascadeFirst = _cascadeLast = null;
        _cascadeStops = 0;
        _sign = null;
        _lastHostLine = banner;
        // A boot the logs begin with (or whose first lines come a moment before its banner) tells nothing of a shutdown.
        if (before is not { } last || _hostLines < 3 || banner.Time - last.Time < BootSettle && sign is null)
        {
            _hostLines++;
            return null;
        }
        _hostLines++;
        StoryDraft d;
        if (sign is { } s)
        {
            d = new StoryDraft(StoryEventKind.HostRebooted, s,
                $"The host was rebooted: it began shutting down here and the kernel booted at {TimelineWords.Time(banner.Time)}.");
            d.Evidence.AddRange(_failures);
        }
        else
        {
            d = new StoryDraft(StoryEventKind.HostRebooted, last,
                $"The host's logs stop here and the kernel booted at {TimelineWords.Time(banner.Time)} with no shutdown logged between: a crash, a power loss or a reset.");
        }
        d.Evidence.Add("The boot: " + StoryLines.Quote(banner));
        _failures.Clear();
        return d;
    }
}

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>Who stopped a service that was started again: a package update around it, an admin's sudo command, or nobody the logs name.</summary>
internal static class RestartCause
{
    private const long Minute = TimeSpan.TicksPerMinute;

    public static List<string> Explain(BundleFacts bundle, string service, long downTime, long upTime, RequestFailures failures)
    {
        var why = new List<string>();
        TimedEvent? update = null, command = null;
        foreach (var f in bundle.Files)
        {
            foreach (var e in f.Events)
            {
                long t = f.True[e.Index];
                if (e.Kind == ServiceEventKind.PackageUpdate && t >= downTime - 10 * Minute && t <= upTime + 2 * Minute)
                {
                    if (update is null || t < update.Value.Time) update = new TimedEvent(f, e, t);
                }
                else if (e.Kind == ServiceEventKind.AdminCommand && t >= downTime - 5 * Minute && t <= downTime + Minute)
                {
                    // The command that names the service (or systemctl) is the better witness.
                    bool names = e.Service.Contains(service, StringComparison.OrdinalIgnoreCase) || e.Service.Contains("systemctl", StringComparison.Ordinal)
                        || e.Service.Contains("/service ", StringComparison.Ordinal);
                    if (command is null || names) command = new TimedEvent(f, e, t);
                }
            }
        }
        if (update is { } u)
            why.Add($"A package update ran around it ({u.File.Where(u.Event.Index)}, {Words.Time(u.File.TrueAt(u.Event.Index))}): package scriptlets stop and start the services they update.");
        if (command is { } c)
            why.Add($"An admin ran a command through sudo just before ({c.File.Where(c.Event.Index)}, {Words.Time(c.File.TrueAt(c.Event.Index))}): {c.Event.Service}");
        if (update is null && command is null)
            why.Add("The logs do not name who stopped it (systemctl by hand, a script, a unit it depends on); systemd stopped it on request, it did not fail.");
        why.Add(failures.Describe());
        return why;
    }
}

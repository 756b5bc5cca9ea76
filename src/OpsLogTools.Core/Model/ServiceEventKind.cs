namespace OpsLogTools.Core.Model;

/// <summary>What a service line says happened to a daemon.</summary>
public enum ServiceEventKind
{
    /// <summary>The daemon (re)started: it now runs the files on disk.</summary>
    Started,
    /// <summary>The daemon stopped.</summary>
    Stopped,
    /// <summary>The daemon reloaded (a graceful restart): its main process kept running.</summary>
    Reloaded,
    /// <summary>The host booted: every daemon started afresh.</summary>
    Booted,
}

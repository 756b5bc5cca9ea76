namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// A remote login that one login witness (secure/auth.log or the journal, wtmp, audit.log) lacks while the others keep
/// it and the lacking one was recording around it (<see cref="WitnessHoles"/>).
/// </summary>
internal sealed class WitnessHole
{
    public WitnessHole(FileFacts lacking, string source, long ticks, int before, int after)
    {
        Lacking = lacking;
        Source = source;
        Ticks = ticks;
        Before = before;
        After = after;
    }

    /// <summary>The witness the login is missing from.</summary>
    public FileFacts Lacking { get; }

    /// <summary>The login's remote address (canonical text).</summary>
    public string Source { get; }

    /// <summary>The login's true time (UTC ticks), as its first holder has it.</summary>
    public long Ticks { get; }

    /// <summary>Index in <see cref="Lacking"/> of its last line before the login.</summary>
    public int Before { get; }

    /// <summary>Index in <see cref="Lacking"/> of its first line after the login.</summary>
    public int After { get; }

    /// <summary>The witnesses that keep the login, and their line.</summary>
    public List<(FileFacts File, AccessLine Line)> Holders { get; } = [];
}

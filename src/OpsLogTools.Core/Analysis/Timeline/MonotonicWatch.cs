using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// The timeline's first pass asks of each journal file only whether some boot of it steps its clock: realtime −
/// monotonic changing between two entries of one boot (the anomaly engine's <c>MonotonicSteps</c> measures it exactly
/// later). A step forward never steps the stamps back, so the ledger of steps back alone would miss it; a file that
/// steps is then given whole to the engine (its stretches are cut by entry index). Memory: one number per boot.
/// </summary>
internal sealed class MonotonicWatch
{
    /// <summary>The same threshold as the engine's: below a quarter second the clock is slewed, not stepped.</summary>
    private static readonly long Threshold = TimeSpan.TicksPerSecond / 4;

    private readonly Dictionary<string, long> _lastDelta = new(StringComparer.Ordinal);

    /// <summary>True once an entry of some boot was on another clock than the boot's entry before it.</summary>
    public bool Stepped { get; private set; }

    /// <summary>Looks at one entry of the file (entries that are not journal entries are passed over).</summary>
    public void Note(LogEntry entry)
    {
        if (Stepped || entry is not JournalEntry { BootId: { Length: > 0 } boot } journal) return;
        long delta = journal.Timestamp.UtcTicks - journal.MonotonicTime.Ticks;
        if (_lastDelta.TryGetValue(boot, out long last) && Math.Abs(delta - last) >= Threshold) Stepped = true;
        _lastDelta[boot] = delta;
    }
}

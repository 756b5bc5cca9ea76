using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// The order journalctl merges the files of a journal directory in (sd-journal's <c>compare_entries</c>): by sequence
/// number within one sequence-number space, else by monotonic time within one boot, else by realtime, then by the
/// xor hash. Entries that are not journal entries come last, by time.
/// </summary>
public sealed class JournalMergeOrder : IComparer<LogEntry>
{
    /// <summary>The one instance.</summary>
    public static JournalMergeOrder Instance { get; } = new();

    private JournalMergeOrder()
    {
    }

    /// <inheritdoc />
    public int Compare(LogEntry? x, LogEntry? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is not JournalEntry a) return y is JournalEntry ? 1 : Nullable.Compare(x?.Timestamp, y?.Timestamp);
        if (y is not JournalEntry b) return -1;
        if (a.SequenceNumberId is not null && a.SequenceNumberId == b.SequenceNumberId && a.SequenceNumber != b.SequenceNumber)
        {
            return a.SequenceNumber.CompareTo(b.SequenceNumber);
        }
        if (a.BootId is not null && a.BootId == b.BootId && a.MonotonicTime != b.MonotonicTime)
        {
            return a.MonotonicTime.CompareTo(b.MonotonicTime);
        }
        int byTime = a.Timestamp.UtcTicks.CompareTo(b.Timestamp.UtcTicks);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Path, b.Path);
    }
}

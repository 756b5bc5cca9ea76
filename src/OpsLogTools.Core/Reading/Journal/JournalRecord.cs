using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Journal;

/// <summary>
/// One systemd journal entry as read from a binary journal file, an export stream or <c>journalctl -o json</c>:
/// the entry header (realtime, monotonic, boot id, sequence number) and its fields in the order stored.
/// </summary>
public sealed class JournalRecord : LogRecord
{
    /// <summary>Microseconds since the Unix epoch by the system clock (<c>__REALTIME_TIMESTAMP</c>); -1 when absent.</summary>
    public long Realtime { get; init; } = -1;

    /// <summary>Microseconds since boot (<c>__MONOTONIC_TIMESTAMP</c>); -1 when absent.</summary>
    public long Monotonic { get; init; } = -1;

    /// <summary>The boot id, 32 lowercase hex digits, or null when absent.</summary>
    public string? BootId { get; init; }

    /// <summary>The entry's sequence number in its sequence-number space (<c>__SEQNUM</c>, the cursor's <c>i=</c>); 0 when absent.</summary>
    public long SequenceNumber { get; init; }

    /// <summary>The sequence-number space (<c>__SEQNUM_ID</c>, the cursor's <c>s=</c>, the file header's seqnum id); null when absent.</summary>
    public string? SequenceNumberId { get; init; }

    /// <summary>The entry's xor hash (binary files only), the last tie-breaker of journalctl's merge.</summary>
    public ulong XorHash { get; init; }

    /// <summary>The fields in stored order (a name may occur more than once).</summary>
    public required IReadOnlyList<JournalField> Fields { get; init; }
}

namespace OpsLogTools.Core.Model;

/// <summary>
/// One systemd journal entry, whether read from a binary journal file (<c>*.journal</c>, <c>*.journal~</c>), an
/// export stream (<c>journalctl -o export</c>) or <c>journalctl -o json</c>: the same properties from each.
/// <see cref="LogEntry.Timestamp"/> is the entry's realtime (<c>__REALTIME_TIMESTAMP</c>, the system clock) in the
/// host's zone as the bundle tells it; <see cref="LogEntry.LineNumber"/> is the entry's ordinal in its file and
/// <see cref="Offset"/> where it starts.
/// </summary>
public sealed class JournalEntry : LogEntry
{
    /// <summary>Time since boot (<c>__MONOTONIC_TIMESTAMP</c>), to the microsecond: no clock step moves it.</summary>
    public TimeSpan MonotonicTime { get; init; }

    /// <summary>The boot the entry was written in (<c>_BOOT_ID</c>), 32 lowercase hex digits.</summary>
    public string? BootId { get; init; }

    /// <summary>The entry's sequence number (<c>__SEQNUM</c>; in a cursor, <c>i=</c>).</summary>
    public long SequenceNumber { get; init; }

    /// <summary>The sequence-number space the number counts in (<c>__SEQNUM_ID</c>; in a cursor, <c>s=</c>).</summary>
    public string? SequenceNumberId { get; init; }

    /// <summary>Syslog priority 0 (emerg) .. 7 (debug) (<c>PRIORITY</c>); <see cref="LogEntry.Level"/> has its name.</summary>
    public int? Priority { get; init; }

    /// <summary>The systemd unit that wrote it (<c>_SYSTEMD_UNIT</c>).</summary>
    public string? Unit { get; init; }

    /// <summary>
    /// Every field of the entry but <c>MESSAGE</c> (in <see cref="LogEntry.Message"/>, and here too when it is not text)
    /// and the address fields (<c>__CURSOR</c>, timestamps, sequence numbers): text values as strings, values that are not
    /// printable UTF-8 as byte arrays, a field written more than once as an array of its values in order.
    /// </summary>
    public IReadOnlyDictionary<string, object> Fields { get; init; } = new Dictionary<string, object>();

    /// <summary>Byte offset of the entry in its file (the entry object, or the entry's first line); null for one-line formats.</summary>
    public long? Offset { get; init; }
}

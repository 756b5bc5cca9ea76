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
    /// <remarks>Built on first use (most readers of a bundle never ask for it): reading a journal decodes only the
    /// named properties.</remarks>
    public IReadOnlyDictionary<string, object> Fields
    {
        get
        {
            if (_fields is null)
            {
                // Two threads asking at once build two equal dictionaries; either is kept.
                _fields = _fieldFactory?.Invoke() ?? new Dictionary<string, object>();
                _fieldFactory = null;
            }
            return _fields;
        }
        init => _fields = value;
    }

    /// <summary>Builds <see cref="Fields"/> when first asked for (a reader that defers decoding sets this instead).</summary>
    internal Func<IReadOnlyDictionary<string, object>>? FieldFactory
    {
        init => _fieldFactory = value;
    }

    private IReadOnlyDictionary<string, object>? _fields;
    private Func<IReadOnlyDictionary<string, object>>? _fieldFactory;

    /// <summary>Byte offset of the entry in its file (the entry object, or the entry's first line); null for one-line formats.</summary>
    public long? Offset { get; init; }
}

namespace OpsLogTools.Core.Model;

/// <summary>What was wrong with a stretch of a file.</summary>
public enum DamageKind
{
    /// <summary>NUL bytes (rsyslog after an unclean shutdown): removed, or a line of nothing else skipped.</summary>
    NulBytes,
    /// <summary>Lines of binary garbage (control bytes), skipped.</summary>
    Binary,
    /// <summary>Lines longer than the limit: only their start was read.</summary>
    Overlong,
    /// <summary>Lines that are not of the file's format, skipped.</summary>
    Malformed,
    /// <summary>The gzip file ends inside compressed data: the lines after the cut are lost.</summary>
    TruncatedGzip,
    /// <summary>The gzip data is corrupt from this point: the rest of the file could not be read.</summary>
    CorruptGzip,
    /// <summary>Reading failed from this point (an I/O error, the file vanished).</summary>
    ReadError,
}

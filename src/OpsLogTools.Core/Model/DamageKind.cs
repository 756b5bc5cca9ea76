namespace OpsLogTools.Core.Model;

/// <summary>What was wrong with the bytes of a <see cref="FileDamage"/>.</summary>
public enum DamageKind
{
    /// <summary>A run of NUL bytes (typically the tail of a file after an unclean shutdown).</summary>
    NulBytes,
    /// <summary>Bytes that are not text (control characters, invalid sequences in bulk).</summary>
    Binary,
    /// <summary>A gzip member that ends before its trailer.</summary>
    TruncatedGzip,
    /// <summary>A line longer than the reader keeps.</summary>
    Overlong,
}

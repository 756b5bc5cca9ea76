namespace OpsLogTools.Core.Model;

/// <summary>
/// A damaged stretch of a file, as the reading layer met it. The reader reports these; anomaly detection
/// turns them into <see cref="AnomalyKind.Corruption"/> findings placed between the good lines around them.
/// </summary>
public sealed class FileDamage
{
    /// <summary>Full path of the damaged file (the member file for a rotated set).</summary>
    public string Path { get; init; } = "";

    /// <summary>First damaged line (1-based, in the decompressed file).</summary>
    public long FirstLine { get; init; }

    /// <summary>Last damaged line (equal to <see cref="FirstLine"/> for damage inside one line).</summary>
    public long LastLine { get; init; }

    /// <summary>What was wrong.</summary>
    public DamageKind Kind { get; init; }

    /// <summary>How many bytes were damaged (NULs, undecodable bytes, bytes cut off when known).</summary>
    public long Bytes { get; init; }

    /// <summary>Byte offset of the damage in the (decompressed) file, when the reader knows it.</summary>
    public long? ByteOffset { get; init; }

    /// <summary>The file's mtime: where the finding is placed when no readable line surrounds the damage.</summary>
    public DateTimeOffset? FileLastWriteTime { get; init; }

    /// <summary>What the reader saw, in words, when the counts do not say it (a file that is nothing but NUL bytes).</summary>
    public string? Note { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {Path}:{FirstLine}-{LastLine} ({Bytes} bytes)";
}

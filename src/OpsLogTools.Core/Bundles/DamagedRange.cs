using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
namespace OpsLogTools.Core.Bundles;

/// <summary>A run of consecutive damaged lines of one kind in one file.</summary>
public sealed class DamagedRange
{
    internal DamagedRange(DamageKind kind, long firstLine, long lineCount, long bytes)
    {
        Kind = kind;
        FirstLine = firstLine;
        LastLine = firstLine + Math.Max(lineCount, 1) - 1;
        LineCount = lineCount;
        Bytes = bytes;
    }

    /// <summary>What was wrong.</summary>
    public DamageKind Kind { get; }

    /// <summary>1-based first line of the run. For a cut or corrupt gzip file: the first line that could not be read.</summary>
    public long FirstLine { get; }

    /// <summary>1-based last line of the run.</summary>
    public long LastLine { get; private set; }

    /// <summary>Lines in the run (0 for a cut or corrupt gzip file, whose lost lines cannot be counted).</summary>
    public long LineCount { get; private set; }

    /// <summary>Bytes involved where known (NUL bytes removed), else 0.</summary>
    public long Bytes { get; private set; }

    /// <summary>What the reader saw, in words, when the counts do not say it (a file that is nothing but NUL bytes); else null.</summary>
    public string? Note { get; internal init; }

    /// <inheritdoc />
    public override string ToString() => LineCount <= 1 ? $"{Kind} at line {FirstLine}" : $"{Kind} at lines {FirstLine}-{LastLine}";

    internal bool TryExtend(DamageKind kind, long line, long bytes)
    {
        if (kind != Kind || line != LastLine + 1 || LineCount == 0) return false;
        LastLine = line;
        LineCount++;
        Bytes += bytes;
        return true;
    }
}

namespace OpsLogTools.Core.Reading;

/// <summary>What <see cref="LineReader"/> noticed about the line it just returned.</summary>
[Flags]
public enum LineFlags
{
    /// <summary>A clean line.</summary>
    None = 0,
    /// <summary>The line was longer than the reader's limit: only its start was returned and the rest skipped.</summary>
    Overlong = 1,
    /// <summary>The line held NUL bytes (rsyslog after an unclean shutdown); they were removed.</summary>
    NulBytes = 2,
    /// <summary>The line was nothing but NUL bytes: the returned span is empty and the line is damage, not data.</summary>
    OnlyNul = 4,
    /// <summary>The last line of the input had no line feed (a live file mid-write, or a cut file).</summary>
    Unterminated = 8,
    /// <summary>The input failed right after this line (a damaged or cut gzip file): the line holds all the bytes there were, and may be cut short.</summary>
    BeforeFailure = 16,
}

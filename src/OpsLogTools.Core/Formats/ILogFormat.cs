using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// One log format: how to recognise it from a file's first lines, and a factory for a per-file line parser
/// (per file, because some formats carry state: CloudFront's <c>#Fields</c> header, a yearless clock).
/// </summary>
public interface ILogFormat
{
    /// <summary>The format this handles.</summary>
    LogFormat Format { get; }

    /// <summary>True when stamps carry a full date and an offset (Apache %z, CloudFront UTC, ISO with offset):
    /// such files anchor the year and zone of the yearless files of the same bundle.</summary>
    bool StampsAreAbsolute { get; }

    /// <summary>
    /// Score how well a line matches this format: 0 = not this format; higher = more specific
    /// (so combined beats common, vhost_combined beats combined). Must not allocate per call beyond trivia.
    /// </summary>
    int Probe(ReadOnlySpan<byte> line);

    /// <summary>Make a parser for one file.</summary>
    ILineParser CreateParser(ParserContext context);
}

/// <summary>Parses the lines of one file, in order.</summary>
public interface ILineParser
{
    /// <summary>
    /// Parse one line (UTF-8 bytes, no line terminator, CR already removed).
    /// <see cref="LineParseStatus.Ignored"/> for header/comment/blank lines (CloudFront <c>#Version</c>);
    /// <see cref="LineParseStatus.Malformed"/> when the line is not of this format (the reader counts and warns).
    /// </summary>
    LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry);
}

/// <summary>Outcome of <see cref="ILineParser.TryParse"/>.</summary>
public enum LineParseStatus
{
    Parsed,
    Ignored,
    Malformed,
}

/// <summary>What a parser needs to know about the file it reads.</summary>
public sealed class ParserContext
{
    /// <summary>Creates a context.</summary>
    public ParserContext(string path, StampClock clock)
    {
        Path = path;
        Clock = clock;
    }

    /// <summary>The file path, to put in every entry (one shared string instance).</summary>
    public string Path { get; }

    /// <summary>Turns yearless and zoneless stamps into instants, with rollover handling.</summary>
    public StampClock Clock { get; }
}

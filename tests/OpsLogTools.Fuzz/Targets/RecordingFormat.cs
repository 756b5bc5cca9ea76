using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// A registered format with its probe and parsers watched: the engine catches what they throw (a probe that throws says
/// "not mine", a parser that throws costs the line), so a fuzz target would never see it. This keeps the first such
/// exception for the target to rethrow after the read.
/// </summary>
internal sealed class RecordingFormat(ILogFormat inner) : ILogFormat
{
    /// <summary>The first exception a probe or parser threw since <see cref="Reset"/>.</summary>
    [ThreadStatic] private static Exception? _thrown;

    public static Exception? Thrown => _thrown;

    public static void Reset() => _thrown = null;

    public LogFormat Format => inner.Format;

    public bool StampsAreAbsolute => inner.StampsAreAbsolute;

    public int Probe(ReadOnlySpan<byte> line)
    {
        try { return inner.Probe(line); }
        catch (Exception e) { _thrown ??= new FuzzInvariantException($"{Format} Probe threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}"); throw; }
    }

    public ILineParser CreateParser(ParserContext context) => new Parser(inner.CreateParser(context), Format);

    private sealed class Parser(ILineParser inner, LogFormat format) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            try { return inner.TryParse(line, lineNumber, out entry); }
            catch (Exception e) { _thrown ??= new FuzzInvariantException($"{format} parser threw {e.GetType().Name} on line {lineNumber}: {e.Message}\n{e.StackTrace}"); throw; }
        }
    }
}

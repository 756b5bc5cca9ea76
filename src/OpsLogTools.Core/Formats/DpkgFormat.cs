using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// dpkg.log: <c>2016-08-06 17:35:39 install base-passwd:amd64 &lt;none&gt; 3.5.33</c> — a local stamp with a year and no
/// zone, then one of dpkg's bodies: <c>startup</c>, <c>status</c>, <c>conffile</c>, or an action (<c>install</c>,
/// <c>upgrade</c>, <c>configure</c>, <c>trigproc</c>, <c>disappear</c>, <c>remove</c>, <c>purge</c>). Program is
/// <c>dpkg</c>, Message the body. <see cref="DebPackage.TryParseDpkgAction"/> reads
/// the package change of an action line.
/// </summary>
public sealed class DpkgFormat : ILogFormat
{
    private const string ProgramName = "dpkg";

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Dpkg;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    /// <remarks>90 for a one-space dated stamp followed by one of dpkg's body words; 0 otherwise.</remarks>
    public int Probe(ReadOnlySpan<byte> line) => TryRead(line, out _, out _, out _) ? 90 : 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryRead(ReadOnlySpan<byte> line, out DateTime local, out int stampLength, out ReadOnlySpan<byte> word)
    {
        word = default;
        // dpkg writes one space between date and time (apt's history writes two).
        if (!LocalStamp.TryParse(line, allowMillis: false, out local, out stampLength) || stampLength != 19 || stampLength + 1 >= line.Length) return false;
        word = StampBytes.Token(line[(stampLength + 1)..]);
        return IsBodyWord(word);
    }

    private static bool IsBodyWord(ReadOnlySpan<byte> w) =>
        w.SequenceEqual("startup"u8) || w.SequenceEqual("status"u8) || w.SequenceEqual("conffile"u8) || w.SequenceEqual("install"u8)
        || w.SequenceEqual("upgrade"u8) || w.SequenceEqual("configure"u8) || w.SequenceEqual("trigproc"u8) || w.SequenceEqual("disappear"u8)
        || w.SequenceEqual("remove"u8) || w.SequenceEqual("purge"u8);

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (!TryRead(line, out var local, out int length, out _)) return LineParseStatus.Malformed;
            var clock = context.Clock;
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.Dpkg,
                Timestamp = clock.FromLocal(local),
                StampText = Utf8Text.Decode(line[..length]),
                Program = ProgramName,
                Message = Utf8Text.Decode(line[(length + 1)..]),
                TimeBasis = clock.ZonelessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}

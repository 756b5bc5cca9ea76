using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// yum.log: <c>Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch</c> — a syslog-style stamp with no year, no
/// zone and no host, then the verb and the package. Program is <c>yum</c>; Message is everything after the
/// stamp. <see cref="PackageLogLine.TryGetChange"/> reads the package change out of it.
/// </summary>
public sealed class YumFormat : ILogFormat
{
    private const string ProgramName = "yum";

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Yum;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    /// <remarks>90 for a stamp followed directly by a package verb; 0 otherwise (a syslog line is not yum's).</remarks>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (!StampBytes.TryParseBsd(line, out _, out int length) || length + 1 >= line.Length) return 0;
        return PackageLogLine.StartsWithVerb(line[(length + 1)..]) ? 90 : 0;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private sealed class Parser(ParserContext context) : ILineParser
    {
        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (!StampBytes.TryParseBsd(line, out var stamp, out int length) || length + 1 >= line.Length) return LineParseStatus.Malformed;
            var clock = context.Clock;
            var timestamp = clock.FromYearless(stamp.Month, stamp.Day, stamp.Hour, stamp.Minute, stamp.Second, stamp.FractionTicks);
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.Yum,
                Timestamp = timestamp,
                StampText = Utf8Text.Decode(line[..length]),
                Program = ProgramName,
                Message = Utf8Text.Decode(line[(length + 1)..]),
                TimeBasis = clock.YearlessBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}

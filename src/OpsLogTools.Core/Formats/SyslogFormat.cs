using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// RFC 3164 as rsyslog writes its traditional file format (<c>RSYSLOG_TraditionalFileFormat</c>):
/// <c>Jul  2 21:10:03 host prog[pid]: message</c>. No year and no zone: both come from the
/// <see cref="StampClock"/>. A leading <c>&lt;PRI&gt;</c> (a capture of the wire format) is read into Level.
/// </summary>
public sealed class SyslogFormat : ILogFormat
{
    /// <summary>Probe score of a line with host and tag.</summary>
    internal const int TaggedScore = 60;
    /// <summary>Probe score of a line with a host but no tag (<c>-- MARK --</c>).</summary>
    internal const int UntaggedScore = 40;
    /// <summary>Probe score when the "host" reads as a tag: yum.log and host-less writers look like this.</summary>
    internal const int HostlessScore = 20;

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Syslog;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    public int Probe(ReadOnlySpan<byte> line)
    {
        int pos = StampBytes.TryParsePri(line, out _, out int priLength) ? priLength : 0;
        if (!StampBytes.TryParseBsd(line[pos..], out _, out int length)) return 0;
        pos += length;
        if (pos + 1 >= line.Length) return 0;
        var rest = line[(pos + 1)..];
        var host = StampBytes.Token(rest);
        if (host.IsEmpty) return 0;
        if (SyslogTag.IsTagToken(host)) return HostlessScore;
        return SyslogTag.ParseTag(StampBytes.AfterToken(rest)).HasTag ? TaggedScore : UntaggedScore;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly StampClock _clock = context.Clock;
        private readonly SyslogEntryBuilder _builder = new(context.Path, LogFormat.Syslog);

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            int pos = 0;
            string? level = null;
            if (StampBytes.TryParsePri(line, out int pri, out int priLength))
            {
                pos = priLength;
                level = StampBytes.SeverityName(pri & 7);
            }
            if (!StampBytes.TryParseBsd(line[pos..], out var stamp, out int length)) return LineParseStatus.Malformed;
            var stampBytes = line.Slice(pos, length);
            pos += length;
            if (pos + 1 >= line.Length) return LineParseStatus.Malformed;
            if (!SyslogTag.TryParseHostAndTag(line[(pos + 1)..], out var tag)) return LineParseStatus.Malformed;

            var timestamp = _clock.FromYearless(stamp.Month, stamp.Day, stamp.Hour, stamp.Minute, stamp.Second, stamp.FractionTicks);
            entry = _builder.Build(lineNumber, timestamp, Utf8Text.Decode(stampBytes), _clock.YearlessBasis, level, tag);
            return LineParseStatus.Parsed;
        }
    }
}

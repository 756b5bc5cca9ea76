using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// apt's history.log: records of <c>Start-Date: 2019-07-10  16:38:08</c>, <c>Commandline:</c>, <c>Requested-By:</c>,
/// package lines (<c>Install:</c>, <c>Upgrade:</c>, <c>Downgrade:</c>, <c>Reinstall:</c>, <c>Remove:</c>, <c>Purge:</c>),
/// <c>Error:</c>, and <c>End-Date:</c>, with a blank line between records. Stamps are local time with a year and no zone.
/// Each record is one <see cref="AptHistoryEntry"/>, handed over at its End-Date line; a record without one is handed
/// over when the next record starts or at the end of the input (<see cref="IRecordLineParser"/>), with a null End.
/// Program is <c>apt</c>.
/// </summary>
public sealed class AptHistoryFormat : ILogFormat
{
    private const string ProgramName = "apt";

    /// <inheritdoc />
    public LogFormat Format => LogFormat.AptHistory;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    /// <remarks>100 for a Start-Date or End-Date line with a valid stamp; 80 for the other keys apt writes; 0 otherwise.</remarks>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (TryDate(line, "Start-Date: "u8, out _, out _) || TryDate(line, "End-Date: "u8, out _, out _)) return 100;
        var key = Key(line);
        return key.IsEmpty ? 0 : IsBodyKey(key) ? 80 : 0;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryDate(ReadOnlySpan<byte> line, ReadOnlySpan<byte> key, out DateTime local, out int stampStart)
    {
        local = default;
        stampStart = key.Length;
        if (!line.StartsWith(key)) return false;
        var rest = line[key.Length..];
        // apt writes "YYYY-MM-DD  hh:mm:ss" (two spaces); nothing may follow.
        return LocalStamp.TryParse(rest, allowMillis: false, out local, out int length) && length == rest.Length;
    }

    /// <summary>The key of <c>Key: value</c> (without the colon), or empty.</summary>
    private static ReadOnlySpan<byte> Key(ReadOnlySpan<byte> line)
    {
        int colon = line.IndexOf(": "u8);
        if (colon <= 0 || colon > 20) return default;
        var key = line[..colon];
        foreach (byte b in key)
            if (!(b is >= (byte)'A' and <= (byte)'Z' || b is >= (byte)'a' and <= (byte)'z' || b == '-')) return default;
        return key;
    }

    private static bool IsBodyKey(ReadOnlySpan<byte> k) =>
        k.SequenceEqual("Commandline"u8) || k.SequenceEqual("Requested-By"u8) || k.SequenceEqual("Install"u8) || k.SequenceEqual("Upgrade"u8)
        || k.SequenceEqual("Downgrade"u8) || k.SequenceEqual("Reinstall"u8) || k.SequenceEqual("Remove"u8) || k.SequenceEqual("Purge"u8)
        || k.SequenceEqual("Error"u8) || k.SequenceEqual("Comment"u8);

    private sealed class Parser(ParserContext context) : IRecordLineParser
    {
        private Record? _open;

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (TryDate(line, "Start-Date: "u8, out var start, out int at))
            {
                var previous = _open;
                var clock = context.Clock;
                _open = new Record
                {
                    Line = lineNumber,
                    LastLine = lineNumber,
                    Start = clock.FromLocal(start),
                    StampText = Utf8Text.Decode(line[at..]),
                    TimeBasis = clock.ZonelessBasis,
                };
                // A record that never got its End-Date (apt killed) is handed over as it stands.
                if (previous is null) return LineParseStatus.Ignored;
                entry = previous.ToEntry(context.Path, null, previous.LastLine);
                return LineParseStatus.Parsed;
            }
            if (_open is null) return LineParseStatus.Malformed;
            if (TryDate(line, "End-Date: "u8, out var end, out _))
            {
                entry = _open.ToEntry(context.Path, context.Clock.FromLocal(end), lineNumber);
                _open = null;
                return LineParseStatus.Parsed;
            }
            var key = Key(line);
            if (key.IsEmpty || line.IndexOf((byte)0) >= 0) return LineParseStatus.Malformed;
            _open.LastLine = lineNumber;
            string k = Encoding.ASCII.GetString(key);
            string value = Utf8Text.Decode(line[(key.Length + 2)..]).Trim();
            switch (k)
            {
                case "Commandline": _open.CommandLine = value; break;
                case "Requested-By": _open.RequestedBy = value; break;
                case "Error": _open.Error = value; break;
                default:
                    _open.Lines.Add(k + ": " + value);
                    if (DebPackage.AptAction(k) is not null)
                    {
                        // Not understood: kept in the record's Message, and counted and warned about as a malformed line.
                        if (!DebPackage.TryParseAptList(value, k, out var changes)) return LineParseStatus.Malformed;
                        _open.Packages.AddRange(changes);
                    }
                    break;
            }
            return LineParseStatus.Ignored;
        }

        public bool TryFinish(out LogEntry? entry)
        {
            entry = _open?.ToEntry(context.Path, null, _open.LastLine);
            _open = null;
            return entry is not null;
        }
    }

    private sealed class Record
    {
        public long Line;
        public long LastLine;
        public DateTimeOffset Start;
        public string StampText = "";
        public string TimeBasis = "";
        public string? CommandLine;
        public string? RequestedBy;
        public string? Error;
        public readonly List<string> Lines = [];
        public readonly List<PackageChange> Packages = [];

        public AptHistoryEntry ToEntry(string path, DateTimeOffset? end, long endLine) => new()
        {
            Path = path,
            LineNumber = Line,
            Format = LogFormat.AptHistory,
            Timestamp = Start,
            StampText = StampText,
            Program = ProgramName,
            Message = string.Join("; ", Lines),
            TimeBasis = TimeBasis,
            End = end,
            EndLine = endLine,
            CommandLine = CommandLine,
            RequestedBy = RequestedBy,
            User = UserOf(RequestedBy),
            Error = Error,
            Packages = [.. Packages],
        };

        // "jxs (1005)" → "jxs".
        private static string? UserOf(string? requestedBy)
        {
            if (string.IsNullOrWhiteSpace(requestedBy)) return null;
            int space = requestedBy.IndexOf(' ');
            return space > 0 ? requestedBy[..space] : requestedBy;
        }
    }
}

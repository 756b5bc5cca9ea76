using System.Globalization;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// apt's term.log and unattended-upgrades' unattended-upgrades-dpkg.log: what dpkg printed during each run, between
/// <c>Log started: 2019-07-10  16:38:08</c> and <c>Log ended: 2019-07-10  16:38:10</c> (local time, no zone). The
/// banner lines carry their stamp; every line between them is an entry of its own carrying the stamp of the
/// <c>Log started</c> above it (empty <see cref="LogEntry.StampText"/>, a <see cref="LogEntry.TimeBasis"/> naming the
/// line). Program is <c>dpkg</c>. Lines before the first banner have no stamp and are malformed.
/// </summary>
public sealed class AptTermFormat : ILogFormat
{
    private const string ProgramName = "dpkg";

    // The lines dpkg and its helpers print in every run: enough of the sampled lines for detection.
    private static readonly byte[][] OutputStarts =
    [
        "Selecting previously unselected package "u8.ToArray(), "(Reading database ... "u8.ToArray(), "Preparing to unpack "u8.ToArray(),
        "Unpacking "u8.ToArray(), "Setting up "u8.ToArray(), "Processing triggers for "u8.ToArray(), "Removing "u8.ToArray(),
        "Purging configuration files for "u8.ToArray(), "Created symlink "u8.ToArray(), "update-alternatives: "u8.ToArray(),
        "Installing new version of config file "u8.ToArray(), "Configuration file '"u8.ToArray(), "debconf: "u8.ToArray(),
        "Current default time zone: "u8.ToArray(), "Local time is now: "u8.ToArray(), "Universal Time is now: "u8.ToArray(),
        // needrestart (Debian 12, Ubuntu), run as apt's DPkg::Post-Invoke hook, prints its report into the same log.
        "Scanning processes..."u8.ToArray(), "Scanning candidates..."u8.ToArray(), "Scanning linux images..."u8.ToArray(),
        "Scanning processor microcode..."u8.ToArray(), "Running kernel seems to be up-to-date."u8.ToArray(), "Restarting services..."u8.ToArray(),
        "Service restarts being deferred:"u8.ToArray(), " systemctl restart "u8.ToArray(), "No services need to be restarted."u8.ToArray(),
        "No containers need to be restarted."u8.ToArray(), "No user sessions are running outdated binaries."u8.ToArray(),
        "No VM guests are running outdated hypervisor (qemu) binaries on this host."u8.ToArray(),
    ];

    /// <inheritdoc />
    public LogFormat Format => LogFormat.AptTerm;

    /// <inheritdoc />
    public bool StampsAreAbsolute => false;

    /// <inheritdoc />
    /// <remarks>100 for a Log started / Log ended banner with a valid stamp; 30 for a line dpkg prints in every run; 0 otherwise.</remarks>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (TryBanner(line, out _, out _, out _)) return 100;
        foreach (var start in OutputStarts)
            if (line.StartsWith(start)) return 30;
        return 0;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private static bool TryBanner(ReadOnlySpan<byte> line, out DateTime local, out int stampStart, out bool started)
    {
        local = default;
        started = line.StartsWith("Log started: "u8);
        stampStart = started ? "Log started: ".Length : "Log ended: ".Length;
        if (!started && !line.StartsWith("Log ended: "u8)) return false;
        var rest = line[stampStart..];
        return LocalStamp.TryParse(rest, allowMillis: false, out local, out int length) && length == rest.Length;
    }

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private DateTimeOffset _started;
        private long _startedLine;
        private string? _carriedBasis;

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            var clock = context.Clock;
            if (TryBanner(line, out var local, out int at, out bool started))
            {
                var timestamp = clock.FromLocal(local);
                if (started)
                {
                    _started = timestamp;
                    _startedLine = lineNumber;
                    _carriedBasis = null;
                }
                entry = new LogEntry
                {
                    Path = context.Path,
                    LineNumber = lineNumber,
                    Format = LogFormat.AptTerm,
                    Timestamp = timestamp,
                    StampText = Utf8Text.Decode(line[at..]),
                    Program = ProgramName,
                    Message = Utf8Text.Decode(line[..(at - 2)]),
                    TimeBasis = clock.ZonelessBasis,
                };
                return LineParseStatus.Parsed;
            }
            if (_startedLine == 0 || line.IndexOf((byte)0) >= 0) return LineParseStatus.Malformed;
            _carriedBasis ??= $"stamp carried from line {_startedLine.ToString(CultureInfo.InvariantCulture)} (Log started); {clock.ZonelessBasis}";
            entry = new LogEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.AptTerm,
                Timestamp = _started,
                StampText = "",
                Program = ProgramName,
                Message = Utf8Text.Decode(line),
                TimeBasis = _carriedBasis,
            };
            return LineParseStatus.Parsed;
        }
    }
}

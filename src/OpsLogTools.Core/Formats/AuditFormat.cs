using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// auditd's <c>audit.log</c>, raw and ENRICHED (<c>log_format = ENRICHED</c> appends interpreted fields after a 0x1D group
/// separator): one <see cref="AuditEntry"/> per record, stamped with the kernel's epoch milliseconds in UTC. Program is
/// <c>audit</c>; Message is the record after its header, as written (without the enrichment); ProcessId is the record's
/// <c>pid</c>; HostName its <c>node</c> when auditd writes one. Records whose header lacks the milliseconds or the serial
/// (<c>msg=audit(1337845201)</c>) are Malformed, as plaso reads them (ausearch accepts them with serial 0).
/// </summary>
public sealed class AuditFormat : ILogFormat
{
    private const string ProgramName = "audit";

    /// <inheritdoc />
    public LogFormat Format => LogFormat.Audit;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    /// <remarks>95 for a whole audit header; nothing else starts <c>type=...msg=audit(</c>.</remarks>
    public int Probe(ReadOnlySpan<byte> line) => AuditRecord.TryHeader(line, out _, out _, out _, out _, out _, out _, out _, out _) ? 95 : 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new Parser(context);

    private sealed class Parser(ParserContext context) : ILineParser
    {
        private readonly Utf8StringPool _types = new(64);
        private readonly Utf8StringPool _nodes = new(64);

        public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
        {
            entry = null;
            if (line.IsEmpty) return LineParseStatus.Ignored;
            if (!AuditRecord.TryHeader(line, out var node, out var type, out long seconds, out int millis, out long serial, out int body, out int s0, out int s1)
                || seconds > 253402300799 || type.IsEmpty)
                return LineParseStatus.Malformed;
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            var raw = AuditRecord.ReadFields(line[body..], fields);
            int? pid = fields.TryGetValue("pid", out var p) && int.TryParse(p, out int n) && n > 0 ? n : null;
            entry = new AuditEntry
            {
                Path = context.Path,
                LineNumber = lineNumber,
                Format = LogFormat.Audit,
                Timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds).AddMilliseconds(millis),
                StampText = Utf8Text.Decode(line[s0..(s1 - 1)]),
                HostName = node.IsEmpty ? null : _nodes.Get(node),
                Program = ProgramName,
                ProcessId = pid,
                Message = Utf8Text.Decode(raw),
                RecordType = _types.Get(type),
                Serial = serial,
                Fields = fields,
            };
            return LineParseStatus.Parsed;
        }
    }
}

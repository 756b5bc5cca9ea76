using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Bundles;

/// <summary>The scanner's answer "passed over" from record detection under <c>-Format</c> (never put in a <see cref="LogFile"/>).</summary>
internal sealed class NoRecords : IRecordFormat
{
    public static NoRecords Instance { get; } = new();

    public LogFormat Format => LogFormat.Unknown;
    public bool StampsAreAbsolute => false;
    public int HeadBytes => 0;
    public IComparer<LogEntry>? MergeOrder => null;
    public bool ProbeHead(ReadOnlySpan<byte> head) => false;
    public int Probe(ReadOnlySpan<byte> line) => 0;
    public ILineParser CreateParser(ParserContext context) => throw new NotSupportedException();
    public IRecordSource OpenRecords(Stream content, RecordSourceContext context) => throw new NotSupportedException();
    public IRecordParser CreateRecordParser(ParserContext context) => throw new NotSupportedException();
}

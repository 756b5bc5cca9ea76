using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>The per-file parser shared by the access formats; they differ only in the fields they insist on.</summary>
internal sealed class AccessLineParser : ILineParser
{
    private readonly LogFormat _format;
    private readonly string _path;

    public AccessLineParser(LogFormat format, string path)
    {
        _format = format;
        _path = path;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LineParseStatus TryParse(ReadOnlySpan<byte> line, long lineNumber, out LogEntry? entry)
    {
        if (AccessLineScanner.TryScan(line, out var fields) && AccessLineScanner.CanReadAs(fields, _format))
        {
            entry = AccessLineScanner.Materialize(line, fields, _format, _path, lineNumber);
            return LineParseStatus.Parsed;
        }
        entry = null;
        return line.IsEmpty ? LineParseStatus.Ignored : LineParseStatus.Malformed;
    }
}

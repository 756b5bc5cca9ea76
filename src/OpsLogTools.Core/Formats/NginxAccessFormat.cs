using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// nginx's default <c>main</c> format: <c>$remote_addr - $remote_user [$time_local] "$request" $status
/// $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"</c>.
/// </summary>
public sealed class NginxAccessFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.NginxAccess;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <summary>30 for a line of exactly this shape (three quoted fields after the size), else 0.</summary>
    public int Probe(ReadOnlySpan<byte> line) =>
        AccessLineScanner.TryScan(line, out var f) && f.Shape == LogFormat.NginxAccess && f.IsExactShape ? 30 : 0;

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new AccessLineParser(Format, context.Path);
}

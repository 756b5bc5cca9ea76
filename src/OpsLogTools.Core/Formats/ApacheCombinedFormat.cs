using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>Apache/nginx combined: <c>%h %l %u %t "%r" %&gt;s %b "%{Referer}i" "%{User-Agent}i"</c>.</summary>
public sealed class ApacheCombinedFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.ApacheCombined;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <summary>
    /// 20 for a line of exactly this shape; 12 when more follows the agent (a custom format such as
    /// combined plus <c>%D</c>); 5 for a vhost_combined line; 0 without referer and agent (a common line).
    /// </summary>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (!AccessLineScanner.TryScan(line, out var f) || f.QuotedFieldsAfterSize < 2) return 0;
        if (f.VirtualHost.IsPresent) return 5;
        return f.Shape == LogFormat.ApacheCombined && f.IsExactShape ? 20 : 12;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new AccessLineParser(Format, context.Path);
}

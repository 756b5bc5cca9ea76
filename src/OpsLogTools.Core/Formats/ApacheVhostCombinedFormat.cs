using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>Apache vhost_combined: <c>%v:%p %h %l %u %t "%r" %&gt;s %O "%{Referer}i" "%{User-Agent}i"</c>.</summary>
public sealed class ApacheVhostCombinedFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.ApacheVhostCombined;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <summary>40 for a line of exactly this shape; 35 when more follows the agent; 0 without a vhost or without referer and agent.</summary>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (!AccessLineScanner.TryScan(line, out var f) || f.Shape != LogFormat.ApacheVhostCombined) return 0;
        return f.IsExactShape ? 40 : 35;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new AccessLineParser(Format, context.Path);
}

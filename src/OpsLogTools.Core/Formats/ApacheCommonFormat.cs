using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>Apache/nginx Common Log Format: <c>%h %l %u %t "%r" %&gt;s %b</c>.</summary>
public sealed class ApacheCommonFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.ApacheCommon;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <summary>10 for a line of exactly this shape; 2 for longer access lines it can still read (losing the rest).</summary>
    public int Probe(ReadOnlySpan<byte> line)
    {
        if (!AccessLineScanner.TryScan(line, out var f)) return 0;
        return f.Shape == LogFormat.ApacheCommon && f.IsExactShape ? 10 : 2;
    }

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new AccessLineParser(Format, context.Path);
}

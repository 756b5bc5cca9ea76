using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// dnf.rpm.log: <c>2022-07-20T03:00:12+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2.noarch</c>, one line per
/// package (<c>Upgrade</c>, <c>Upgraded</c>, <c>Installed</c>, <c>Erase</c>, <c>Cleanup</c>, ...), among INFO lines
/// for scriptlet output. <see cref="PackageLogLine.TryGetChange"/> reads the package change.
/// </summary>
public sealed class DnfRpmFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.DnfRpm;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    /// <remarks>95 for a SUBDEBUG package line; 60 for other dnf lines (dnf.log's own lines score higher with <see cref="DnfFormat"/>).</remarks>
    public int Probe(ReadOnlySpan<byte> line) => DnfLineParser.Probe(line, packageScore: 95, otherScore: 60);

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new DnfLineParser(context, LogFormat.DnfRpm);
}

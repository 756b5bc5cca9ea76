using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// dnf.log and dnf.librepo.log: <c>2022-07-20T03:00:12+0000 DEBUG message</c> (offsets <c>+0000</c>, <c>Z</c> or
/// <c>+09:00</c>, kept as written). Program is <c>dnf</c>, Level the dnf level word. Lines without a stamp continue
/// the line above (see <see cref="DnfLineParser"/>).
/// </summary>
public sealed class DnfFormat : ILogFormat
{
    /// <inheritdoc />
    public LogFormat Format => LogFormat.Dnf;

    /// <inheritdoc />
    public bool StampsAreAbsolute => true;

    /// <inheritdoc />
    /// <remarks>80 for a stamp and a dnf level; 40 for dnf.rpm.log's SUBDEBUG package lines, which are <see cref="DnfRpmFormat"/>'s.</remarks>
    public int Probe(ReadOnlySpan<byte> line) => DnfLineParser.Probe(line, packageScore: 40, otherScore: 80);

    /// <inheritdoc />
    public ILineParser CreateParser(ParserContext context) => new DnfLineParser(context, LogFormat.Dnf);
}

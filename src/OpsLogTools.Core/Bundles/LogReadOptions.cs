using System.Text;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>How <see cref="LogReader"/> reads a set of paths: the cmdlets' parameters, and the zone to fall back on.</summary>
public sealed class LogReadOptions
{
    /// <summary>Format override (<c>-Format</c>); null detects each file's format from its content.</summary>
    public LogFormat? Format { get; init; }

    /// <summary>Zone for stamps that carry none (<c>-TimeZone</c>); wins over what the bundle says.</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>An instant the logs are known to be near (<c>-ReferenceDate</c>); wins over the bundle and the mtime for the year.</summary>
    public DateTimeOffset? ReferenceDate { get; init; }

    /// <summary>The zone used when neither the options nor the bundle give one. The cmdlets pass <see cref="TimeZoneInfo.Local"/>;
    /// the engine never reads the machine's zone itself, so the default is UTC.</summary>
    public TimeZoneInfo LocalZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Legacy encoding of the logs (<c>-Encoding</c> shift_jis, euc-jp); null for UTF-8.</summary>
    public Encoding? Encoding { get; init; }

    /// <summary>Longest line kept whole; longer lines are cut, warned about and counted.</summary>
    public int MaxLineLength { get; init; } = LineReader.DefaultMaxLineLength;

    /// <summary>How many lines of each kind of damage are warned about one by one per file before a single summary warning.</summary>
    public int WarningsPerFile { get; init; } = 5;

    /// <summary>Receives progress by bytes on disk (compressed bytes for gzip), at each file and about every MiB.</summary>
    public IProgress<ReadProgress>? Progress { get; init; }
}

using System.Management.Automation;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that read log files from -Path (wildcards) / -LiteralPath (binds from Get-ChildItem);
/// the time and encoding options come from <see cref="LogReadingCommand"/>. Paths are gathered in ProcessRecord and read together in
/// EndProcessing, because yearless files take their year and zone from the fully dated files of the same bundle.
/// </summary>
public abstract class LogInputCommand : LogReadingCommand
{
    /// <summary>Parameter set for -Path.</summary>
    protected const string PathSet = "Path";
    /// <summary>Parameter set for -LiteralPath.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    private readonly List<string> _paths = new();

    /// <summary>Files or directories to read; wildcards allowed. A directory reads every recognised log under it.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    /// <summary>Files or directories to read, taken literally (no wildcards). Binds from Get-ChildItem.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        bool literal = ParameterSetName == LiteralPathSet;
        // Parameters bound on the command line stay bound for every pipeline object: resolve each path once.
        foreach (string p in PathResolver.Resolve(this, literal ? LiteralPath : Path, literal))
        {
            if (!_paths.Contains(p)) _paths.Add(p);
        }
    }

    /// <summary>The file-system paths gathered from -Path / -LiteralPath.</summary>
    protected IReadOnlyList<string> ResolvedPaths => _paths;

    /// <summary>Reads every gathered path as one bundle, streaming entries. Pass a reader to see its per-file reports afterwards.</summary>
    protected IEnumerable<LogEntry> ReadEntries(LogFormat? format = null, LogReader? reader = null)
    {
        reader ??= new LogReader(FormatRegistry.All);
        try
        {
            foreach (var entry in reader.Read(_paths, CreateReadOptions(format), Diagnostics, Cancellation))
            {
                yield return entry;
            }
        }
        finally
        {
            CompleteProgress();
        }
    }
}

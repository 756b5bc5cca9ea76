using System.Management.Automation;
using System.Text;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Base of the cmdlets that read log files: -Path (wildcards) / -LiteralPath (binds from Get-ChildItem),
/// and the time and encoding options of the readers. Paths are gathered in ProcessRecord and read together in
/// EndProcessing, because yearless files take their year and zone from the fully dated files of the same bundle.
/// </summary>
public abstract class LogInputCommand : PSCmdlet
{
    /// <summary>Parameter set for -Path.</summary>
    protected const string PathSet = "Path";
    /// <summary>Parameter set for -LiteralPath.</summary>
    protected const string LiteralPathSet = "LiteralPath";

    private readonly List<string> _paths = new();
    private CancellationTokenSource? _cts;
    private ProgressWriter? _progress;

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

    /// <summary>Zone for stamps that carry none (syslog, yum.log, error_log) when the bundle does not tell.</summary>
    [Parameter]
    [TimeZoneTransformation]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>A moment the logs are known to reach, for the year of yearless stamps when the bundle does not tell.</summary>
    [Parameter]
    public DateTimeOffset? ReferenceDate { get; set; }

    /// <summary>Text encoding of the logs when not UTF-8 (e.g. shift_jis, euc-jp).</summary>
    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding? Encoding { get; set; }

    /// <summary>Cancelled when the user presses Ctrl+C.</summary>
    protected CancellationToken Cancellation => _cts?.Token ?? CancellationToken.None;

    /// <summary>The diagnostics adapter for this run.</summary>
    internal CmdletDiagnostics Diagnostics { get; private set; } = null!;

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _cts = new CancellationTokenSource();
        Diagnostics = new CmdletDiagnostics(this);
        _progress = new ProgressWriter(this, 1, $"{MyInvocation.MyCommand.Name}: reading logs");
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        // Parameters bound on the command line stay bound for every pipeline object: resolve each path once.
        foreach (string p in PathResolver.Resolve(this, literal ? LiteralPath : Path, literal))
        {
            if (!_paths.Contains(p)) _paths.Add(p);
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cts?.Cancel();

    /// <summary>The file-system paths gathered from -Path / -LiteralPath.</summary>
    protected IReadOnlyList<string> ResolvedPaths => _paths;

    /// <summary>Options for the readers from the common parameters.</summary>
    protected LogReadOptions CreateReadOptions(LogFormat? format = null) => new()
    {
        Format = format,
        TimeZone = TimeZone,
        ReferenceDate = ReferenceDate,
        LocalZone = TimeZoneInfo.Local,
        Encoding = Encoding,
        Progress = _progress,
    };

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
            _progress?.Complete();
        }
    }

    /// <summary>Disposes the cancellation source.</summary>
    protected override void EndProcessing() => _cts?.Dispose();
}

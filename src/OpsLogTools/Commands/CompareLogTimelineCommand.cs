using System.Management.Automation;
using System.Text;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Lines logs up against logs trusted to be in true time and shows the stretches whose stamps are off, with the offset and what it was measured from.</para>
/// </summary>
[Cmdlet(VerbsData.Compare, "LogTimeline")]
[OutputType(typeof(TimelineSegment))]
public sealed class CompareLogTimelineCommand : PSCmdlet
{
    private readonly List<string> _difference = [];
    private readonly List<string> _reference = [];
    private CancellationTokenSource? _cts;
    private CmdletDiagnostics? _diagnostics;

    /// <summary>Logs to check (files or directories; wildcards allowed). Files among them that are in the reference are the reference.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Difference { get; set; } = [];

    /// <summary>Logs trusted to be in true time (access log, CloudFront). Without it, the files carrying full dates and zones are the reference.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Reference { get; set; } = [];

    /// <summary>Offsets up to this are equal to the reference (default 2 seconds).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Writes every segment, those equal to the reference too, so each file is covered end to end.</summary>
    [Parameter]
    public SwitchParameter IncludeEqual { get; set; }

    /// <summary>Zone for stamps that carry none when the bundle does not tell.</summary>
    [Parameter]
    [TimeZoneTransformation]
    [ArgumentCompleter(typeof(TimeZoneCompleter))]
    public TimeZoneInfo? TimeZone { get; set; }

    /// <summary>A moment the logs are known to reach, for the year of yearless stamps.</summary>
    [Parameter]
    public DateTimeOffset? ReferenceDate { get; set; }

    /// <summary>Text encoding of the logs when not UTF-8.</summary>
    [Parameter]
    [EncodingTransformation]
    [ArgumentCompleter(typeof(EncodingCompleter))]
    public Encoding? Encoding { get; set; }

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        _cts = new CancellationTokenSource();
        _diagnostics = new CmdletDiagnostics(this);
        foreach (string p in PathResolver.Resolve(this, Reference, literal: false))
        {
            if (!_reference.Contains(p)) _reference.Add(p);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        foreach (string p in PathResolver.Resolve(this, Difference, literal: false))
        {
            if (!_difference.Contains(p)) _difference.Add(p);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (_difference.Count == 0) return;
        if (Reference.Length > 0 && _reference.Count == 0)
        {
            WriteWarning("None of the -Reference paths could be read: comparing against the files that carry full dates and zones instead.");
        }
        var progress = new ProgressWriter(this, 1, "Compare-LogTimeline: reading logs");
        var options = new LogReadOptions
        {
            TimeZone = TimeZone,
            ReferenceDate = ReferenceDate,
            LocalZone = TimeZoneInfo.Local,
            Encoding = Encoding,
            Progress = progress,
        };
        try
        {
            var compare = new TimelineCompareOptions { Tolerance = Tolerance, IncludeEqual = IncludeEqual };
            foreach (var segment in TimelineComparer.Compare(_reference, _difference, compare, options, _diagnostics!, _cts!.Token))
            {
                WriteObject(segment);
            }
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <inheritdoc />
    protected override void StopProcessing() => _cts?.Cancel();
}

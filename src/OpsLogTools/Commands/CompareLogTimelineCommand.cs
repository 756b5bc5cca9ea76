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
public sealed class CompareLogTimelineCommand : LogReadingCommand
{
    private readonly List<string> _difference = [];
    private readonly List<string> _reference = [];

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

    /// <inheritdoc />
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (IsFleetRun) return;
        foreach (string p in PathResolver.Resolve(this, Reference, literal: false))
        {
            if (!_reference.Contains(p)) _reference.Add(p);
        }
    }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        foreach (string p in PathResolver.Resolve(this, Difference, literal: false))
        {
            if (!_difference.Contains(p)) _difference.Add(p);
        }
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        if (_difference.Count == 0)
        {
            base.EndProcessing();
            return;
        }
        if (Reference.Length > 0 && _reference.Count == 0)
        {
            WriteWarning("None of the -Reference paths could be read: comparing against the files that carry full dates and zones instead.");
        }
        try
        {
            var compare = new TimelineCompareOptions { Tolerance = Tolerance, IncludeEqual = IncludeEqual };
            foreach (var segment in TimelineComparer.Compare(_reference, _difference, compare, CreateReadOptions(), Diagnostics, Cancellation))
            {
                WriteObject(segment);
            }
        }
        finally
        {
            CompleteProgress();
        }
        base.EndProcessing();
    }

}

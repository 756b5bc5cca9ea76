using System.Management.Automation;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Timeline;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Merges a host's logs into one stream in true-time order, re-timing displaced stretches; with -Summary, the story of the night.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "LogTimeline", DefaultParameterSetName = PathSet)]
[OutputType(typeof(TimelineEvent), typeof(StoryEvent))]
public sealed class GetLogTimelineCommand : LogInputCommand
{
    private const string InputObjectSet = "InputObject";
    private readonly List<LogEntry> _held = [];

    /// <summary>Entries from Get-LogEntry (each file's entries in file order). They are held in memory; give paths to stream.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public LogEntry[] InputObject { get; set; } = [];

    /// <summary>A moment to look around (true time); with -Window.</summary>
    [Parameter]
    public DateTimeOffset? Around { get; set; }

    /// <summary>How far either side of -Around to keep (default 10 minutes).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep lines whose true time is at or after this (as -Since of Get-LogEntry and Export-OpsReport; -After is the old name).</summary>
    [Parameter]
    [Alias("After")]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Keep lines whose true time is before this (as -Until of Get-LogEntry and Export-OpsReport; -Before is the old name).</summary>
    [Parameter]
    [Alias("Before")]
    public DateTimeOffset? Until { get; set; }

    /// <summary>Condense the timeline into the story of the night (StoryEvent objects) instead of every line.</summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        if (CollectForFleet()) return;
        if (ParameterSetName == InputObjectSet)
        {
            _held.AddRange(InputObject);
            return;
        }
        base.ProcessRecord();
    }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        if (RunOnFleet()) return;
        var progress = new ProgressWriter(this, 2, "Get-LogTimeline: finding displaced stretches");
        HostTimeline timeline;
        try
        {
            if (ParameterSetName == InputObjectSet)
            {
                timeline = HostTimeline.FromEntries(_held, Cancellation);
            }
            else
            {
                if (ResolvedPaths.Count == 0) return;
                var options = new LogReadOptions
                {
                    TimeZone = TimeZone,
                    ReferenceDate = ReferenceDate,
                    LocalZone = TimeZoneInfo.Local,
                    Encoding = Encoding,
                    Progress = progress,
                };
                timeline = HostTimeline.Read(ResolvedPaths, options, Diagnostics, Cancellation);
            }
        }
        catch (FactSpillException e)
        {
            ThrowTerminatingError(VisibleErrors.SpillFailed(e));
            return;
        }
        finally
        {
            progress.Complete();
        }
        WriteVerbose($"{timeline.EntryCount} lines in {timeline.Paths.Count} file(s); {timeline.Displacements.Count} displaced stretch(es) re-timed");

        // -Until is exclusive, as everywhere in the module; the engine's Before is inclusive: one tick earlier.
        DateTimeOffset? before = Until?.AddTicks(-1);
        var cut = new TimelineOptions { After = Since, Before = before };
        if (Around is { } around)
        {
            var window = Window.Duration();
            var from = around - window;
            var to = around + window;
            cut = new TimelineOptions { After = Since is { } a && a > from ? a : from, Before = before is { } b && b < to ? b : to };
        }

        if (Summary)
        {
            foreach (var story in timeline.Story(cut, Diagnostics, Cancellation)) WriteObject(story);
        }
        else
        {
            foreach (var e in timeline.Events(cut, Diagnostics, Cancellation)) WriteObject(e);
        }
        base.EndProcessing();
    }
}

using OpsLogTools.Core.Analysis.Witnesses;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// The clock witnesses' part of the story: steps and sets of the clock, lost time sources, zone changes (see
/// <see cref="ClockWitness"/>). chronyd's "wrong by" before its "stepped by" adds to the step's evidence; a daemon that
/// repeats itself (a source lost every poll) is told once an hour.
/// </summary>
internal sealed class ClockStory
{
    private static readonly TimeSpan RepeatAfter = TimeSpan.FromHours(1);
    private readonly Dictionary<(StoryEventKind, string), StoryDraft> _last = [];
    private (MergedLine Line, ClockEvent Event)? _wrong;

    /// <summary>Reads one line; returns a new story event, or null when the line adds to an earlier one or says nothing of the clock.</summary>
    public StoryDraft? Observe(MergedLine line)
    {
        var entry = line.Entry;
        if (!ClockWitness.IsWitnessProgram(entry.Program) || ClockWitness.Read(entry) is not { } e) return null;
        if (e.Kind == ClockEventKind.ClockWrong)
        {
            // Told with the step that follows; a "wrong by" that no step follows (ntpd's sanity limit, chrony slewing) is told alone.
            _wrong = (line, e);
            if (e.Source == "ntpd" || e.Line.Contains("adjustment started", StringComparison.Ordinal))
                return Add(StoryEventKind.ClockStepped, line, e, $"{e.Source} found the clock wrong by {Seconds(e.StepSeconds)}{(e.Source == "ntpd" ? " and refused to step it (sanity limit)" : " and began to slew it")}.");
            return null;
        }
        StoryEventKind kind;
        string summary;
        switch (e.Kind)
        {
            case ClockEventKind.ClockStepped:
                (kind, summary) = (StoryEventKind.ClockStepped, $"{e.Source} stepped the clock by {Seconds(e.StepSeconds)}.");
                break;
            case ClockEventKind.RtcLocalTime:
                (kind, summary) = (StoryEventKind.ClockStepped, $"systemd moved the clock by {Seconds(e.StepSeconds)} at boot: the real-time clock is read as local time.");
                break;
            case ClockEventKind.ClockSet:
                (kind, summary) = (StoryEventKind.ClockStepped, $"{e.Source} set the clock{(e.Detail is { } d ? " to " + d : "")}.");
                break;
            case ClockEventKind.TimeJump:
                (kind, summary) = (StoryEventKind.ClockStepped, $"{e.Source} saw the clock jump{(e.Detail is { } j ? " (" + j + ")" : "")}.");
                break;
            case ClockEventKind.SourceLost:
                (kind, summary) = (StoryEventKind.ClockSourceLost, e.Source == "kernel"
                    ? $"The kernel lost its clocksource ({e.Detail}): on a virtual machine, clock jumps often follow."
                    : $"{e.Source} lost its time source{(e.Detail is { } s ? ": " + s : "")}; the clock runs free.");
                break;
            case ClockEventKind.TimeZoneChanged:
                (kind, summary) = (StoryEventKind.TimeZoneChanged, $"The time zone was changed to {e.Detail}.");
                break;
            default:
                return null;
        }
        var draft = Add(kind, line, e, summary);
        if (draft is not null && kind == StoryEventKind.ClockStepped && _wrong is { } w && w.Event.Source == e.Source && line.Time - w.Line.Time <= TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(Math.Abs(e.StepSeconds ?? 0)))
            draft.Evidence.Insert(0, StoryLines.Quote(w.Line));
        _wrong = null;
        return draft;
    }

    private StoryDraft? Add(StoryEventKind kind, MergedLine line, ClockEvent e, string summary)
    {
        var key = (kind, e.Source);
        // Steps are each told; a lost source or a repeated set is told once an hour (timesyncd times out at every poll).
        if (kind != StoryEventKind.ClockStepped || e.StepSeconds is null)
        {
            if (_last.TryGetValue(key, out var previous) && line.Time - previous.Time < RepeatAfter)
            {
                previous.Followers++;
                return null;
            }
        }
        var draft = new StoryDraft(kind, line, summary);
        _last[key] = draft;
        return draft;
    }

    private static string Seconds(double? s) => s is { } v ? v.ToString("+0.######;-0.######", System.Globalization.CultureInfo.InvariantCulture) + " s" : "an amount not printed";
}

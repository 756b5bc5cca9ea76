using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>
/// Sets the update runs of an <see cref="UpdateHistory"/> against an incident: where each run stands (before, during,
/// overlapping, after), how far apart, which packages matter and why, whether the daemons they touch were restarted,
/// and a one-line verdict. The engine behind Test-YumUpdateWindow.
/// </summary>
public sealed class UpdateWindowEvaluator
{
    private readonly UpdateHistory _history;

    /// <summary>Creates an evaluator over the runs and service events of <paramref name="history"/>.</summary>
    public UpdateWindowEvaluator(UpdateHistory history) => _history = history;

    /// <summary>
    /// One result per run near the incident (gap within <see cref="UpdateWindowQuery.Within"/>; every run when that is
    /// null or no incident is given), in time order. Runs with no packages only with <see cref="UpdateWindowQuery.IncludeEmptyRuns"/>.
    /// </summary>
    public IReadOnlyList<UpdateWindowResult> Evaluate(UpdateWindowQuery query)
    {
        var results = new List<UpdateWindowResult>();
        foreach (var run in _history.Runs)
        {
            if (run.IsEmpty && !query.IncludeEmptyRuns) continue;
            UpdateRelation? relation = null;
            TimeSpan? gap = null;
            if (query.IncidentStart is { } start)
            {
                var end = query.IncidentEnd ?? start;
                relation = Relate(run.Start, run.End, start, end, out var g);
                gap = g;
                if (query.Within is { } within && g > within) continue;
            }

            var relevant = RelevanceRules.Select(run.Packages);
            var (restarts, restartNotes) = RestartAnalyzer.Analyze(run, relevant, _history, query.IncidentStart);
            var notes = new List<string>();
            if (run.Note is not null) notes.Add(run.Note);
            notes.AddRange(restartNotes);

            results.Add(new UpdateWindowResult
            {
                UpdateStart = run.Start,
                UpdateEnd = run.End,
                Packages = run.Packages,
                RelevantPackages = relevant,
                Schedule = run.Schedule,
                Trigger = run.Trigger,
                IncidentStart = query.IncidentStart,
                IncidentEnd = query.IncidentStart is null ? null : query.IncidentEnd ?? query.IncidentStart,
                Relation = relation,
                Gap = gap,
                Restarts = restarts,
                Notes = notes,
                Verdict = VerdictWriter.Write(run, relevant, restarts, query, relation, gap),
                Run = run,
            });
        }
        return results;
    }

    /// <summary>
    /// The <c>-Quiet</c> answer: did any run that changed packages fall inside the incident window widened by
    /// <see cref="UpdateWindowQuery.Within"/> (zero when null)? With no incident: was there any such run at all?
    /// </summary>
    public bool AnyRunInWindow(UpdateWindowQuery query)
    {
        foreach (var run in _history.Runs)
        {
            if (run.IsEmpty) continue;
            if (query.IncidentStart is not { } start) return true;
            Relate(run.Start, run.End, start, query.IncidentEnd ?? start, out var gap);
            if (gap <= (query.Within ?? TimeSpan.Zero)) return true;
        }
        return false;
    }

    /// <summary>
    /// Where the run [<paramref name="runStart"/>, <paramref name="runEnd"/>] stands relative to the incident, boundaries
    /// inclusive: inside it is <see cref="UpdateRelation.During"/>; ending at or before its start, <see cref="UpdateRelation.Before"/>;
    /// beginning at or after its end, <see cref="UpdateRelation.After"/>; else <see cref="UpdateRelation.Overlaps"/>.
    /// <paramref name="gap"/> is the time between them, zero when they touch or overlap.
    /// </summary>
    public static UpdateRelation Relate(DateTimeOffset runStart, DateTimeOffset runEnd, DateTimeOffset incidentStart, DateTimeOffset incidentEnd, out TimeSpan gap)
    {
        if (runEnd < runStart) (runStart, runEnd) = (runEnd, runStart);
        if (incidentEnd < incidentStart) (incidentStart, incidentEnd) = (incidentEnd, incidentStart);
        gap = TimeSpan.Zero;
        if (runStart >= incidentStart && runEnd <= incidentEnd) return UpdateRelation.During;
        if (runEnd <= incidentStart)
        {
            gap = incidentStart - runEnd;
            return UpdateRelation.Before;
        }
        if (runStart >= incidentEnd)
        {
            gap = runStart - incidentEnd;
            return UpdateRelation.After;
        }
        return UpdateRelation.Overlaps;
    }

    /// <summary>The packages among <paramref name="packages"/> that could bear on an incident, each with its reason (the relevance table).</summary>
    public static IReadOnlyList<RelevantPackage> SelectRelevant(IEnumerable<PackageChange> packages) => RelevanceRules.Select(packages);
}

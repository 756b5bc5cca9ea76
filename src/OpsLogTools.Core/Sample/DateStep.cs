namespace OpsLogTools.Core.Sample;

/// <summary>
/// One <c>date -s</c> call of the <see cref="ClockWitnessPlan"/>: when (true time), the clock before it and after it
/// (what the host read), and whether it starts the displaced run (else it ends it).
/// </summary>
internal sealed record DateStep(DateTimeOffset True, DateTimeOffset Before, DateTimeOffset After, bool AtRunStart)
{
    /// <summary>The steps <c>date -s</c> makes for the displaced-clock runs the generator planted (none unless planned).</summary>
    public static List<DateStep> Planned(GeneratorContext ctx)
    {
        var steps = new List<DateStep>();
        if (!ctx.S.ClockWitnesses.DateStepsAtRunEdges) return steps;
        foreach (var (kind, offset, start, end) in ctx.StampPlants)
        {
            if (kind != StampRunKind.DisplacedClock) continue;
            steps.Add(new DateStep(start, start, start + offset, AtRunStart: true));
            steps.Add(new DateStep(end, end + offset, end, AtRunStart: false));
        }
        return steps;
    }
}

namespace OpsLogTools.Core.Sample;

/// <summary>A clock witness line the generator wrote (see <see cref="ClockWitnessPlan"/>).</summary>
public sealed class ClockWitnessTruth
{
    /// <summary>The file, relative to the bundle.</summary>
    public string Path { get; init; } = "";
    /// <summary>1-based line number.</summary>
    public long Line { get; init; }
    /// <summary>What the line says: <c>ClockWrong</c> or <c>ClockStepped</c> (the names of <c>ClockEventKind</c>).</summary>
    public string Kind { get; init; } = "";
    /// <summary>The step printed, seconds, positive forward.</summary>
    public double StepSeconds { get; init; }
    /// <summary>True when the line witnesses the end of a stamp run; false for a small step no run shows.</summary>
    public bool AtRunEnd { get; init; }
    /// <summary>When the line was really written.</summary>
    public DateTimeOffset True { get; init; }

    /// <inheritdoc />
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Path}:{Line} {Kind} {StepSeconds} s{(AtRunEnd ? " (run end)" : "")}");
}

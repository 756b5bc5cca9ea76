namespace OpsLogTools.Core.Sample;

/// <summary>Which plant re-stamped a run of lines.</summary>
public enum StampRunKind
{
    /// <summary>A wrong clock (any offset).</summary>
    DisplacedClock,
    /// <summary>A whole-hours shift (a zone written wrong).</summary>
    TimeZoneShift,
}

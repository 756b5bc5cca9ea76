namespace OpsLogTools.Core.Model;

/// <summary>Where an update run stands relative to an incident.</summary>
public enum UpdateRelation
{
    /// <summary>The run ended before (or as) the incident began.</summary>
    Before,
    /// <summary>The run lies inside the incident.</summary>
    During,
    /// <summary>The run straddles the start or the end of the incident (or both).</summary>
    Overlaps,
    /// <summary>The run began after (or as) the incident ended.</summary>
    After,
}

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>A chunk held in a <see cref="FactSpill"/>'s cache, which can drop its copy read back.</summary>
internal interface ISpilled
{
    /// <summary>Drops the copy read back (the bytes stay in the file); returns the bytes freed.</summary>
    long Drop();
}

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>The anomaly scan could not write or read back its spilled per-line facts (see <see cref="FactSpill"/>).</summary>
public sealed class FactSpillException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FactSpillException() { }

    /// <summary>Creates the exception with a message.</summary>
    public FactSpillException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the I/O error behind it.</summary>
    public FactSpillException(string message, Exception inner) : base(message, inner) { }
}

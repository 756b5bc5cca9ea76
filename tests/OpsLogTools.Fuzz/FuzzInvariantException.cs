namespace OpsLogTools.Fuzz;

/// <summary>An invariant of a reader or parser did not hold for the input (see the message).</summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);

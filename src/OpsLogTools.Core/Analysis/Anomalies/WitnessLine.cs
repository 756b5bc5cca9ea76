using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>A clock witness line of a file: its index in the file's facts and what it said.</summary>
internal readonly record struct WitnessLine(int Index, ClockEvent Event);

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>One chronic error of a file: its signature, its lines (indexes in time order), and its count and background per hour from <see cref="HourZero"/>.</summary>
internal sealed record ChronicError(int Hash, string Text, int Clients, List<int> Indexes, long HourZero, int[] Hourly, double[] Background,
    double RatePerHour, int HoursPresent);

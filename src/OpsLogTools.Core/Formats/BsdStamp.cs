namespace OpsLogTools.Core.Formats;

/// <summary>A yearless BSD syslog stamp (<c>Jul  2 21:10:03</c>) split into its fields.</summary>
internal readonly record struct BsdStamp(int Month, int Day, int Hour, int Minute, int Second, long FractionTicks);

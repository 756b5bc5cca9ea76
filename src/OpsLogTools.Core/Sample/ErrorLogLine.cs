namespace OpsLogTools.Core.Sample;

/// <summary>One Apache 2.4 error_log line before its PID is numbered.</summary>
internal sealed record ErrorLogLine(DateTimeOffset True, string Module, string Level, Numbered Pid, Func<string> Message, long Seq);

using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Updates;

/// <summary>Writes a log line back as an admin can find it: <c>path:line: stamp program[pid]: message</c>.</summary>
internal static class Evidence
{
    public static string Line(LogEntry e)
    {
        string program = e.Program is null ? "" : e.ProcessId is int pid ? $"{e.Program}[{pid}]: " : $"{e.Program}: ";
        string level = e.Program is null && e.Level is not null ? e.Level + " " : "";
        string stamp = e.StampText.Length != 0 ? e.StampText : e.Timestamp.ToString("yyyy-MM-dd HH:mm:ss zzz", System.Globalization.CultureInfo.InvariantCulture);
        return $"{e.Path}:{e.LineNumber}: {stamp} {level}{program}{e.Message}";
    }

    public static string Line(CronJob job) => $"{job.Path}:{job.LineNumber}: {job.Line}";
}

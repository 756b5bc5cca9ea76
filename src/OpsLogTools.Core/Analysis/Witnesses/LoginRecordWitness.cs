using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Witnesses;

/// <summary>
/// The clock-change pair in wtmp: a NEW_TIME record after an OLD_TIME one (what <c>date -s</c> and other tools that set the
/// clock write through logwtmp) is a witnessed step of the exact size the reader measured (new minus old).
/// </summary>
public static class LoginRecordWitness
{
    // The file kind by its name (utmp, btmp, else wtmp, where tools write the pair).
    private static string Kind(string path)
    {
        string name = System.IO.Path.GetFileName(path);
        return name.StartsWith("utmp", StringComparison.Ordinal) ? "utmp" : name.StartsWith("btmp", StringComparison.Ordinal) ? "btmp" : "wtmp";
    }

    /// <summary>The step a NEW_TIME record witnesses (stamped by the new clock), or null for any other record.</summary>
    public static ClockEvent? Read(LoginRecordEntry r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Kind != "NewTime" || r.StepSeconds is not { } step || !double.IsFinite(step)) return null;
        return new ClockEvent
        {
            Time = r.Timestamp,
            Kind = ClockEventKind.ClockStepped,
            StepSeconds = step,
            Detail = r.User.Length > 0 ? $"OLD_TIME/NEW_TIME by {(r.User.Length > 32 ? r.User[..32] : r.User)}" : "OLD_TIME/NEW_TIME",
            Source = Kind(r.Path),
            Path = r.Path,
            LineNumber = r.LineNumber,
            Line = r.Message,
        };
    }
}

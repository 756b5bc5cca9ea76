using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// A login or a use of privilege in a file (sshd's Accepted line, a wtmp session, an audit USER_LOGIN; sudo's COMMAND
/// line, su's session, an audit USER_CMD): someone at the host who could have set its clock or edited its logs.
/// </summary>
/// <param name="Index">The line's index in the file's facts.</param>
/// <param name="IsLogin">True for a login, false for privilege use.</param>
/// <param name="Source">The login's remote address, when it has one.</param>
/// <param name="Text">The message, shortened.</param>
/// <param name="Tty">For a login: it opened a terminal session (a wtmp record on pts/N or ttyN, an audit USER_LOGIN whose
/// terminal is a tty). sshd writes wtmp and audit's USER_LOGIN only for such sessions; an sftp or scp login is in secure alone.</param>
internal readonly record struct AccessLine(int Index, bool IsLogin, string? Source, string Text, bool Tty = false)
{
    private const int MaxText = 200;

    /// <summary>The access an entry records, or null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AccessLine? Read(int index, Model.LogEntry e)
    {
        switch (e)
        {
            case Model.LoginRecordEntry r when r.Kind == "UserProcess" && !System.IO.Path.GetFileName(r.Path).StartsWith("btmp", StringComparison.Ordinal):
                return new AccessLine(index, true, r.Address ?? (r.Host.Length > 0 ? r.Host : null), Cut(r.Message),
                    r.Line.StartsWith("pts/", StringComparison.Ordinal) || r.Line.StartsWith("tty", StringComparison.Ordinal));
            case Model.AuditEntry a when a.RecordType == "USER_LOGIN" && a.Fields.GetValueOrDefault("res") is "success" or "1":
                return new AccessLine(index, true, a.Fields.GetValueOrDefault("addr") is { } addr && addr != "?" ? addr : null,
                    Cut($"USER_LOGIN acct={a.Fields.GetValueOrDefault("acct")} addr={a.Fields.GetValueOrDefault("addr")} terminal={a.Fields.GetValueOrDefault("terminal")}"),
                    a.Fields.GetValueOrDefault("terminal") is { } tty && (tty.StartsWith("/dev/", StringComparison.Ordinal) || tty.StartsWith("pts", StringComparison.Ordinal) || tty.StartsWith("tty", StringComparison.Ordinal)));
            case Model.AuditEntry a when a.RecordType == "USER_CMD":
                return new AccessLine(index, false, null, Cut($"USER_CMD auid={a.Fields.GetValueOrDefault("auid")} cmd={a.Fields.GetValueOrDefault("cmd")}"));
        }
        string? program = e.Program;
        if (program is null) return null;
        string m = e.Message;
        if (Logins.AuthLineParser.IsSshd(program) && m.StartsWith("Accepted ", StringComparison.Ordinal)
            && Logins.AuthLineParser.TryParse(program, m, out var line) && line.Kind == Logins.AuthLineKind.Accepted)
            return new AccessLine(index, true, line.Source, Cut($"sshd: {m}"));
        if (program == "sudo" && m.Contains(" ; COMMAND=", StringComparison.Ordinal))
            return new AccessLine(index, false, null, Cut($"sudo: {m}"));
        if (program == "su" && (m.StartsWith("(to ", StringComparison.Ordinal) || m.StartsWith("pam_unix(su:session): session opened", StringComparison.Ordinal) || m.StartsWith("pam_unix(su-l:session): session opened", StringComparison.Ordinal)))
            return new AccessLine(index, false, null, Cut($"su: {m}"));
        return null;
    }

    private static string Cut(string s) => s.Length <= MaxText ? s : s[..MaxText] + "…";
}

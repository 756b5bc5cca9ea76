namespace OpsLogTools.Core.Model;

/// <summary>
/// One binary login record (glibc <c>struct utmp</c>) from <c>wtmp</c>, <c>btmp</c> or <c>utmp</c>: a login, logout,
/// boot, run-level change or clock change; or one uid's last login from <c>lastlog</c>. <see cref="LogEntry.Timestamp"/> is the record's absolute UTC time shown in
/// the host zone; <see cref="LogEntry.ProcessId"/> is <c>ut_pid</c>; <see cref="LogEntry.Message"/> summarises the
/// record as <c>last</c> does.
/// </summary>
public sealed class LoginRecordEntry : LogEntry
{
    /// <summary>The <c>ut_type</c> name: <c>BootTime</c>, <c>NewTime</c>, <c>OldTime</c>, <c>UserProcess</c>,
    /// <c>DeadProcess</c>, <c>LoginProcess</c>, <c>InitProcess</c>, <c>RunLevel</c>, <c>Accounting</c>, <c>Empty</c>; <c>LastLogin</c>
    /// for a <c>lastlog</c> slot (a uid's last login).</summary>
    public string Kind { get; init; } = "";
    /// <summary><c>ut_user</c> (<c>reboot</c> for boots, <c>runlevel</c>/<c>shutdown</c> for run-level records), else empty.</summary>
    public string User { get; init; } = "";
    /// <summary><c>ut_line</c>: the terminal (<c>pts/0</c>, <c>tty1</c>; <c>~</c> for boot and run-level records).</summary>
    public string Line { get; init; } = "";
    /// <summary><c>ut_id</c>: the terminal suffix or inittab id.</summary>
    public string TerminalId { get; init; } = "";
    /// <summary><c>ut_host</c>: the remote host of a login (the kernel release on boot records), else empty.</summary>
    public string Host { get; init; } = "";
    /// <summary><c>ut_addr_v6</c> as text (IPv4 when only the first word is set), null when all zero.</summary>
    public string? Address { get; init; }
    /// <summary><c>ut_session</c>.</summary>
    public int Session { get; init; }
    /// <summary><c>ut_exit.e_termination</c>: the process termination status of a dead process.</summary>
    public int TerminationStatus { get; init; }
    /// <summary><c>ut_exit.e_exit</c>: the process exit status of a dead process.</summary>
    public int ExitStatus { get; init; }
    /// <summary>On a <c>NewTime</c> record that follows an <c>OldTime</c> record: the clock step, new minus old, in
    /// seconds (microsecond precision); else null.</summary>
    public double? StepSeconds { get; init; }
    /// <summary>The uid of a <c>lastlog</c> slot (its index in the file; lastlog names no user), else null.</summary>
    public long? UserId { get; init; }
    /// <summary>Byte offset of the record in the file.</summary>
    public long Offset { get; init; }
}

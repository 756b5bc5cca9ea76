using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Utmp;

/// <summary>
/// One 384-byte slot of glibc's <c>struct utmp</c> (x86_64 and aarch64 with 32-bit time compatibility), as read from
/// <c>wtmp</c>, <c>btmp</c> or <c>utmp</c>: the fields decoded, strings cut at their first NUL.
/// </summary>
public sealed class UtmpRecord : LogRecord
{
    /// <summary><c>ut_type</c>: 0 EMPTY … 9 ACCOUNTING.</summary>
    public short Type { get; init; }
    /// <summary><c>ut_pid</c>.</summary>
    public int ProcessId { get; init; }
    /// <summary><c>ut_line</c> (device, <c>pts/0</c>; <c>~</c> for boot and run-level records).</summary>
    public string Line { get; init; } = "";
    /// <summary><c>ut_id</c>: the terminal suffix or inittab id (up to 4 bytes).</summary>
    public string Id { get; init; } = "";
    /// <summary><c>ut_user</c>.</summary>
    public string User { get; init; } = "";
    /// <summary><c>ut_host</c> (remote host; the kernel release for boot records).</summary>
    public string Host { get; init; } = "";
    /// <summary><c>ut_exit.e_termination</c>.</summary>
    public short Termination { get; init; }
    /// <summary><c>ut_exit.e_exit</c>.</summary>
    public short ExitStatus { get; init; }
    /// <summary><c>ut_session</c>.</summary>
    public int Session { get; init; }
    /// <summary><c>ut_tv.tv_sec</c> (32-bit, seconds since the epoch, UTC).</summary>
    public int Seconds { get; init; }
    /// <summary><c>ut_tv.tv_usec</c>.</summary>
    public int Microseconds { get; init; }
    /// <summary><c>ut_addr_v6</c> as 16 bytes (IPv4 in the first 4 when the other 12 are zero).</summary>
    public byte[] Address { get; init; } = [];
}

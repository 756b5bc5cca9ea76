using OpsLogTools.Core.Reading.Records;

namespace OpsLogTools.Core.Reading.Utmp;

/// <summary>One non-empty slot of <c>lastlog</c> (<see cref="LastlogLayout"/>): a uid's last login.</summary>
public sealed class LastlogRecord : LogRecord
{
    /// <summary>The uid: the slot's index in the file.</summary>
    public long UserId { get; init; }
    /// <summary><c>ll_time</c>: seconds since the epoch, UTC.</summary>
    public int Seconds { get; init; }
    /// <summary><c>ll_line</c>: the terminal (<c>pts/0</c>), or the service (<c>ssh</c>) for some PAM stacks.</summary>
    public string Line { get; init; } = "";
    /// <summary><c>ll_host</c>: the remote host, else empty.</summary>
    public string Host { get; init; } = "";
}

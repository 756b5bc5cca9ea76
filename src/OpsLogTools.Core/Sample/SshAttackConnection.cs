namespace OpsLogTools.Core.Sample;

/// <summary>One sshd connection of the planted attack: its process, port, the moment of each failed try and when it closed (true time).</summary>
internal sealed class SshAttackConnection(Numbered sshd, int port)
{
    public Numbered Sshd { get; } = sshd;
    public int Port { get; } = port;
    public List<DateTimeOffset> FailedTries { get; } = [];
    public DateTimeOffset Closed { get; set; }
}

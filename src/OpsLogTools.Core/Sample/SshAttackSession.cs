namespace OpsLogTools.Core.Sample;

/// <summary>
/// The planted attack's login: when it began and ended (true time, whole seconds as secure has them), sshd's process,
/// the logind session, the port, the pseudo-terminal number and the microseconds gettimeofday adds to wtmp's stamp.
/// </summary>
internal sealed record SshAttackSession(DateTimeOffset Start, DateTimeOffset End, Numbered Sshd, Numbered Session, int Port, int Pts, int Microseconds);

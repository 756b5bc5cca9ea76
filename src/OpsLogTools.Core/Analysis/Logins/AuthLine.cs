namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>One authentication line or record, read: who tried what from where.</summary>
/// <param name="Kind">What the line says.</param>
/// <param name="Source">The remote address (canonical text; IPv4-mapped IPv6 as IPv4) or host name.</param>
/// <param name="User">The user name tried, or empty when the line names none.</param>
/// <param name="InvalidUser">True when sshd said the user does not exist.</param>
/// <param name="Service">sshd, or the PAM service named in the line.</param>
/// <param name="Count">How many tries the line stands for (N of <c>PAM N more authentication failures</c>; else 1).</param>
internal readonly record struct AuthLine(AuthLineKind Kind, string Source, string User, bool InvalidUser, string Service, int Count = 1);

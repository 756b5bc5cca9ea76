using System.Collections;
using System.Globalization;
using System.Management.Automation.Runspaces;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// One host of a fleet run: an open session given by the user, or an SSH connection the run opens and closes.
/// <see cref="Name"/> is what PSComputerName and HostName say: the host, with the port when it is not 22, so two
/// sshd on one address (a test fleet on loopback) stay apart.
/// </summary>
internal sealed class FleetTarget
{
    private const int DefaultSshPort = 22;
    // Long enough for a slow handshake, short enough that a host dropping packets does not hold the run for ever.
    private const int ConnectingTimeoutMs = 30_000;

    private FleetTarget(string name, PSSession? session, SSHConnectionInfo? connection)
    {
        Name = name;
        Session = session;
        Connection = connection;
    }

    public string Name { get; }

    public PSSession? Session { get; }

    public SSHConnectionInfo? Connection { get; }

    public static FleetTarget FromSession(PSSession session)
    {
        string name = session.ComputerName;
        if (session.Runspace.ConnectionInfo is SSHConnectionInfo ssh && ssh.Port != DefaultSshPort && ssh.Port > 0)
        {
            name = WithPort(name, ssh.Port);
        }
        return new FleetTarget(name, session, null);
    }

    /// <summary>Parses [user@]host[:port] ([v6]:port for an IPv6 address with a port).</summary>
    public static FleetTarget FromHostName(string text, string? userName, string? keyFilePath, Hashtable? options)
    {
        string user = userName ?? Environment.UserName;
        string rest = text.Trim();
        int at = rest.LastIndexOf('@');
        if (at > 0)
        {
            user = rest[..at];
            rest = rest[(at + 1)..];
        }
        string host = rest;
        int port = DefaultSshPort;
        if (rest.StartsWith('['))
        {
            int close = rest.IndexOf(']');
            if (close < 0) throw new ArgumentException($"'{text}' is not [user@]host[:port]: '[' without ']'.");
            host = rest[1..close];
            string after = rest[(close + 1)..];
            if (after.Length > 0) port = ParsePort(text, after.StartsWith(':') ? after[1..] : after);
        }
        else if (rest.Count(c => c == ':') == 1)
        {
            int colon = rest.IndexOf(':');
            host = rest[..colon];
            port = ParsePort(text, rest[(colon + 1)..]);
        }
        if (host.Length == 0) throw new ArgumentException($"'{text}' names no host.");
        var connection = new SSHConnectionInfo(user, host, keyFilePath, port, subsystem: null, ConnectingTimeoutMs, options);
        return new FleetTarget(port == DefaultSshPort ? host : WithPort(host, port), null, connection);
    }

    private static string WithPort(string host, int port) =>
        (host.Contains(':') ? $"[{host}]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    private static int ParsePort(string text, string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int p) && p is > 0 and < 65536
            ? p
            : throw new ArgumentException($"'{text}' is not [user@]host[:port]: bad port '{port}'.");
}

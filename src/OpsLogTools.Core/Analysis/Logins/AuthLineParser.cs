using System.Globalization;
using System.Net;

namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>
/// Reads sshd's and PAM's authentication messages (OpenSSH auth.c, auth2.c, sshd.c, auth-pam.c, packet.c; Linux-PAM's
/// pam_unix) by ordinal prefixes, without regular expressions: log text is untrusted. The message is the syslog or
/// journal message without the <c>prog[pid]:</c> tag.
/// </summary>
internal static class AuthLineParser
{
    private const int MaxToken = 255;

    /// <summary>True for the programs that write sshd's lines (OpenSSH 9.8 split it into sshd-session and sshd-auth).</summary>
    public static bool IsSshd(string? program) =>
        program is "sshd" or "sshd-session" or "sshd-auth";

    /// <summary>Reads one message; false when it is not about a remote login attempt.</summary>
    public static bool TryParse(string? program, string message, out AuthLine line)
    {
        line = default;
        if (message.Length == 0 || message.Length > 4096) return false;
        var m = message.AsSpan().Trim();
        // PAM lines come from any service (sshd, dovecot, vsftpd, login, su, sudo): the service is in the line.
        if (m.StartsWith("pam_", StringComparison.Ordinal)) return TryPam(m, out line);
        if (!IsSshd(program)) return false;
        if (m.StartsWith("error: ", StringComparison.Ordinal)) m = m[7..];
        else if (m.StartsWith("fatal: ", StringComparison.Ordinal)) m = m[7..];

        if (m.StartsWith("Accepted ", StringComparison.Ordinal)) return TryMethodFor(m[9..], AuthLineKind.Accepted, out line);
        if (m.StartsWith("Failed ", StringComparison.Ordinal)) return TryMethodFor(m[7..], AuthLineKind.Failed, out line);
        if (m.StartsWith("Invalid user ", StringComparison.Ordinal)) return TryUserFrom(m[13..], AuthLineKind.InvalidUser, true, out line);
        if (m.StartsWith("maximum authentication attempts exceeded for ", StringComparison.Ordinal))
        {
            var rest = m[46..];
            bool invalid = StripPrefix(ref rest, "invalid user ");
            return TryUserFrom(rest, AuthLineKind.MaxTries, invalid, out line);
        }
        if (m.StartsWith("User ", StringComparison.Ordinal))
        {
            // Searched after "User ": in "User not allowed because …" the phrase overlaps the prefix (fuzzing found it).
            var rest = m[5..];
            int cut = rest.IndexOf(" not allowed because ", StringComparison.Ordinal);
            if (cut >= 0) return TryUserFrom(rest[..cut], AuthLineKind.Denied, false, out line);
        }
        if (m.StartsWith("PAM ", StringComparison.Ordinal) && m.Contains(" more authentication failure", StringComparison.Ordinal)) return TryPamMore(m, out line);

        foreach (string prefix in (ReadOnlySpan<string>)["Connection closed by ", "Connection reset by ", "Disconnected from ", "Disconnecting "])
        {
            if (!m.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = m[prefix.Length..];
            if (StripPrefix(ref rest, "authenticating user ")) return TryUserAddress(rest, false, out line);
            if (StripPrefix(ref rest, "invalid user ")) return TryUserAddress(rest, true, out line);
            // "Connection closed by ADDR port N [preauth]": the client left before naming a user. After a session
            // ("Disconnected from user X ADDR port N", no [preauth]) it is no probe.
            return m.EndsWith("[preauth]", StringComparison.Ordinal) && ProbeAddressPort(rest, out line);
        }
        if (m.StartsWith("Received disconnect from ", StringComparison.Ordinal) && m.EndsWith("[preauth]", StringComparison.Ordinal))
            return ProbeAddressPort(m[25..], out line);
        if (m.StartsWith("Did not receive identification string from ", StringComparison.Ordinal)) return Probe(FirstToken(m[43..]), out line);
        if (m.StartsWith("banner exchange: Connection from ", StringComparison.Ordinal)) return Probe(FirstToken(m[33..]), out line);
        if (m.StartsWith("Unable to negotiate with ", StringComparison.Ordinal)) return Probe(FirstToken(m[25..]), out line);
        if (m.StartsWith("Timeout before authentication for ", StringComparison.Ordinal)) return Probe(FirstToken(m[34..]), out line);
        if (m.StartsWith("ssh_dispatch_run_fatal: Connection from ", StringComparison.Ordinal)) return Probe(FirstToken(m[40..]), out line);
        if (m.StartsWith("Bad protocol version identification ", StringComparison.Ordinal) || m.StartsWith("Magic value check failed ", StringComparison.Ordinal))
        {
            int from = m.LastIndexOf(" from ", StringComparison.Ordinal);
            return from >= 0 && Probe(FirstToken(m[(from + 6)..]), out line);
        }
        if (m.StartsWith("refused connect from ", StringComparison.Ordinal))
        {
            // tcp wrappers: "refused connect from NAME (ADDR)".
            int open = m.LastIndexOf('(');
            int close = m.LastIndexOf(')');
            return open >= 0 && close > open && Probe(m[(open + 1)..close], out line);
        }
        return false;
    }

    /// <summary>"METHOD for [invalid user] USER from ADDR port N ..." after Accepted/Failed.</summary>
    private static bool TryMethodFor(ReadOnlySpan<char> rest, AuthLineKind kind, out AuthLine line)
    {
        line = default;
        int sp = rest.IndexOf(' ');
        if (sp <= 0) return false;
        var method = rest[..sp];
        if (method is not ("password" or "publickey" or "keyboard-interactive/pam" or "keyboard-interactive" or "none" or "hostbased" or "gssapi-with-mic" or "gssapi-keyex")) return false;
        rest = rest[(sp + 1)..];
        if (!StripPrefix(ref rest, "for ")) return false;
        bool invalid = StripPrefix(ref rest, "invalid user ");
        return TryUserFrom(rest, kind, invalid, out line);
    }

    /// <summary>"USER from ADDR[ port N...]": the user may be empty or hold spaces, so the last " from " splits.</summary>
    private static bool TryUserFrom(ReadOnlySpan<char> rest, AuthLineKind kind, bool invalid, out AuthLine line)
    {
        line = default;
        int port = rest.LastIndexOf(" port ", StringComparison.Ordinal);
        var head = port >= 0 ? rest[..port] : rest;
        int from = head.LastIndexOf(" from ", StringComparison.Ordinal);
        if (from < 0)
        {
            // "Invalid user  from ADDR": an empty user name leaves one space before "from".
            if (!head.StartsWith("from ", StringComparison.Ordinal)) return false;
            from = -1;
        }
        string user = from < 0 ? "" : head[..from].ToString();
        string? source = Source(FirstToken(head[(from + 6)..]));
        if (source is null || user.Length > MaxToken) return false;
        line = new AuthLine(kind, source, user, invalid, "sshd");
        return true;
    }

    /// <summary>"USER ADDR port N [preauth]" after "authenticating user " / "invalid user ".</summary>
    private static bool TryUserAddress(ReadOnlySpan<char> rest, bool invalid, out AuthLine line)
    {
        line = default;
        int port = rest.LastIndexOf(" port ", StringComparison.Ordinal);
        if (port < 0) return false;
        var head = rest[..port];
        int sp = head.LastIndexOf(' ');
        string user = sp < 0 ? "" : head[..sp].ToString();
        string? source = Source(head[(sp + 1)..]);
        if (source is null || user.Length > MaxToken) return false;
        line = new AuthLine(AuthLineKind.Aborted, source, user, invalid, "sshd");
        return true;
    }

    /// <summary>"pam_MODULE(SERVICE:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=ADDR  user=USER".</summary>
    private static bool TryPam(ReadOnlySpan<char> m, out AuthLine line)
    {
        line = default;
        int open = m.IndexOf('(');
        int colon = m.IndexOf(":auth): authentication failure;", StringComparison.Ordinal);
        if (open < 0 || colon < open) return false;
        string service = m[(open + 1)..colon].ToString();
        if (service.Length is 0 or > 64) return false;
        string? source = Source(Field(m, "rhost="));
        if (source is null) return false;
        line = new AuthLine(AuthLineKind.PamFailure, source, Field(m, " user=").ToString(), false, service);
        return true;
    }

    /// <summary>"PAM N more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=ADDR  user=USER".</summary>
    private static bool TryPamMore(ReadOnlySpan<char> m, out AuthLine line)
    {
        line = default;
        var rest = m[4..];
        int sp = rest.IndexOf(' ');
        if (sp <= 0 || !int.TryParse(rest[..sp], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n is < 1 or > 1000) return false;
        string? source = Source(Field(m, "rhost="));
        if (source is null) return false;
        line = new AuthLine(AuthLineKind.PamMore, source, Field(m, " user=").ToString(), false, "sshd", n);
        return true;
    }

    /// <summary>"ADDR port N..." (a user name there, as in "Disconnected from user X ADDR", is no probe).</summary>
    private static bool ProbeAddressPort(ReadOnlySpan<char> rest, out AuthLine line)
    {
        line = default;
        var address = FirstToken(rest);
        return rest[address.Length..].StartsWith(" port ", StringComparison.Ordinal) && Probe(address, out line);
    }

    private static bool Probe(ReadOnlySpan<char> address, out AuthLine line)
    {
        line = default;
        string? source = Source(address);
        if (source is null) return false;
        line = new AuthLine(AuthLineKind.Probe, source, "", false, "sshd");
        return true;
    }

    /// <summary>The value after <paramref name="name"/> up to the next space (empty when absent or empty).</summary>
    private static ReadOnlySpan<char> Field(ReadOnlySpan<char> m, string name)
    {
        int at = m.IndexOf(name, StringComparison.Ordinal);
        if (at < 0) return default;
        return FirstToken(m[(at + name.Length)..]);
    }

    private static ReadOnlySpan<char> FirstToken(ReadOnlySpan<char> s)
    {
        int sp = s.IndexOf(' ');
        return sp < 0 ? s : s[..sp];
    }

    private static bool StripPrefix(ref ReadOnlySpan<char> s, string prefix)
    {
        if (!s.StartsWith(prefix, StringComparison.Ordinal)) return false;
        s = s[prefix.Length..];
        return true;
    }

    /// <summary>The source as canonical address text (IPv4-mapped IPv6 as IPv4), or the host name as written; null when empty or not a name.</summary>
    internal static string? Source(ReadOnlySpan<char> token)
    {
        token = token.Trim();
        if (token.Length is 0 or > MaxToken) return null;
        // IPAddress.TryParse also takes "10.1" and "22" (inet_aton's short forms): only dotted quads and IPv6 text are addresses.
        bool v6 = token.Contains(':');
        bool v4 = !v6 && token.Count('.') == 3 && !token.ContainsAnyExcept("0123456789.");
        if ((v4 || v6) && IPAddress.TryParse(token, out var ip))
        {
            if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
            else if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6) ip.ScopeId = 0;
            return ip.ToString();
        }
        // Digits and dots that are no dotted quad ("10.1") are neither an address nor a host name.
        if (!token.ContainsAnyExcept("0123456789.")) return null;
        foreach (char c in token)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')) return null;
        }
        return token.ToString();
    }
}

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// What kind of error an error-log line is, whoever caused it: the message without the client's address and port,
/// the referer, nginx's connection number and digits (<c>[client 203.0.113.9:52114] AH00128: File does not exist:
/// /var/www/html/favicon.ico, referer: https://example.com/</c> and the same line for another visitor are one
/// signature). The same missing file hit all day is then one recurring error, not thousands of different lines.
/// Ordinal scans only (log text is untrusted).
/// </summary>
internal static class ErrorSignature
{
    private const StringComparison Ord = StringComparison.Ordinal;
    /// <summary>Longest text kept to show a signature in a finding.</summary>
    private const int TextLength = 200;

    /// <summary>The signature's hash, its words as shown to the admin, and the client address when the line names one.</summary>
    public static (int Hash, string Text, string? Client) Of(string message)
    {
        var m = message.AsSpan();
        string? client = null;
        // Apache 2.2 and 2.4: leading "[client 1.2.3.4:5678] " (2.4 adds the port), "[remote ...]" behind a proxy.
        while (m.Length > 2 && m[0] == '[')
        {
            int close = m.IndexOf(']');
            if (close < 0) break;
            var inside = m[1..close];
            if (inside.StartsWith("client ", Ord)) client ??= Address(inside[7..]);
            else if (!inside.StartsWith("remote ", Ord)) break;
            m = m[(close + 1)..].TrimStart();
        }
        // nginx: "*5 open() ... failed (2: No such file or directory), client: 1.2.3.4, server: ..., request: ..."
        int nginxClient = m.IndexOf(", client: ", Ord);
        if (nginxClient >= 0)
        {
            var rest = m[(nginxClient + 10)..];
            int comma = rest.IndexOf(',');
            client ??= (comma < 0 ? rest : rest[..comma]).ToString();
            m = m[..nginxClient];
        }
        int referer = m.IndexOf(", referer: ", Ord);
        if (referer >= 0) m = m[..referer];
        m = m.TrimEnd();
        const uint prime = 16777619;
        uint hash = 2166136261;
        bool inDigits = false;
        foreach (char c in m)
        {
            if (char.IsAsciiDigit(c))
            {
                if (!inDigits) hash = (hash ^ '#') * prime;
                inDigits = true;
                continue;
            }
            hash = (hash ^ c) * prime;
            inDigits = false;
        }
        string text = m.Length > TextLength ? m[..TextLength].ToString() + "…" : m.ToString();
        return ((int)hash, text, client);
    }

    /// <summary>The address of <c>1.2.3.4:5678</c> or <c>2001:db8::1:5678</c> (Apache 2.4 appends the port after the last colon).</summary>
    private static string Address(ReadOnlySpan<char> s)
    {
        int colon = s.LastIndexOf(':');
        if (colon > 0 && s.IndexOf(':') == colon) return s[..colon].ToString();
        if (colon > 0 && s.IndexOf('.') < 0) return s[..colon].ToString();
        return s.ToString();
    }
}

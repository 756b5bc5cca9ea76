using OpsLogTools.Core.Analysis.Logins;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// sshd's and PAM's authentication lines: <see cref="AuthLineParser.TryParse"/> on each line as sshd's and as another
/// program's message, then every line through <see cref="LoginScan"/>. A source must be short and printable, a count
/// positive, and every finding's numbers consistent (Attempts = Failures + Successes).
/// </summary>
internal static class AuthLineTarget
{
    /// <summary>Hand-written seeds: sshd and pam_unix lines in OpenSSH 9's and Linux-PAM's words.</summary>
    public const string Seeds = """
        Failed password for invalid user admin from 203.0.113.7 port 40022 ssh2
        Accepted publickey for deploy from 2001:db8::7 port 50000 ssh2: ED25519 SHA256:k
        Invalid user  from 198.51.100.9 port 22
        Connection closed by authenticating user root 192.0.2.4 port 4100 [preauth]
        PAM 5 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=192.0.2.4  user=root
        pam_unix(dovecot:auth): authentication failure; logname= uid=0 euid=0 tty=dovecot ruser=a rhost=::ffff:45.13.0.9 user=a
        refused connect from example.com (192.168.1.1)
        User root from 10.0.0.1 not allowed because not listed in AllowUsers
        """;

    public static void Run(byte[] input)
    {
        string text = Utf8Text.Decode(input);
        var scan = new LoginScan(new LoginOptions { IncludeOrdinary = true, IncidentStart = new DateTimeOffset(2024, 3, 5, 2, 0, 0, TimeSpan.Zero) });
        var t = new DateTimeOffset(2024, 3, 5, 0, 0, 0, TimeSpan.Zero);
        int n = 0;
        foreach (string line in text.Split('\n'))
        {
            if (++n > 4096) break;
            foreach (string program in (string[])["sshd", "dovecot"])
            {
                if (!AuthLineParser.TryParse(program, line, out var auth)) continue;
                FuzzCheck.That(auth.Source.Length is > 0 and <= 255 && !auth.Source.Any(char.IsWhiteSpace), $"bad source '{auth.Source}'");
                FuzzCheck.That(auth.User.Length <= 255 && auth.Count is >= 1 and <= 1000, "user too long or count out of range");
            }
            scan.Add(new LogEntry { Path = "/var/log/secure", LineNumber = n, Timestamp = t.AddSeconds(n * 7), Program = "sshd", ProcessId = 100 + n % 5, Message = line });
        }
        foreach (var a in scan.Detect())
        {
            FuzzCheck.That(a.Attempts == a.Failures + a.Successes && a.Failures >= 0 && a.Successes >= 0, "counts disagree");
            FuzzCheck.That(a.FirstSeen <= a.LastSeen && a.Evidence.Count <= 12, "times out of order or too much evidence");
        }
    }
}

using System.Globalization;

namespace OpsLogTools.Core.Tests.Anomalies;

/// <summary>
/// Test-only generator of a small host's logs in true time: rsyslog's messages, cron and secure (cron jobs
/// on a */10 and hourly grid with their sessions, ssh logins, an SSM agent that prints its own clock,
/// dhclient, chronyd), Apache's access_log and error_log, and CloudFront's log in front of it, with
/// day/night rates. Plants (displacement, removal, bursts, outages) change the lines before rendering.
/// Everything comes from the seed; nothing is read from disk.
/// </summary>
internal sealed class SyntheticHost
{
    public const string Messages = "/bundle/var/log/messages";
    public const string Cron = "/bundle/var/log/cron";
    public const string Secure = "/bundle/var/log/secure";
    public const string AccessLog = "/bundle/var/log/httpd/access_log";
    public const string ErrorLog = "/bundle/var/log/httpd/error_log";
    public const string CloudFrontLog = "/bundle/cloudfront/E2EXAMPLE.log";
    public static readonly string[] RsyslogFiles = [Messages, Cron, Secure];

    private readonly Random _rng;
    private int _pid;
    private int _session;

    public SyntheticHost(int seed, DateTimeOffset start, TimeSpan length, TimeZoneInfo? zone = null)
    {
        _rng = new Random(seed);
        Start = start;
        End = start + length;
        Zone = zone;
        _pid = 2000 + _rng.Next(6000);
        _session = 100 + _rng.Next(5000);
    }

    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }
    /// <summary>Zone with rules; when null the host keeps <see cref="Start"/>'s offset.</summary>
    public TimeZoneInfo? Zone { get; }
    public List<SyntheticLine> Lines { get; } = [];
    public Random Rng => _rng;

    /// <summary>Multiplies every random rate (ssh, noise, requests).</summary>
    public double Busy { get; init; } = 1;
    public bool AgentPrintsClock { get; init; } = true;
    public bool WithWeb { get; init; } = true;
    public bool WithCloudFront { get; init; } = true;
    /// <summary>Lines stamped up to this many seconds early (buffering), now and then.</summary>
    public int JitterSeconds { get; init; }

    public TimeSpan OffsetAt(DateTimeOffset t) => Zone?.GetUtcOffset(t) ?? Start.Offset;

    public DateTimeOffset Local(DateTimeOffset t) => t.ToOffset(OffsetAt(t));

    /// <summary>Rate at the quietest hour (04:00 local) relative to the busiest (16:00).</summary>
    public double NightFactor { get; init; } = 0.1;

    /// <summary>Whether the WordPress prober hits the site about once a minute, day and night.</summary>
    public bool Prober { get; init; } = true;

    /// <summary>Night is quiet: a smooth rate multiplier by local time of day.</summary>
    public double DayFactor(DateTimeOffset t)
    {
        var local = Local(t);
        double hours = local.Hour + local.Minute / 60.0;
        double wave = (1 - Math.Cos((hours - 4) / 24 * 2 * Math.PI)) / 2;
        return NightFactor + (1 - NightFactor) * wave;
    }

    /// <summary>
    /// A new process. While generating, a placeholder: generators run one after another, so real ids are
    /// handed out afterwards in true-time order, as a kernel would.
    /// </summary>
    public int NewPid() => _finalized ? _pid += 1 + _rng.Next(5) : --_token;

    private bool _finalized;
    private int _token;

    private void AssignPids()
    {
        var map = new Dictionary<int, int>();
        foreach (var l in Lines.OrderBy(l => l.True))
        {
            if (l.Pid is not < 0) continue;
            if (!map.TryGetValue(l.Pid.Value, out int pid)) map[l.Pid.Value] = pid = _pid += 1 + _rng.Next(5);
            l.Pid = pid;
        }
        _finalized = true;
    }

    public SyntheticHost Generate()
    {
        int agentPid = 1800 + _rng.Next(150), dhclientPid = 1500 + _rng.Next(200), chronyPid = 900 + _rng.Next(300);
        // Cron: */10 sa1 and the hourly run-parts, each with its sessions in secure and messages.
        for (var m = Ceiling(Start, TimeSpan.FromMinutes(10)); m < End; m += TimeSpan.FromMinutes(10))
        {
            var at = m.AddSeconds(1);
            CronJob(at, "/usr/lib64/sa/sa1 1 1");
            if (Local(m).Minute == 0) CronJob(at.AddMinutes(1), "run-parts /etc/cron.hourly");
        }
        Poisson(TimeSpan.FromMinutes(5), 1.0, false, t =>
        {
            string msg = AgentPrintsClock
                ? $"{Local(t).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} INFO [MessagingDeliveryService] [Association] No associations on boot. Requerying for associations after 30 seconds."
                : "INFO [MessagingDeliveryService] [Association] No associations on boot.";
            Add(SyntheticHostFiles.Syslog(Messages, t, "amazon-ssm-agent", agentPid, msg));
        });
        Poisson(TimeSpan.FromMinutes(30), 1.0, false, t =>
            Add(SyntheticHostFiles.Syslog(Messages, t, "dhclient", dhclientPid, $"XMT: Solicit on eth0, interval {100000 + _rng.Next(20000)}ms.")));
        Poisson(TimeSpan.FromMinutes(20), Busy, true, t =>
            Add(SyntheticHostFiles.Syslog(Messages, t, "chronyd", chronyPid, "Selected source 169.254.169.123")));
        Poisson(TimeSpan.FromMinutes(40), Busy, true, SshLogin);
        Poisson(TimeSpan.FromMinutes(25), Busy, true, t =>
        {
            int pid = NewPid();
            Add(SyntheticHostFiles.Syslog(Secure, t, "sshd", pid, $"Invalid user admin from 198.51.100.{_rng.Next(1, 250)} port {40000 + _rng.Next(20000)}"));
            Add(SyntheticHostFiles.Syslog(Secure, t.AddSeconds(1), "sshd", pid, $"Connection closed by 198.51.100.{_rng.Next(1, 250)} port {40000 + _rng.Next(20000)} [preauth]"));
        });
        if (WithWeb) SyntheticHostFiles.Web(this);
        AssignPids();
        return this;
    }

    private void CronJob(DateTimeOffset at, string command)
    {
        int pid = NewPid();
        int session = ++_session;
        Add(SyntheticHostFiles.Syslog(Cron, at, "CROND", pid, $"(root) CMD ({command})"));
        Add(SyntheticHostFiles.Syslog(Secure, at, "crond", pid, "pam_unix(crond:session): session opened for user root by (uid=0)"));
        Add(SyntheticHostFiles.Syslog(Messages, at, "systemd", null, $"Started Session {session} of user root."));
        Add(SyntheticHostFiles.Syslog(Secure, at.AddSeconds(1 + _rng.Next(2)), "crond", pid, "pam_unix(crond:session): session closed for user root"));
    }

    private void SshLogin(DateTimeOffset t)
    {
        int pid = NewPid();
        int session = ++_session;
        Add(SyntheticHostFiles.Syslog(Secure, t, "sshd", pid, $"Accepted publickey for ec2-user from 203.0.113.{_rng.Next(1, 250)} port {50000 + _rng.Next(10000)} ssh2: RSA SHA256:q0E3examplekey"));
        Add(SyntheticHostFiles.Syslog(Secure, t, "sshd", pid, "pam_unix(sshd:session): session opened for user ec2-user by (uid=0)"));
        Add(SyntheticHostFiles.Syslog(Messages, t, "systemd-logind", null, $"New session {session} of user ec2-user."));
        Add(SyntheticHostFiles.Syslog(Messages, t, "systemd", null, $"Started Session {session} of user ec2-user."));
        var end = t.AddMinutes(2 + _rng.Next(30));
        if (end < End) Add(SyntheticHostFiles.Syslog(Secure, end, "sshd", pid, "pam_unix(sshd:session): session closed for user ec2-user"));
    }

    /// <summary>Events at a mean interval, thinned by the day/night factor when <paramref name="daily"/>.</summary>
    public void Poisson(TimeSpan mean, double busy, bool daily, Action<DateTimeOffset> emit)
    {
        double rate = busy / mean.TotalSeconds;
        var t = Start;
        while (true)
        {
            t = t.AddSeconds(-Math.Log(1 - _rng.NextDouble()) / rate);
            if (t >= End) break;
            if (daily && _rng.NextDouble() > DayFactor(t)) continue;
            emit(new DateTimeOffset(t.Ticks - t.Ticks % TimeSpan.TicksPerSecond, t.Offset));
        }
    }

    public void Add(SyntheticLine line)
    {
        if (line.True < Start || line.True >= End) return;
        if (JitterSeconds > 0 && line.File is Messages or Secure && _rng.NextDouble() < 0.05)
            line.StampOffset = TimeSpan.FromSeconds(-_rng.Next(1, JitterSeconds + 1));
        Lines.Add(line);
    }

    private static DateTimeOffset Ceiling(DateTimeOffset t, TimeSpan step)
    {
        long ticks = t.UtcTicks;
        long up = (ticks + step.Ticks - 1) / step.Ticks * step.Ticks;
        return new DateTimeOffset(up, TimeSpan.Zero).ToOffset(t.Offset);
    }
}

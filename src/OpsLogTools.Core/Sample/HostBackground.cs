using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// The everyday traffic of the host's rsyslog files: sysstat and hourly cron jobs with their systemd sessions,
/// anacron's daily jobs (logrotate), the SSM agent's health line that carries its own clock, dhclient renewals
/// that announce their next time, and sshd noise from the internet.
/// </summary>
internal sealed class HostBackground
{
    private static readonly string[] InvalidUsers = ["admin", "test", "user", "oracle", "ubuntu", "postgres", "git", "ftpuser", "guest", "deploy", "pi", "support", "hadoop", "minecraft", "jenkins", "ansible", "steam", "nagios"];

    private readonly GeneratorContext _ctx;
    private readonly HostLog _log;

    public HostBackground(GeneratorContext ctx, HostLog log)
    {
        _ctx = ctx;
        _log = log;
    }

    /// <summary>The long-running daemons, started at boot (before the logs begin).</summary>
    public Numbered Crond { get; private set; } = null!;

    /// <summary>chronyd's process (quiet unless the scenario's <see cref="ClockWitnessPlan"/> makes it speak).</summary>
    public Numbered Chronyd { get; private set; } = null!;

    public void Write(AddressPool addresses)
    {
        var boot = _ctx.LogStart - TimeSpan.FromDays(23);
        Crond = _ctx.Pids.New(boot);
        var dhclient = _ctx.Pids.New(boot.AddSeconds(9));
        Chronyd = _ctx.Pids.New(boot.AddSeconds(11)); // chronyd: its PID is taken even when it stays quiet
        CronJobs();
        SsmAgent();
        if (_ctx.S.PrometheusPrintsUtc) Prometheus(_ctx.Pids.New(boot.AddSeconds(13)));
        Dhclient(dhclient);
        SshNoise(addresses);
    }

    private void CronJobs()
    {
        var start = _ctx.LogStart;
        // Every ten minutes (sysstat) and every hour at :01 (cron.hourly), as /etc/cron.d says.
        var t = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, 0, 1, start.Offset);
        for (; t < _ctx.LogEnd; t = t.AddMinutes(1))
        {
            var local = _ctx.ToLocal(t);
            if (local.Minute % 10 == 0) CronJob(t, "/usr/lib64/sa/sa1 1 1", createSlice: false);
            if (local.Minute == 1) Hourly(t, local);
            if (local.Hour == 23 && local.Minute == 53) CronJob(t, "/usr/lib64/sa/sa2 -A", createSlice: false);
        }
        foreach (var day in _ctx.Days()) DailyJobs(day);
    }

    /// <summary>A cron job: its session in messages, its CMD line in cron. Returns the CROND record.</summary>
    public SyslogRecord? CronJob(DateTimeOffset t, string command, bool createSlice)
    {
        var session = _ctx.Sessions.New(t);
        var proc = _ctx.Pids.New(t);
        if (createSlice) _log.Add(t, SyslogFile.Messages, "systemd", null, "Created slice User Slice of root.");
        _log.Add(t, SyslogFile.Messages, "systemd", null, () => $"Started Session {session} of user root.");
        return _log.Add(t, SyslogFile.Cron, "CROND", proc, $"(root) CMD ({command})");
    }

    private void Hourly(DateTimeOffset t, DateTimeOffset local)
    {
        CronJob(t, "run-parts /etc/cron.hourly", createSlice: true);
        const string runParts = "run-parts(/etc/cron.hourly)";
        _log.Add(t, SyslogFile.Cron, runParts, _ctx.Pids.New(t), "starting 0anacron");
        if (local.Hour == 3)
        {
            // 0anacron starts anacron once a day, inside START_HOURS_RANGE=3-22; it says the date by its own clock.
            var anacron = _ctx.Pids.New(t);
            int delay = _ctx.DailyDelayMinutes(local.Date);
            _log.Add(t, SyslogFile.Cron, "anacron", anacron, $"Anacron started on {local:yyyy'-'MM'-'dd}");
            _log.Add(t, SyslogFile.Cron, "anacron", anacron, $"Will run job `cron.daily' in {delay} min.");
            _log.Add(t, SyslogFile.Cron, "anacron", anacron, "Jobs will be executed sequentially");
            AnacronByDay[local.Date] = anacron;
        }
        _log.Add(t, SyslogFile.Cron, runParts, _ctx.Pids.New(t), "finished 0anacron");
    }

    private Dictionary<DateTime, Numbered> AnacronByDay { get; } = new();

    private void DailyJobs(DateTime day)
    {
        var t = _ctx.DailyJobsStart(day);
        if (!AnacronByDay.TryGetValue(day.Date, out var anacron)) anacron = _ctx.Pids.New(t.AddMinutes(-20));
        const string runParts = "run-parts(/etc/cron.daily)";
        _log.Add(t, SyslogFile.Cron, "anacron", anacron, "Job `cron.daily' started");
        _log.Add(t.AddSeconds(1), SyslogFile.Cron, runParts, _ctx.Pids.New(t.AddSeconds(1)), "starting logrotate");
        _log.Add(t.AddSeconds(3), SyslogFile.Cron, runParts, _ctx.Pids.New(t.AddSeconds(3)), "finished logrotate");
        _log.Add(t.AddSeconds(3), SyslogFile.Cron, runParts, _ctx.Pids.New(t.AddSeconds(3)), "starting man-db.cron");
        var done = t.AddSeconds(5 + day.Day % 7);
        _log.Add(done, SyslogFile.Cron, runParts, _ctx.Pids.New(done), "finished man-db.cron");
        _log.Add(done, SyslogFile.Cron, "anacron", anacron, "Job `cron.daily' terminated");
        _log.Add(done, SyslogFile.Cron, "anacron", anacron, "Normal exit (1 job run)");
    }

    private void SsmAgent()
    {
        // The agent prints its own local time inside the message: a clock independent of rsyslog's stamp.
        var rng = _ctx.Rng(11);
        int second = rng.Next(0, 55);
        var s = _ctx.LogStart;
        var t = new DateTimeOffset(s.Year, s.Month, s.Day, s.Hour, 0, second, s.Offset);
        for (; t < _ctx.LogEnd; t = t.AddMinutes(5))
        {
            var at = t.AddSeconds(rng.Next(0, 2));
            string text = _ctx.ToLocal(at).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            _log.Add(at, SyslogFile.Messages, "amazon-ssm-agent", null, $"{text} INFO [HealthCheck] HealthCheck reporting agent health.");
        }
    }

    private void Prometheus(Numbered prometheus)
    {
        // Go's logfmt as prometheus writes it: its own clock in UTC with a Z, whatever the host's zone.
        var rng = _ctx.Rng(13);
        var t = _ctx.LogStart.AddSeconds(rng.Next(30, 600));
        for (; t < _ctx.LogEnd; t = t.AddMinutes(15).AddMilliseconds(rng.Next(-400, 400)))
        {
            string ts = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            int ms = rng.Next(1, 90);
            _log.Add(t, SyslogFile.Messages, "prometheus", prometheus,
                string.Create(CultureInfo.InvariantCulture, $"level=info ts={ts} caller=head.go:1176 component=tsdb msg=\"Head GC completed\" duration={ms}.{rng.Next(100, 999)}ms"));
        }
    }

    private void Dhclient(Numbered dhclient)
    {
        var rng = _ctx.Rng(12);
        string server = "172.26.0.1";
        var t = _ctx.LogStart.AddSeconds(rng.Next(60, 1700));
        while (t < _ctx.LogEnd)
        {
            string xid = rng.Next(0x10000000, int.MaxValue).ToString("x8", CultureInfo.InvariantCulture);
            int renewal = rng.Next(1500, 1800);
            _log.Add(t, SyslogFile.Messages, "dhclient", dhclient, $"DHCPREQUEST on eth0 to {server} port 67 (xid=0x{xid})");
            _log.Add(t, SyslogFile.Messages, "dhclient", dhclient, $"DHCPACK from {server} (xid=0x{xid})");
            _log.Add(t, SyslogFile.Messages, "dhclient", dhclient, string.Create(CultureInfo.InvariantCulture, $"bound to {_ctx.PrivateAddress} -- renewal in {renewal} seconds."));
            t = t.AddSeconds(renewal);
        }
    }

    private void SshNoise(AddressPool addresses)
    {
        var rng = _ctx.Rng(13);
        double rate = _ctx.S.SshAttemptsPerHour;
        if (rate <= 0) return;
        var attackers = Enumerable.Range(0, 24).Select(_ => addresses.SshNoise()).ToArray();
        var t = _ctx.LogStart;
        while (true)
        {
            t = t.AddSeconds(-Math.Log(1 - rng.NextDouble()) * 3600 / rate);
            if (t >= _ctx.LogEnd) break;
            string ip = attackers[Math.Min(attackers.Length - 1, (int)(attackers.Length * Math.Pow(rng.NextDouble(), 2)))];
            int port = rng.Next(32768, 61000);
            var sshd = _ctx.Pids.New(t);
            var at = HostLog.Truncate(t);
            switch (rng.Next(0, 10))
            {
                case < 5:
                    string user = InvalidUsers[rng.Next(InvalidUsers.Length)];
                    _log.Add(at, SyslogFile.Secure, "sshd", sshd, $"Invalid user {user} from {ip} port {port}");
                    _log.Add(at, SyslogFile.Secure, "sshd", sshd, $"input_userauth_request: invalid user {user} [preauth]");
                    _log.Add(at.AddSeconds(rng.Next(0, 2)), SyslogFile.Secure, "sshd", sshd, $"Connection closed by {ip} port {port} [preauth]");
                    break;
                case < 8:
                    _log.Add(at, SyslogFile.Secure, "sshd", sshd, $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={ip}  user=root");
                    var later = at.AddSeconds(rng.Next(1, 3));
                    _log.Add(later, SyslogFile.Secure, "sshd", sshd, $"Failed password for root from {ip} port {port} ssh2");
                    _log.Add(later, SyslogFile.Secure, "sshd", sshd, $"Received disconnect from {ip} port {port}:11: Bye Bye [preauth]");
                    _log.Add(later, SyslogFile.Secure, "sshd", sshd, $"Disconnected from {ip} port {port} [preauth]");
                    break;
                case 8:
                    _log.Add(at, SyslogFile.Secure, "sshd", sshd, $"Did not receive identification string from {ip} port {port}");
                    break;
                default:
                    _log.Add(at, SyslogFile.Secure, "sshd", sshd, $"Connection closed by {ip} port {port} [preauth]");
                    break;
            }
        }
    }
}

using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using Xunit;
using Xunit.Abstractions;

namespace OpsLogTools.Core.Tests.RealData;

/// <summary>
/// Get-LogAnomaly's engine on every log of <c>../shared/realdata</c> (logs written by real servers and by other projects'
/// test suites, see its SOURCES.md), each file alone and each folder as one bundle: no DisplacedTimestamps, no whole-file
/// offset, no ServiceOutage the logs do not show, and every finding it gives named here with the reason a reader of the
/// raw lines agrees. A log added to realdata fails <see cref="EveryLogHasAVerdict"/> until someone has read it and written
/// its verdict below.
/// </summary>
public sealed class RealDataAnomalyTests(ITestOutputHelper output)
{
    /// <summary>
    /// Every log under realdata, with what its raw lines are and why the engine's answer (no finding for any of them) is
    /// the one a reader gives. Files the reader cannot read (binary, another program's format) give nothing by being
    /// unread; the engine must not fail on them either.
    /// </summary>
    private static readonly Dictionary<string, string> Verdicts = new(StringComparer.Ordinal)
    {
        // crowdsec-hub: one fixture per parser, lines partly hand-edited (1.2.3.4), often several hosts pasted together.
        ["crowdsec-hub/.tests/apache2-logs/apache2-logs.log"] = "9 access lines of 2020-06-08 and 2021-03-05, five 500s: scanner probes (masscan, solr) on different days; too few errors for a burst (the floor is 10), no service lines",
        ["crowdsec-hub/.tests/apache2-malformed/apache2-logs.log"] = "11 TLS handshakes sent to a plain-HTTP port, all 400 within seconds on 2023-10-17 +1100: in order, no 5xx",
        ["crowdsec-hub/.tests/auditd-logs/auditd-logs.log"] = "four auditd SYSCALL records (execve of perl, base64, id) within 8 ms of 2023-05-17 13:23:37 UTC: read as audit.log, no clock event, nothing to report",
        ["crowdsec-hub/.tests/aws-cloudfront-logs/aws-cloudfront-logs.log"] = "two identical CloudFront lines (400, Error) at 15:22:28: a client error, not an origin outage",
        ["crowdsec-hub/.tests/cri-logs/cri-logs.log"] = "three Kubernetes CRI lines within a second of 2022-01-28 16:04:05, all 200",
        ["crowdsec-hub/.tests/docker-logs/docker-logs.log"] = "docker json-file lines: not read",
        ["crowdsec-hub/.tests/dovecot-logs/dovecot-logs.log"] = "dovecot lines of three hosts (canyon, mail, mail2) pasted together: Sep 8 07:46 then 07:16, Oct, Apr, ISO 2024/2025 stamps. "
            + "Out of order because they are samples, not because a clock was wrong: the two 07:16 lines are bounded only between 30 min and 34 days, no measurement (was a -17 d DisplacedTimestamps before)",
        ["crowdsec-hub/.tests/iptables-logs/iptables-logs.log"] = "kernel netfilter lines of two hosts (Jun 8, Sep 27); nothing but packets",
        ["crowdsec-hub/.tests/laurel-logs/laurel-logs.log"] = "laurel JSON audit records: not read",
        ["crowdsec-hub/.tests/nginx_http-logs/nginx_http-logs.log"] = "9 access lines of 2020-01-04 and 2020-06-08 with a few 500s for scanners' probes: too few errors for a burst",
        ["crowdsec-hub/.tests/pam-logs/pam-logs.log"] = "two sudo pam lines 5 s out of order (14:53:04 then 14:52:59): within the jitter tolerance, no run",
        ["crowdsec-hub/.tests/postfix-logs/postfix-logs.log"] = "postfix rejects of two hosts in two stamp styles (May 11, Jun 04, ISO 2024): samples, no service line, nothing measurable",
        ["crowdsec-hub/.tests/proftpd-logs/proftpd-logs.log"] = "proftpd lines in its own layout mixed with syslog ones: not read as a file of one format",
        ["crowdsec-hub/.tests/segfault-logs/segfault-logs.log"] = "kernel: su segfaults at 11:47 and 11:49: crashes of a command, not of a service",
        ["crowdsec-hub/.tests/ssh-bf/ssh-bf.log"] = "sshd invalid users within seconds: a brute force, not an anomaly of the logs",
        ["crowdsec-hub/.tests/sshd-invalid-bf/sshd-invalid-bf.log"] = "sshd disconnects a second apart: in order",
        ["crowdsec-hub/.tests/sshd-logs/sshd-logs.log"] = "sshd lines of several hosts (sd-126005, workshop, ip-172-31-20-90, ...) pasted together; steps between them are samples, none bounded as a run",
        ["crowdsec-hub/.tests/sshd-refused-conn/sshd-refused-conn.log"] = "one line",
        ["crowdsec-hub/.tests/sshd-success-logs/sshd-success-logs.log"] = "four logins on Sep 6 in order",
        ["crowdsec-hub/.tests/sshd_banner_exchange/sshd_banner_exchange.log"] = "sshd banner errors within a second",
        ["crowdsec-hub/.tests/syslog-logs/syslog-logs.log"] = "three identical sshd lines and a blank line",
        ["crowdsec-hub/.tests/vsftpd-logs/vsftpd-logs.log"] = "vsftpd's own layout (ctime stamps): not read",

        // kjournald: a real journal directory, binary; RaspberryPiJournalShowsItsRebootsAndNoOutage reads it through journalctl.
        ["kjournald/autotests/journal.tar.gz"] = "a tar of binary journal files: not a log the reader reads (see the journalctl test for what it holds)",
        ["kjournald/autotests/journalexportformat_binary_example.export"] = "journalctl -o export (binary fields): not read",
        ["kjournald/autotests/journalexportformat_example.export"] = "journalctl -o export: not read",

        // lnav: format-detection fixtures.
        ["lnav/test/datafile_syslog.0"] = "lnav's data-extraction expectations (a sudo message under key/val annotations): not log lines, not read",
        ["lnav/test/datafile_syslog.1"] = "as datafile_syslog.0",
        ["lnav/test/logfile_access_log.0"] = "three gPXE requests within 3 s of 2009-07-20, one 404",
        ["lnav/test/logfile_access_log.1"] = "one 400 line",
        ["lnav/test/logfile_access_log_dupe.0"] = "a copy of logfile_access_log.0",
        ["lnav/test/logfile_bad_access_log.0"] = "logfile_access_log.0 with one malformed line (skipped)",
        ["lnav/test/logfile_bad_syslog.0"] = "four automount/sudo lines of Nov 3 in order, one without a program",
        ["lnav/test/logfile_crlf.0"] = "two generic lines with CRLF: not a known format",
        ["lnav/test/logfile_dst.0"] = "macOS ASL statistics every ~15 min on Nov 3; 01:59:14 is followed by 01:24:56: the clocks went back an hour "
            + "(daylight saving time ended, US 2013-11-03 02:00). A zone change, not a clock fault: no outside clock and no return, so no run is claimed",
        ["lnav/test/logfile_epoch.0"] = "epoch-millisecond lines: not read",
        ["lnav/test/logfile_epoch.1"] = "as logfile_epoch.0",
        ["lnav/test/logfile_generic_with_header.0"] = "generic lines under a header: not read",
        ["lnav/test/logfile_haproxy.0"] = "haproxy through syslog on Feb 25: proxies started at 16:19:38, then proxied requests until 16:20, in order",
        ["lnav/test/logfile_invalid_tz.0"] = "lines with impossible zones: not read",
        ["lnav/test/logfile_invalid_utf8.0"] = "invalid UTF-8: not read",
        ["lnav/test/logfile_journald.json"] = "two journalctl -o json lines of one moment (2018-08-21): nothing to compare",
        ["lnav/test/logfile_muxed_syslog.0"] = "JSON lines wrapping the syslog lines of other lnav fixtures: not read",
        ["lnav/test/logfile_syslog.0"] = "automount and sudo on Nov 3 in order",
        ["lnav/test/logfile_syslog.1"] = "Dec 3 then Jan 3: a year's end, the next line in the next year, in order",
        ["lnav/test/logfile_syslog.2"] = "three lines of one second",
        ["lnav/test/logfile_syslog.3"] = "macOS syslogd notices with continuation lines, in order",
        ["lnav/test/logfile_syslog_fr.0"] = "French month name: not read",
        ["lnav/test/logfile_syslog_with_access_log.0"] = "a sudo line of Jan 3, then Mar 24 lines of another host: two samples, a forward step",
        ["lnav/test/logfile_syslog_with_header.0"] = "logfile_syslog.0 under two header lines",
        ["lnav/test/logfile_syslog_with_mixed_times.0"] = "macOS kernel lines around a sleep: lines of 01:25 and 03:13 written among later ones (messages from before the sleep "
            + "flushed after the wake). Each step back is one late line, not a clock: no run (was two DisplacedTimestamps, +1 h 47 min and +33 min, before)",
        ["lnav/test/logfile_tai64n.0"] = "tai64n stamps: not read",
        ["lnav/test/logfile_tcsh_history.0"] = "tcsh history: not read",
        ["lnav/test/logfile_with_zones.0"] = "RFC 5424 lines of 2022-08-27 in Z and +03:00 that are the same moment: in order once zones are read",
        ["lnav/test/logfile_yday.0"] = "day-of-year stamps: not read",

        // plaso: parser test data.
        ["plaso/test_data/apache_access.log"] = "15 access lines of 2015, 2016, 2018, 2019, 2021 pasted together (several hosts' samples): the access-log tolerance (10 min, 5 lines) sees no run, no 5xx",
        ["plaso/test_data/apt_history.log"] = "apt history: not read",
        ["plaso/test_data/audit_enriched.log"] = "auditd ENRICHED records of one host over 2026-07-07 08:56-08:58 UTC (useradd, sudo, ssh logins, service starts): read as audit.log, in order, no clock event",
        ["plaso/test_data/aws_elb_access.log"] = "ELB access lines: not read",
        ["plaso/test_data/bash_history"] = "shell history: not read",
        ["plaso/test_data/bash_history_desync"] = "shell history: not read",
        ["plaso/test_data/cri.log"] = "two CRI lines of 2016, then a container start of 2024-04-16 and its probes: a forward step between samples, in order",
        ["plaso/test_data/docker/containers/e7d0b7ea5ccf08366e2b0c8afa2318674e8aefe802315378125d2bb83fe3110c/container-json.log"] = "docker json-file: not read",
        ["plaso/test_data/dpkg.log"] = "dpkg.log: not read",
        ["plaso/test_data/iis/iis10.log"] = "IIS W3C: not read",
        ["plaso/test_data/iis/iis10_cookies.log"] = "IIS W3C: not read",
        ["plaso/test_data/iis/iis10_edge_cases.log"] = "IIS W3C: not read",
        ["plaso/test_data/iis/iis6.log"] = "IIS W3C: not read",
        ["plaso/test_data/iis/iis7_owa.log"] = "IIS W3C: not read",
        ["plaso/test_data/iis/iis7_sqli.log"] = "IIS W3C: not read",
        ["plaso/test_data/iis/iis_without_date.log"] = "IIS W3C: not read",
        ["plaso/test_data/popcontest1.log"] = "popularity-contest: not read",
        ["plaso/test_data/postgresql.log"] = "PostgreSQL: not read",
        ["plaso/test_data/selinux.log"] = "plaso's audit samples of 2009 and 2012 (LOGIN, AVC, SYSCALL), four malformed on purpose: read as audit.log; samples out of order, too few lines for a run",
        ["plaso/test_data/snort3_alert_fast.log"] = "IDS alerts: not read",
        ["plaso/test_data/suricata_alert_fast.log"] = "IDS alerts: not read",
        ["plaso/test_data/syslog.bz2"] = "bzip2: not decompressed by the reader",
        ["plaso/test_data/syslog.gz"] = "gzip of syslog_copy: as syslog_copy",
        ["plaso/test_data/syslog.xz"] = "xz: not decompressed by the reader",
        ["plaso/test_data/syslog/syslog"] = "plaso's syslog sample: Jan 22 lines, then Dec/Mar/Nov/Feb samples with a year rollover and odd lines (MMM 22, a leap day); "
            + "steps between samples bounded by nothing that measures a clock: no run",
        ["plaso/test_data/syslog/syslog_chromeos"] = "ChromeOS lines of 2016-10-25 12:37 in order; upstart's 'debugd main process killed by TERM signal' is a stop on request, not a systemd unit failing",
        ["plaso/test_data/syslog/syslog_cron.log"] = "cron lines of two hosts (Mar 11, then Jan 22 of another): a sample file, the step is a new host's lines",
        ["plaso/test_data/syslog/syslog_osx"] = "two macOS lines",
        ["plaso/test_data/syslog/syslog_rsyslog"] = "rsyslog MARK, rotation (rsyslogd was HUPed), 'Reloaded System Logging Service': a reload, not an outage",
        ["plaso/test_data/syslog/syslog_rsyslog_ForwardFormat"] = "RFC 5424 forward format with priority: not read",
        ["plaso/test_data/syslog/syslog_rsyslog_SysklogdFileFormat"] = "cron stopped, stopped, started within one second (04:07:28): a restart under a minute, nothing to report",
        ["plaso/test_data/syslog/syslog_rsyslog_SyslogProtocol23Format"] = "RFC 5424 lines of 2021-03-06 04:07:38: cron stopped and started again within the second, a restart under a minute",
        ["plaso/test_data/syslog/syslog_rsyslog_TraditionalForwardFormat"] = "forward format with priority: not read",
        ["plaso/test_data/syslog/syslog_rsyslog_traditional"] = "samples of Jan 22, Mar 11, Nov 18 of two hosts; dhclient, cron, AptDaemon: no clock measurable",
        ["plaso/test_data/syslog/syslog_ssh.log"] = "sshd lines of Mar 11 of two hosts in order",
        ["plaso/test_data/syslog_copy"] = "a copy of plaso's syslog sample: as syslog/syslog",
        ["plaso/test_data/utmp/utmp"] = "binary utmp: not read",
        ["plaso/test_data/utmp/utmp_aarch64"] = "binary utmp: not read",
        ["plaso/test_data/utmp/utmp_corrupted"] = "binary utmp: not read",
        ["plaso/test_data/utmp/utmp_s390"] = "binary utmp: not read",
        ["plaso/test_data/utmp/utmp_x86_64"] = "binary utmp (glibc x86_64) of 2026-07-03: boot, logins, a shutdown run level, then date's clock-change pair "
            + "(utmpdump: OLD_TIME 14:58:29, NEW_TIME 15:03:29 UTC): a witnessed +300 s step no run of stamps shows, so one ClockStep finding at record 6 (the NEW_TIME)",
        ["plaso/test_data/utmp/wtmp.1"] = "binary wtmp: not read",
        ["plaso/test_data/vsftpd.log"] = "vsftpd's own layout: not read",
        ["plaso/test_data/zsh_extended_history.txt"] = "shell history: not read",
    };

    /// <summary>
    /// Findings a reader agrees with, per file or folder (relative to realdata), as (kind, first line, last line), with
    /// the reason next to the file's verdict above.
    /// </summary>
    private static readonly Dictionary<string, (AnomalyKind Kind, long FirstLine, long LastLine)[]> Expected = new(StringComparer.Ordinal)
    {
        // utmp_x86_64's OLD_TIME/NEW_TIME pair (see its verdict): alone and in every folder that holds it.
        ["plaso/test_data/utmp/utmp_x86_64"] = [(AnomalyKind.ClockStep, 6, 6)],
        ["plaso/test_data/utmp/"] = [(AnomalyKind.ClockStep, 6, 6)],
        ["plaso/test_data/"] = [(AnomalyKind.ClockStep, 6, 6)],
        ["plaso/"] = [(AnomalyKind.ClockStep, 6, 6)],
        ["./"] = [(AnomalyKind.ClockStep, 6, 6)],
    };

    /// <summary>The logs under realdata: every file but the other projects' expected results, configurations and licences.</summary>
    private static List<string> Logs() =>
        Directory.EnumerateFiles(RealDataFolder.Path!, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RealDataFolder.Path!, p).Replace('\\', '/'))
            .Where(p => !IsNotALog(p))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsNotALog(string relative)
    {
        string name = Path.GetFileName(relative);
        return name is "SOURCES.md" or "LICENSE" or "config.yaml" or "parser.assert" or "scenario.assert" or "test_logfile.sh"
            || name.EndsWith(".license", StringComparison.Ordinal) || name.EndsWith(".py", StringComparison.Ordinal) || name.EndsWith(".cpp", StringComparison.Ordinal);
    }

    [RealDataFact]
    public void EveryLogHasAVerdict()
    {
        var logs = Logs();
        Assert.NotEmpty(logs);
        Assert.Empty(logs.Where(l => !Verdicts.ContainsKey(l)));
        Assert.Empty(Verdicts.Keys.Where(k => !logs.Contains(k)));
    }

    [RealDataFact]
    public void EachLogAloneGivesOnlyTheFindingsAReaderAgreesWith()
    {
        var wrong = new List<string>();
        foreach (string log in Logs())
        {
            foreach (var zone in Zones)
                wrong.AddRange(Judge(log, RealDataFolder.Combine(log.Split('/')), zone));
        }
        Assert.Empty(wrong);
    }

    [RealDataFact]
    public void EachFolderAsABundleGivesOnlyTheFindingsAReaderAgreesWith()
    {
        // A folder is what a user points the tool at; the files of one folder are read as one host's bundle.
        var folders = Directory.EnumerateDirectories(RealDataFolder.Path!, "*", SearchOption.AllDirectories).Prepend(RealDataFolder.Path!)
            .Select(d => Path.GetRelativePath(RealDataFolder.Path!, d).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        var wrong = new List<string>();
        foreach (string folder in folders)
            wrong.AddRange(Judge(folder + "/", folder == "." ? RealDataFolder.Path! : RealDataFolder.Combine(folder.Split('/')), TimeZoneInfo.Utc));
        Assert.Empty(wrong);
    }

    // The machine running the tool may be anywhere: a zoneless stamp read in its zone must not become a finding.
    private static readonly TimeZoneInfo[] Zones = [TimeZoneInfo.Utc, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")];

    private List<string> Judge(string name, string path, TimeZoneInfo zone)
    {
        var found = Scan(path, zone);
        foreach (var a in found) output.WriteLine($"{name} ({zone.Id}): {a.Kind} {a.Path}:{a.FirstLine}-{a.LastLine} {a.Summary}");
        var wrong = new List<string>();
        foreach (var a in found)
        {
            if (a.Kind == AnomalyKind.DisplacedTimestamps) wrong.Add($"{name} ({zone.Id}): DisplacedTimestamps {a.Summary}");
            if (a.Kind == AnomalyKind.ServiceOutage) wrong.Add($"{name} ({zone.Id}): ServiceOutage {a.Summary}");
        }
        var expected = Expected.GetValueOrDefault(name, []);
        var got = found.Select(a => (a.Kind, a.FirstLine, a.LastLine)).ToArray();
        if (!got.SequenceEqual(expected)) wrong.Add($"{name} ({zone.Id}): expected [{string.Join(", ", expected)}], found [{string.Join(", ", got)}]");
        return wrong;
    }

    /// <summary>What Get-LogAnomaly does with a path: read it (a folder recursively), scan, detect.</summary>
    internal static IReadOnlyList<LogAnomaly> Scan(string path, TimeZoneInfo zone)
    {
        var reader = new LogReader(FormatRegistry.All);
        var scan = new AnomalyScan();
        foreach (var entry in reader.Read([path], new LogReadOptions { LocalZone = zone }, new CollectingDiagnostics())) scan.Add(entry);
        foreach (var report in reader.Reports)
        {
            foreach (var damage in report.Damage)
            {
                if (damage.Kind is not (DamageKind.NulBytes or DamageKind.Binary or DamageKind.TruncatedGzip or DamageKind.CorruptGzip)) continue;
                scan.AddDamage(new FileDamage { Path = report.Path, FirstLine = damage.FirstLine, LastLine = damage.LastLine, Kind = damage.Kind, Bytes = damage.Bytes });
            }
        }
        return scan.Detect();
    }
}

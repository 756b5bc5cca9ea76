using OpsLogTools.Core.Model;

namespace OpsLogTools.Fuzz.Seeds;

/// <summary>
/// Small hand-written seeds, one short file per format and per non-log input, each after the documentation or default
/// configuration named in its comment. Addresses are from the documentation ranges (RFC 5737, RFC 3849) unless the
/// point is a range (CloudFront, private, IPv4-embedded forms). The generated and real samples are added at run time
/// (<see cref="SeedCorpus"/>); nothing here is copied from another project.
/// </summary>
internal static class HandWrittenSeeds
{
    /// <summary>Lines per format; each array is one seed file.</summary>
    public static IReadOnlyList<(LogFormat Format, string[] Lines)> Logs { get; } =
    [
        // rsyslog's RSYSLOG_TraditionalFileFormat (RFC 3164 stamp, no year): sshd, the kernel's OOM killer, crond; a
        // New Year rollover; the syslog PRI prefix some relays keep.
        (LogFormat.Syslog, [
            "Jul 19 21:10:03 web01 sshd[4122]: Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2",
            "Jul 19 21:10:04 web01 kernel: [12345.678901] Out of memory: Killed process 3312 (httpd) total-vm:1024kB",
            "Jul 19 21:10:05 web01 CROND[5512]: (root) CMD (/usr/bin/yum -y update)",
            "Jul  9 03:00:01 web01 systemd[1]: Started Session 7 of user root.",
            "Dec 31 23:59:59 web01 app: 2022-12-31 23:59:59 INFO last line of the year",
            "Jan  1 00:00:01 web01 app: first line of the next",
            "<38>Jul 19 21:10:03 web01 sshd[1]: Connection closed",
        ]),
        // rsyslog's RSYSLOG_FileFormat (high-precision ISO stamp) and RFC 5424 section 6.5, example 1 (host renamed).
        (LogFormat.SyslogIso, [
            "2022-07-19T21:10:03.123456+09:00 web01 sshd[4122]: Accepted publickey for admin from 198.51.100.23 port 50022 ssh2",
            "2022-07-19T21:10:04.000001+09:00 web01 kernel: Out of memory: Killed process 3312 (httpd)",
            "<34>1 2003-10-11T22:14:15.003Z web01.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8",
            "<165>1 2003-10-11T22:14:15.003Z web01 app 42 - [a@1 x=\"q\\]z\"][b@1 y=\"2\"] msg",
        ]),
        // Apache's mod_log_config documentation, Common Log Format example (address changed to RFC 5737).
        (LogFormat.ApacheCommon, [
            "192.0.2.10 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326",
            "2001:db8::7 - - [19/Jul/2022:21:10:03 +0900] \"POST /wp-login.php HTTP/1.1\" 500 -",
            "198.51.100.23 - - [19/Jul/2022:21:10:04 +0900] \"-\" 408 -",
        ]),
        // The same documentation's combined example, an escaped quote in the agent, and a query string.
        (LogFormat.ApacheCombined, [
            "192.0.2.10 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"",
            "203.0.113.7 - - [19/Jul/2022:21:10:03 +0900] \"GET /wp-admin/setup-config.php?step=1 HTTP/1.1\" 404 196 \"-\" \"Mozilla/5.0 \\\"quoted\\\" \\x1b[31m\"",
        ]),
        // Apache's vhost_combined LogFormat from the Debian default apache2.conf: "%v:%p %h %l %u %t \"%r\" %>s %O ...".
        (LogFormat.ApacheVhostCombined, [
            "www.example.com:443 203.0.113.7 - - [19/Jul/2022:21:10:03 +0900] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/7.79.1\"",
            "[2001:db8::1]:80 192.0.2.10 - - [19/Jul/2022:21:10:04 +0900] \"GET /robots.txt HTTP/1.1\" 200 68 \"-\" \"Googlebot/2.1\"",
        ]),
        // nginx's default "main" log_format (nginx.conf as shipped): combined plus "$http_x_forwarded_for".
        (LogFormat.NginxAccess, [
            "203.0.113.7 - - [19/Jul/2022:21:10:03 +0900] \"GET /wp-login.php HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\" \"198.51.100.23, 192.0.2.44\"",
            "192.0.2.10 - - [19/Jul/2022:21:10:04 +0900] \"GET /.env HTTP/1.1\" 404 153 \"-\" \"-\" \"-\"",
        ]),
        // Apache 2.2 error_log lines as its documentation shows them.
        (LogFormat.ApacheError22, [
            "[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration: /export/home/live/ap/htdocs/test",
            "[Tue Jul 19 21:10:03 2022] [notice] caught SIGTERM, shutting down",
        ]),
        // Apache 2.4 error_log (ErrorLogFormat default): module:level, pid, optional tid and client with port.
        (LogFormat.ApacheError24, [
            "[Tue Jul 19 21:10:03.123456 2022] [mpm_prefork:error] [pid 1234] AH00161: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting",
            "[Tue Jul 19 21:10:04.000001 2022] [core:error] [pid 2345:tid 140] [client 203.0.113.7:52144] AH00126: Invalid URI in request GET /.. HTTP/1.1",
        ]),
        // nginx error.log as ngx_log_error writes it: "yyyy/mm/dd hh:mm:ss [level] pid#tid: *cid message".
        (LogFormat.NginxError, [
            "2022/07/19 21:10:03 [error] 1234#0: *1 open() \"/usr/share/nginx/html/wp-login.php\" failed (2: No such file or directory), client: 203.0.113.7, server: localhost, request: \"GET /wp-login.php HTTP/1.1\", host: \"www.example.com\"",
            "2022/07/19 21:10:04 [emerg] 1#1: bind() to 0.0.0.0:80 failed (98: Address already in use)",
        ]),
        // yum.log as yum 3 writes it (no year).
        (LogFormat.Yum, [
            "Jul 20 03:00:12 Updated: tzdata-2022a-1.amzn2.noarch",
            "Jul 20 03:00:13 Installed: 1:openssl-libs-1.0.2k-24.amzn2.0.4.x86_64",
            "Jul 20 03:00:14 Erased: php-pecl-apcu",
        ]),
        // dnf.log (DNF 4 logging: ISO stamp with +0000 or Z, level word).
        (LogFormat.Dnf, [
            "2022-07-20T03:00:12+0000 INFO --- logging initialized ---",
            "2022-07-20T03:00:12+0000 DDEBUG timer: config: 3 ms",
            "2022-07-20T03:00:13Z DEBUG Command: dnf -y update",
        ]),
        // dnf.rpm.log (the rpm transaction lines DNF 4 writes).
        (LogFormat.DnfRpm, [
            "2022-07-20T03:00:16+0000 SUBDEBUG Upgrade: tzdata-2022a-1.amzn2022.noarch",
            "2022-07-20T03:00:16+0000 SUBDEBUG Upgraded: tzdata-2021e-1.amzn2022.noarch",
            "2022-07-20T03:00:17+0000 INFO warning: /etc/httpd/conf/httpd.conf created as /etc/httpd/conf/httpd.conf.rpmnew",
        ]),
        // CloudFront standard logs: the header and field list of the AWS documentation ("Standard log file fields"),
        // one row after its example (33 fields, tab-separated, URL-encoded).
        (LogFormat.CloudFront, [
            "#Version: 1.0",
            "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end",
            "2019-12-04\t21:02:31\tLAX1-C1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-",
            "2019-12-04\t21:02:32\tNRT57-P2\t401\t2001:db8::5\tGET\td111111abcdef8.cloudfront.net\t/wp-login.php\t404\t-\tcurl/7.79.1\ta=1&b=%22x%22\t-\tError\tk7nxLv8cH5kq3gKp9ArZHtV0fXg1PnDYMoG9v3W5wXcZq7eRLiNIQ==\twww.example.com\thttps\t120\t0.002\t198.51.100.23\tTLSv1.3\tTLS_AES_128_GCM_SHA256\tError\tHTTP/1.1\t-\t-\t443\t0.002\tError\ttext/html\t-\t-\t-",
        ]),
        // journalctl -o json: one object a line, every value a string, non-UTF-8 values as byte arrays (systemd.journal-fields(7)).
        (LogFormat.JournalJson, [
            "{\"__REALTIME_TIMESTAMP\":\"1658232603123456\",\"_HOSTNAME\":\"web01\",\"SYSLOG_IDENTIFIER\":\"sshd\",\"_PID\":\"4122\",\"PRIORITY\":\"6\",\"MESSAGE\":\"Accepted publickey for admin from 198.51.100.23 port 50022 ssh2\"}",
            "{\"__REALTIME_TIMESTAMP\":\"1658232604000001\",\"_PID\":\"1\",\"PRIORITY\":\"3\",\"_SYSTEMD_UNIT\":\"httpd.service\",\"MESSAGE\":[227,131,173,255]}",
            "{\"__REALTIME_TIMESTAMP\":\"1658232605000000\",\"MESSAGE\":[\"one\",\"two\"],\"_COMM\":\"x\\u001b[31m\"}",
        ]),
        // journalctl -o short-iso: banners, a continuation line indented to the message column (systemd 245-252).
        (LogFormat.JournalShortIso, [
            "-- Logs begin at Mon 2022-07-18 00:00:01 JST, end at Wed 2022-07-20 03:10:00 JST. --",
            "2022-07-19T21:10:03+0900 web01 sshd[4122]: Accepted publickey for admin from 198.51.100.23 port 50022 ssh2",
            "2022-07-19T21:30:00+09:00 web01 python3[999]: Traceback (most recent call last):",
            "                                                  File \"/opt/job.py\", line 3, in <module>",
            "-- Reboot --",
        ]),
        // auditd 3.0's audit.log (the record layout of auditd.conf's log_format RAW, and ENRICHED's 0x1D-separated
        // interpreted fields): a time-change SYSCALL event ending in EOE, a TIME_INJOFFSET, a user login and a service stop.
        // Without it the format-audit target had no seed in a clone without ../shared/realdata, and afl-fuzz refused to start.
        (LogFormat.Audit, [
            "type=SYSCALL msg=audit(1658232605.123:2995): arch=c000003e syscall=227 success=yes exit=0 a0=0 a1=7ffd1 a2=0 a3=0 items=0 ppid=1 pid=812 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"chronyd\" exe=\"/usr/sbin/chronyd\" key=\"time-change\"",
            "type=PROCTITLE msg=audit(1658232605.123:2995): proctitle=2F7573722F7362696E2F6368726F6E7964",
            "type=EOE msg=audit(1658232605.123:2995): ",
            "type=TIME_INJOFFSET msg=audit(1658232606.000:2996): sec=-3600 nsec=0",
            "type=USER_LOGIN msg=audit(1658232700.500:3001): pid=4122 uid=0 auid=1000 ses=7 msg='op=login id=1000 exe=\"/usr/sbin/sshd\" hostname=198.51.100.23 addr=198.51.100.23 terminal=/dev/pts/0 res=success'\u001dUID=\"root\" AUID=\"admin\" ID=\"admin\"",
            "node=web01 type=SERVICE_STOP msg=audit(1658232800.000:3010): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='unit=httpd comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'",
        ]),
        // Debian 12's package logs: dpkg 1.21's dpkg.log, apt 2.6's history.log (a record cut before its End-Date at the end)
        // and term.log, unattended-upgrades 2.9's log (Python logging, a traceback line), update-alternatives.
        (LogFormat.Dpkg, [
            "2024-01-10 06:25:20 startup archives unpack",
            "2024-01-10 06:25:21 upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1",
            "2024-01-10 06:25:22 status half-configured tzdata:all 2024a-0+deb12u1",
            "2024-01-10 06:25:23 install nginx:amd64 <none> 1.22.1-9",
            "2024-01-10 06:25:24 remove nginx:amd64 1.22.1-9 <none>",
            "2024-01-10 06:25:25 conffile /etc/nginx/nginx.conf keep",
        ]),
        (LogFormat.AptHistory, [
            "",
            "Start-Date: 2024-01-10  06:25:14",
            "Commandline: /usr/bin/unattended-upgrade",
            "Upgrade: tzdata:all (2023c-5+deb12u1, 2024a-0+deb12u1), libc6:amd64 (2.36-9+deb12u3, 2.36-9+deb12u4)",
            "End-Date: 2024-01-10  06:25:40",
            "",
            "Start-Date: 2024-01-10  14:02:01",
            "Commandline: apt install nginx",
            "Requested-By: alice (1000)",
            "Install: nginx:amd64 (1.22.1-9), nginx-common:amd64 (1.22.1-9, automatic)",
            "Error: Sub-process /usr/bin/dpkg returned an error code (1)",
        ]),
        (LogFormat.AptTerm, [
            "Log started: 2024-01-10  06:25:20",
            "(Reading database ... 32109 files and directories currently installed.)",
            "Preparing to unpack .../tzdata_2024a-0+deb12u1_all.deb ...",
            "Unpacking tzdata (2024a-0+deb12u1) over (2023c-5+deb12u1) ...",
            "Setting up tzdata (2024a-0+deb12u1) ...",
            "Log ended: 2024-01-10  06:25:39",
        ]),
        (LogFormat.UnattendedUpgrades, [
            "2024-01-10 06:25:12,513 INFO Starting unattended upgrades script",
            "2024-01-10 06:25:12,514 INFO Allowed origins are: origin=Debian,codename=bookworm,label=Debian-Security",
            "2024-01-10 06:25:13,020 INFO Packages that will be upgraded: libc6 tzdata",
            "2024-01-10 06:25:40,200 ERROR Installing the upgrades failed!",
            "Traceback (most recent call last):",
        ]),
        (LogFormat.Alternatives, [
            "update-alternatives 2024-01-10 06:25:31: run with --install /usr/bin/editor editor /usr/bin/vim.basic 30",
            "update-alternatives 2024-01-10 06:25:31: link group editor updated to point to /usr/bin/vim.basic",
        ]),
    ];

    /// <summary>Crontabs: the system crontab of Debian/RHEL (user field), a user crontab (none), macros and CRON_TZ (crontab(5)).</summary>
    public static IReadOnlyList<string> Crontabs { get; } =
    [
        """
        SHELL=/bin/bash
        PATH=/sbin:/bin:/usr/sbin:/usr/bin
        MAILTO=root
        # For details see man 4 crontabs
        17 *	* * *	root    cd / && run-parts --report /etc/cron.hourly
        25 6	* * *	root	test -x /usr/sbin/anacron || ( cd / && run-parts --report /etc/cron.daily )
        0 3 * * * root /usr/bin/yum -y update >/dev/null 2>&1
        """,
        """
        CRON_TZ=Asia/Tokyo
        */5 1-5,7 1 JAN-MAR MON-FRI /usr/local/bin/poll
        @reboot /usr/local/bin/start
        @daily dnf-automatic --installupdates
        0 0 31 2 * echo never
        """,
    ];

    /// <summary>Addresses as logs and admins write them, one a line: plain, with a port, bracketed, with a zone,
    /// IPv4-mapped, CIDR prefixes (a CloudFront /16, private, documentation), and forms that must be refused or read
    /// carefully (leading zeros, hex, short IPv4, 6to4, NAT64, words).</summary>
    public static string Addresses { get; } = string.Join('\n',
        "203.0.113.7", "198.51.100.23:52144", "[2001:db8::1]:443", "2001:db8::1", "fe80::1%eth0", "::ffff:192.0.2.1",
        "205.251.0.0/16", "10.0.0.0/8", "192.0.2.0/24", "2409:8c00::/32", "010.010.010.010", "0x7f.1", "127.1",
        "2002:a00:1::", "64:ff9b::10.0.0.1", "::10.0.0.1", "-", "unknown", "10.1.2.3/33", " 192.0.2.1 ");

    /// <summary>
    /// systemd timer units and drop-ins (apt 2.6.1's apt-daily-upgrade.timer, util-linux's fstrim.timer, a drop-in that resets
    /// OnCalendar=) and calendar expressions of every part of systemd.time(7)'s syntax, for the timer fuzz target.
    /// </summary>
    public static string Timers { get; } = string.Join('\n',
        "[Unit]", "Description=Daily apt upgrade and clean activities", "[Timer]", "OnCalendar=*-*-* 6:00", "RandomizedDelaySec=60m",
        "Persistent=true", "AccuracySec=1h", "[Timer]", "OnCalendar=", "OnCalendar=Mon..Fri *-*-* 02:30 Europe/Berlin",
        "OnCalendar=*-02~01", "OnCalendar=Mon *-05~07/1", "OnCalendar=*:0/15", "OnCalendar=weekly", "OnCalendar=2025-*-1..7/2 12..14:10,20:30",
        "RandomizedDelaySec=1h 30min", "Unit=apt-daily-upgrade.service");

    /// <summary>
    /// Saved systemctl output: <c>systemctl cat</c> (a <c># /path</c> line before each file; the unit text as dnf 4 ships
    /// dnf-automatic.timer, a drop-in) and <c>systemctl list-timers</c> (systemd 252's table).
    /// </summary>
    public static string Systemctl { get; } = string.Join('\n',
        "# /usr/lib/systemd/system/dnf-automatic.timer", "[Unit]", "Description=dnf-automatic timer", "[Timer]", "OnCalendar=*-*-* 6:00",
        "RandomizedDelaySec=60m", "Persistent=true", "", "# /etc/systemd/system/dnf-automatic.timer.d/override.conf", "[Timer]", "OnCalendar=",
        "OnCalendar=*-*-* 04:30", "",
        "NEXT                        LEFT          LAST                        PASSED       UNIT                         ACTIVATES",
        "Fri 2024-03-15 06:41:52 UTC 20h left      Thu 2024-03-14 06:23:11 UTC 3h 8min ago  dnf-automatic.timer          dnf-automatic.service",
        "Thu 2024-03-14 10:00:00 JST 29min left    n/a                         n/a          dnf-makecache.timer          dnf-makecache.service",
        "-                           -             -                           -            fstrim.timer                 fstrim.service",
        "", "3 timers listed.");

    /// <summary>Messages with a clock printed inside them, in the shapes <c>EmbeddedClockParser</c> reads.</summary>
    public static string Clocks { get; } = string.Join('\n',
        "2022-07-19 21:15:03 INFO worker started",
        "2022-07-19T21:15:03.123+09:00 request done",
        "2022/07/19 21:15:03,5Z job queued",
        "[Tue Jul 19 21:15:03 2022] [error] child pid 1 exit signal",
        "Tue Jul 19 21:15:03.123456 JST 2022 backup begins",
        "2022-02-29 10:00:00 not a day",
        "Mon Feb 29 10:00:00 2024 leap day");

    /// <summary>
    /// A journal export stream (systemd's docs/JOURNAL_EXPORT_FORMATS.md): two entries of one boot, text fields, a field
    /// written twice, and a binary field (name, newline, 64-bit little-endian length, bytes, newline).
    /// </summary>
    public static byte[] JournalExport { get; } = [
        .. System.Text.Encoding.UTF8.GetBytes(
            "__CURSOR=s=0123456789abcdef0123456789abcdef;i=1;b=89ab89ab89ab89ab89ab89ab89ab89ab;m=4c4b40;t=5e4275d41bcc0;x=1\n" +
            "__REALTIME_TIMESTAMP=1658232603000000\n__MONOTONIC_TIMESTAMP=5000000\n_BOOT_ID=89ab89ab89ab89ab89ab89ab89ab89ab\n" +
            "_HOSTNAME=web1\nSYSLOG_IDENTIFIER=sshd\n_PID=1234\nPRIORITY=6\n_SYSTEMD_UNIT=sshd.service\nTAG=a\nTAG=b\n" +
            "MESSAGE=Accepted publickey for ec2-user from 203.0.113.5 port 51234 ssh2\n\n" +
            "__REALTIME_TIMESTAMP=1658232604000000\n__MONOTONIC_TIMESTAMP=6000000\n_BOOT_ID=89ab89ab89ab89ab89ab89ab89ab89ab\n" +
            "_COMM=httpd\nPRIORITY=3\nMESSAGE\n"),
        10, 0, 0, 0, 0, 0, 0, 0, (byte)'b', (byte)'a', (byte)'d', 0, 0x1B, (byte)'[', (byte)'m', 0xFF, (byte)'\n', (byte)'x',
        (byte)'\n', (byte)'\n',
    ];
}

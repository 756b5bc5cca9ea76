@{
    Synopsis    = 'Writes a sample incident bundle (syslog, cron, secure, yum, Apache, CloudFront) with planted faults and its ground truth.'
    Description = @'
New-OpsLogSample writes, deterministically from a seed, the logs of a host like the one OpsLogTools was built from: Amazon Linux 2 with Apache 2.4 behind CloudFront and rsyslog's traditional files. Planted in it, each switchable in an IncidentScenario: a run of rsyslog lines stamped with a wrong clock (months off, in normal order, ending at the nightly yum run) or a whole-hours time-zone shift, two hours cut out of secure, a NUL-byte run in messages, an outage (5xx burst, MaxRequestWorkers, OOM kills, httpd down and restarted next morning), nightly yum runs from cron and a manual install, a WordPress prober at about one request a minute, a sensitive-file scanner, a polite crawler, and readers of a real page whose name contains "wordpress".

The bundle's ground-truth.json records where everything was planted (files, line numbers, true and stamped times, offsets, bot addresses and exact request counts), so tests and admins can check any tool against it. The same seed always writes the same bytes.
'@
    Parameters  = @{
        Path                   = 'Directory to write the bundle to. It is created when missing; a directory that is not empty needs -Force.'
        Seed                   = 'Seed of the generator. The same seed writes the same bytes; another seed gives other addresses, offsets and timings.'
        IncidentStart          = 'When the incident begins, in the host''s wall-clock time (default 2022-07-19 21:10).'
        HostZone               = 'The host''s UTC offset, such as 09:00 or -05:00 (default +09:00).'
        HostTimeZone           = 'The host''s zone with its daylight-saving rules, as an IANA id such as America/New_York or Australia/Sydney; wins over -HostZone. Every local stamp, Apache''s %z included, then takes the offset in force at its moment, so a bundle can cross a daylight-saving change.'
        Scenario               = 'A complete OpsLogTools.Core.Sample.IncidentScenario for full control over what is planted; the other parameters apply on top of it.'
        NothingPlanted         = 'Plant nothing: a quiet, healthy host, for checking that the analysis cmdlets raise no false alarms.'
        TimeZoneShift          = 'Plant a whole-hours time-zone shift (rsyslog writing UTC on a local-time host) instead of the wrong clock.'
        WholeFileOffset        = 'Plant a constant offset (stamped minus true time) over every line of messages, cron and secure, with no step, instead of the wrong clock: -09:00 is UTC written on a JST host all along. Get-LogAnomaly and Compare-LogTimeline find it from the clocks amazon-ssm-agent prints and the events shared with the Apache error log.'
        HostFamily             = 'The host''s distribution, which decides how it updates and which package logs it leaves. AmazonLinux2 (the default, the seed incident): yum -y update from /etc/crontab at 03:00, yum.log. Debian: unattended-upgrades started every morning by apt-daily-upgrade.timer (its unit, OnCalendar=*-*-* 6:00 with RandomizedDelaySec=60m, under lib/systemd/system), apt/history.log, dpkg.log and unattended-upgrades/unattended-upgrades.log; the incident night''s run updates tzdata, libc6 and rsyslog while the wrong clock still stamps (its rsyslog restart ends it), and the admin runs sudo apt install -y jq in the daytime. rsyslog writes Debian''s files: syslog (cron''s lines in it), auth.log and kern.log, rotated as syslog.1, syslog.2.gz. AmazonLinux2023: no rsyslog files at all (the host logs to the journal, written as journalctl -o export output in journal.export), dnf-automatic started every morning by dnf-automatic.timer (usr/lib/systemd/system, OnCalendar=*-*-* 6:00, RandomizedDelaySec=60m), dnf.log, dnf.rpm.log (Upgrade: new, Upgraded: old) and hawkey.log in local time with the offset, dnf-automatic''s report in the journal, and the admin''s sudo dnf install -y jq; the planted wrong clock, cut and NULs of the rsyslog files do not apply. Tab completion offers the values.'
        SshAttack              = 'Plant an SSH password-guessing attack from one address (eight failed tries for root in connections of three, as OpenSSH and pam_unix log them, starting 50 minutes before the incident) that ends in a login: in secure or auth.log, and in btmp (a record per failed try), wtmp (the session) and audit/audit.log (USER_AUTH, USER_LOGIN) as sshd, loginrec.c and PAM write them. GroundTruth.SshAttack tells the source, user, first attempt, attempts, failures, the login time, the files that keep the login and the records planted; Find-LoginActivity finds it as SuccessAfterFailures.'
        WipeLogin              = 'With -SshAttack: leave every line of the login''s sshd process out of secure (auth.log), as an intruder who edited it would, while wtmp and audit.log keep the session. Get-LogAnomaly reports the hole (MissingLines in secure, naming wtmp and audit.log); GroundTruth.SshAttack.LoginWipedFrom names the file. Without -SshAttack it is an error (WipeLoginNeedsSshAttack).'
        OriginLogsForwardedFor = 'Have the origin''s access log record X-Forwarded-For after the combined fields.'
        Force                  = 'Write into a directory that is not empty.'
        WhatIf                 = 'Shows where the bundle would be written without writing it.'
        Confirm                = 'Asks before writing.'
    }
    Examples    = @(
        @{
            Title   = 'A bundle of the seed incident, and where the wrong clock was planted'
            Code    = '$truth = New-OpsLogSample -Path (Join-Path ([IO.Path]::GetTempPath()) "opslog-demo-$PID") -Force
$truth.StampRuns | Format-Table Path, FirstLine, LastLine, OffsetSeconds'
            Remarks = 'The ground truth says, per rsyslog file, which lines carry the wrong clock and by how much.'
        }
        @{
            Title   = 'A healthy host in another zone, for a no-false-alarm check'
            Code    = 'New-OpsLogSample -Path (Join-Path ([IO.Path]::GetTempPath()) "opslog-quiet-$PID") -Seed 7 -HostZone "-05:00" -NothingPlanted -Force | Select-Object Seed, HostZone, IncidentStart'
            Remarks = 'Nothing is planted, so the analysis cmdlets should report nothing on it.'
        }
        @{
            Title   = 'A Debian host, and the apt runs its ground truth lists'
            Code    = '$truth = New-OpsLogSample -Path (Join-Path ([IO.Path]::GetTempPath()) "opslog-debian-$PID") -HostFamily Debian -HostTimeZone Europe/Berlin -Force
$truth.UpdateRuns | Format-Table Start, End, Trigger, User, Command'
            Remarks = 'Test-YumUpdateWindow (alias Test-PackageUpdateWindow) on that directory finds the same runs: the unattended upgrades with the timer''s OnCalendar as evidence, the manual install with its user and command line.'
        }
        @{
            Title   = 'An Amazon Linux 2023 host, and its dnf runs as Test-PackageUpdateWindow finds them'
            Code    = '$dir = Join-Path ([IO.Path]::GetTempPath()) "opslog-al2023-$PID"
$truth = New-OpsLogSample -Path $dir -HostFamily AmazonLinux2023 -HostTimeZone America/New_York -Force
Test-PackageUpdateWindow -Path $dir -At $truth.IncidentStart -Within 2d | Format-Table UpdateStart, Trigger, Schedule'
            Remarks = 'An Amazon Linux 2023 host: its dnf-automatic runs come out with Trigger SystemdTimer and the timer (dnf-automatic.timer with its OnCalendar) as Schedule, the manual install as Manual.'
        }
        @{
            Title   = 'An SSH attack whose login the intruder wiped from secure'
            Code    = '$dir = Join-Path ([IO.Path]::GetTempPath()) "opslog-ssh-$PID"
$truth = New-OpsLogSample -Path $dir -SshAttack -WipeLogin -Force
$truth.SshAttack | Format-List Source, User, FirstAttempt, Attempts, LoginTime, LoginWitnesses, LoginWipedFrom
Find-LoginActivity $dir | Select-Object -First 1 Source, Kind, Attempts, FirstSuccess
Get-LogAnomaly $dir -Kind MissingLines | Where-Object Summary -like ''login from*'' | Format-List Path, Summary, RelatedPaths, Tampering'
            Remarks = 'Find-LoginActivity still finds the guessing and the login (from btmp, wtmp and audit.log); Get-LogAnomaly reports the login secure lacks while wtmp and audit.log keep it.'
        }
    )
    Links       = @('Get-LogEntry', 'about_OpsLogTools')
}

@{
    Synopsis    = 'Lists yum, dnf, apt and dpkg update runs and says whether one lined up with an incident: before, during, overlapping or after it, with the packages that matter and why.'
    Description = @'
Test-YumUpdateWindow reads yum.log (no year, no zone: inferred from the bundle, as Get-LogEntry does), dnf.rpm.log and dnf.log, the cron log, and the crontabs of a bundle (/etc/crontab, /etc/cron.d, /var/spool/cron; schedules are parsed with the Cronos library), and groups package lines into update runs: one transaction, lines close together. On Debian and Ubuntu it reads apt's history.log (one record per apt run, with its command line and Requested-By user), dpkg.log (from and to versions; its lines of a run apt recorded are that run) and unattended-upgrades.log. Each run knows what started it (Trigger): a cron line that ran yum or apt, yum-cron, dnf-automatic, a systemd timer (SystemdTimer: unattended-upgrades from apt-daily-upgrade.timer, dnf-automatic from dnf-automatic.timer), a crontab schedule that fired just before, or Manual with the command line and the user where apt's Requested-By or a sudo line says (User). Packages carry their action and, where the log says, the version they came from (FromVersion).

Systemd timers: the timer units of the bundle (*.timer under etc/systemd/system, run/systemd/system, usr/lib/systemd/system and lib/systemd/system, with their *.timer.d/*.conf drop-ins) are evaluated (OnCalendar= with RandomizedDelaySec=, AccuracySec=, Persistent=) and a run of unattended-upgrades or dnf-automatic is matched to the elapse that fired it: Trigger SystemdTimer, the timer and its OnCalendar as Schedule, the unit's line as evidence (a dnf-automatic run with no timer unit in the bundle stays DnfAutomatic). With Persistent=true, a run shortly after a boot whose timer elapsed while the host was down (no line in the input between the elapse and the boot) is that timer's catch-up: SystemdTimer, with a Note "Persistent catch-up". systemd's own output saved in the bundle counts as well: a text file whose name starts with systemctl (systemctl-cat.txt, systemctl-list-timers.txt, systemctl_cat_dnf-automatic.timer.txt; the content decides which) holding `systemctl cat UNIT...` output (the "# /path" line before each unit file and drop-in; read as those files when the bundle does not have them) or `systemctl list-timers [--all]` output (the NEXT LEFT LAST PASSED UNIT ACTIVATES table: LAST is when the timer really fired, so the run it started is matched to it; times in a zone other than UTC are placed in -TimeZone).

Test-PackageUpdateWindow is an alias of this cmdlet: the same runs for every package manager.

With an incident (-At, or -Start and -End, or objects from Get-LogAnomaly or Compare-LogTimeline piped in by property name) it writes one UpdateWindowResult per run: Relation (Before: the run ended before the incident began; During: inside it; Overlaps: it straddles a boundary; After: it began after the incident ended), Gap (zero when they touch), RelevantPackages with the reason each matters (tzdata, glibc and libc6: time zones and the clocks of running daemons; chrony, ntp and systemd-timesyncd: the clock itself; rsyslog: how logs are stamped; httpd, apache2, nginx, php-fpm, apr, mod_*: the web server itself; kernel, linux-image, systemd, openssh, openssl: a restart or reboot is needed), whether updated daemons were restarted, and a one-line Verdict in plain words.

With no incident it lists every update run: "when did we update what?". -Quiet answers only $true or $false, like Test-Connection -Quiet: did any update run fall inside the incident window widened by -Within. It needs an incident: -Quiet without -At, -Start or a piped anomaly is an error (QuietNeedsIncident), not $true.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Path          = 'The bundle, or yum/dnf logs, cron logs and crontabs. Wildcards are allowed; a directory reads everything under it.'
        LiteralPath   = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        At            = 'A single moment of the incident, such as when the errors began.'
        Start         = 'When the incident began. Binds by property name from Get-LogAnomaly and Compare-LogTimeline output.'
        End           = 'When the incident ended. Binds by property name.'
        Within        = 'Report only runs whose gap to the incident is at most this long; with -Quiet, the widening of the window. Without it, every run is reported with its relation and gap.'
        Quiet         = 'Return only $true or $false: did any update run fall inside the incident window widened by -Within. Needs an incident (-At, -Start and -End, or a piped anomaly); without one it is an error (QuietNeedsIncident).'
        IncludeEmpty  = 'Also list cron starts of yum that changed nothing (nothing to update that night).'
        TimeZone      = 'Zone for yearless stamps and for evaluating cron schedules, when the bundle does not tell.'
        ReferenceDate = 'A moment the logs are known to reach, for the year of yum.log stamps (see Get-LogEntry).'
        Encoding      = 'Text encoding of the logs when not UTF-8.'
    }
    Examples    = @(
        @{
            Title   = 'The same cmdlet under its package-manager-neutral name, with who ran each run'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Test-PackageUpdateWindow -Path $sample | Select-Object -ExpandProperty Run | Select-Object Start, Tool, Trigger, Schedule, User, Command'
            Remarks = 'Test-PackageUpdateWindow is an alias of Test-YumUpdateWindow; Tool says yum, dnf, apt or dpkg.'
        }
        @{
            Title   = 'When did we update what?'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Test-YumUpdateWindow -Path $sample'
            Remarks = 'Every update run of the sample, with its packages and what started it.'
        }
        @{
            Title   = 'Did the nightly yum line up with the displaced clock?'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogAnomaly $sample -Kind DisplacedTimestamps | Test-YumUpdateWindow -Path $sample -Within 1:00:00 | Format-List Relation, Gap, RelevantPackages, Verdict'
            Remarks = 'The anomalies'' Start and End bind to -Start and -End.'
        }
        @{
            Title   = 'A yes/no answer for a script'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Test-YumUpdateWindow -Path $sample -At "2022-07-20T03:00:00+09:00" -Within 0:10:00 -Quiet'
            Remarks = 'True when an update run fell within ten minutes of that moment.'
        }
    )
    Links       = @('Get-LogAnomaly', 'about_OpsLogTools')
}

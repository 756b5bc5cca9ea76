@{
    Synopsis    = 'Lists yum, dnf, apt and dpkg update runs and says whether one lined up with an incident: before, during, overlapping or after it, with the packages that matter and why.'
    Description = @'
Test-YumUpdateWindow reads yum.log (no year, no zone: inferred from the bundle, as Get-LogEntry does), dnf.rpm.log and dnf.log, the cron log, and the crontabs of a bundle (/etc/crontab, /etc/cron.d, /var/spool/cron; schedules are parsed with the Cronos library), and groups package lines into update runs: one transaction, lines close together. On Debian and Ubuntu it reads apt's history.log (one record per apt run, with its command line and Requested-By user), dpkg.log (from and to versions; its lines of a run apt recorded are that run) and unattended-upgrades.log. Each run knows what started it (Trigger): a cron line that ran yum or apt, yum-cron, dnf-automatic, a systemd timer (SystemdTimer: unattended-upgrades from apt-daily-upgrade.timer), a crontab schedule that fired just before, or Manual with the command line and the user where apt's Requested-By or a sudo line says (User). Packages carry their action and, where the log says, the version they came from (FromVersion).

Test-PackageUpdateWindow is an alias of this cmdlet: the same runs for every package manager.

With an incident (-At, or -Start and -End, or objects from Get-LogAnomaly or Compare-LogTimeline piped in by property name) it writes one UpdateWindowResult per run: Relation (Before: the run ended before the incident began; During: inside it; Overlaps: it straddles a boundary; After: it began after the incident ended), Gap (zero when they touch), RelevantPackages with the reason each matters (tzdata, glibc and libc6: time zones and the clocks of running daemons; chrony, ntp and systemd-timesyncd: the clock itself; rsyslog: how logs are stamped; httpd, apache2, nginx, php-fpm, apr, mod_*: the web server itself; kernel, linux-image, systemd, openssh, openssl: a restart or reboot is needed), whether updated daemons were restarted, and a one-line Verdict in plain words.

With no incident it lists every update run: "when did we update what?". -Quiet answers only $true or $false, like Test-Connection -Quiet: did any update run fall inside the incident window widened by -Within.
'@
    Parameters  = @{
        Path          = 'The bundle, or yum/dnf logs, cron logs and crontabs. Wildcards are allowed; a directory reads everything under it.'
        LiteralPath   = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        At            = 'A single moment of the incident, such as when the errors began.'
        Start         = 'When the incident began. Binds by property name from Get-LogAnomaly and Compare-LogTimeline output.'
        End           = 'When the incident ended. Binds by property name.'
        Within        = 'Report only runs whose gap to the incident is at most this long; with -Quiet, the widening of the window. Without it, every run is reported with its relation and gap.'
        Quiet         = 'Return only $true or $false: did any update run fall inside the incident window widened by -Within.'
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

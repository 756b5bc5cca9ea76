@{
    Synopsis    = 'Finds displaced, shifted, missing and corrupted stretches of logs, error bursts and outages, each with a tamper verdict and evidence.'
    Description = @'
Get-LogAnomaly answers the question of the night the tool was built from: "hundreds of lines stamped 2 April in the middle of July: tampering, or a clock?" It reads a bundle (or entries from Get-LogEntry) and writes one LogAnomaly per finding:

DisplacedTimestamps: a contiguous run of lines stamped off by a constant from true time, in otherwise normal order. FirstLine and LastLine are exact; OffsetSeconds (stamped minus true) is estimated from every clock available, named in Basis and Evidence: clocks programs print inside their messages, the same moments in other files (a cron job and the session it opened; files written in true time such as Apache's), the cadence of periodic jobs, and the lines before and after the run. Cause is TimeZone when the offset is a whole zone step (a multiple of 15 minutes within 14 hours), else Clock. The same displacement in several files is one cause (RelatedPaths). A file off by one constant from its first line to its last (rsyslog writing UTC on a JST host, a clock an hour off all week) has no step to show it: it is reported as one DisplacedTimestamps run from its first line to its last when clocks printed inside its messages, or events it shares with a file in true time (the error log, the journal), show an offset of 30 seconds or more in several agreeing samples; the cron grid or the file's own order alone are never enough.

Basis names what the offset was measured from (several can apply): EmbeddedClocks, SharedEvents, Cadence, Boundaries, ClockWitness, Monotonic. Monotonic: a systemd journal (a *.journal file or a journalctl export) carries each entry's realtime and its monotonic time since boot; within one boot, a change of realtime - monotonic by 0.25 s or more is the system clock stepped, measured to the microsecond. The true clock is the one a time daemon set right in that boot (timesyncd's initial synchronisation, chronyd's or ntpd's step, in any file of the bundle); else, when timesyncd restored the boot's clock from a recorded timestamp (no RTC), the clock after the last step; else the boot's first clock. Each stretch of the boot on another clock (in one file) is one DisplacedTimestamps finding, FirstLine and LastLine their entry numbers in the file, OffsetSeconds the step, Cause Clock; journald's "Time jumped backwards, rotating." and timesyncd or chronyd lines at its edges are in Evidence and ClockEvents (Basis then also ClockWitness). A new boot id starts a new clock and is never a step.

Clock witnesses: what the host's own clock keepers wrote is read from syslog files and journal exports alike (chronyd's "System clock wrong by" / "was stepped by", source selection and loss, time jumps; ntpd's "time reset" and sanity limit; systemd-timesyncd's synchronisation and restore; systemd's "System time before build time" and RTC-in-local-time delta; timedated's "Changed local time" / "Changed time zone"; journald's "Time jumped backwards"; the kernel's clocksource, hrtimer and RTC lines). A displaced run that starts or ends at a witnessed step gets Basis ClockWitness, the witness lines in Evidence and in ClockEvents, and Cause Clock (TimeZone when timedated changed the zone there, or when the offset is a whole zone step and systemd reads the RTC as local time); a step the daemon printed is the offset itself. The tamper verdict cites the witnessed steps and names the witnesses the bundle lacked.

ClockStep: a step a witness printed (chronyd, ntpd, systemd's RTC delta) that no displaced run shows, such as chronyd stepping the clock by -9.3 s: one finding per step (its "wrong by" and "stepped by" lines together), OffsetSeconds what the stamps before it were off by, Cause Clock (TimeZone for the RTC delta), Basis ClockWitness.

UncertainTime: the reader had to guess a file's year (its modification time) or zone (the zone of the machine running the command) because nothing in the logs dated it, and clocks in the logs disagree with that guess by whole years, a whole zone step, or a daylight-saving change: the lines are listed with the disagreement in OffsetSeconds, but no fault of the host is claimed (Cause Unknown). Give -ReferenceDate or -TimeZone to read them right. No DisplacedTimestamps finding is ever measured against a guessed year or zone.

MissingLines: a file falls silent while its own rate says it should not, and the other files of the host go on. Corruption: NUL runs (an unclean shutdown), binary data, truncated or corrupt gzip. ErrorBurst: a surge of 5xx or error lines against the log's own baseline. ServiceOutage: a service that stopped and came back (systemd lines, OOM kills, an access log silent while CloudFront still answers errors). HostShutdown: a shutdown or reboot of the host, one finding from the first unit stopping to the kernel's boot banner (Cause Stopped), or from the last line before a boot that no shutdown preceded (Cause UncleanShutdown); the units it stopped, and the units of login sessions at every logout, are never outages. ServiceRestart: a service stopped on purpose and started again (by a package update, an admin's sudo command) while no request failed. ChronicErrors: one error recurring all along an error log (a missing file hit all day), once, with RatePerHour and Signature; error bursts are measured above its rate. A displaced run that crosses a rotation (messages-20220720.gz to messages) is one finding: Path and FirstLine where it begins, EndPath and EndLine where it ends.

Tampering is Unlikely, Possible or Likely, with the reasons in Evidence: do process ids keep rising with their neighbours inside a displaced run, do periodic jobs keep their cadence, does the message mix stay the same, are lines copied from another period, do the boundaries coincide with an event such as a yum run or an rsyslog restart. Who was at the host is cited too: logins (sshd's Accepted lines, wtmp sessions, audit USER_LOGIN) and privilege use (sudo COMMAND lines, su sessions, audit USER_CMD) within 10 minutes of the run's start and end, or their absence, or that the bundle holds no such record at all. A login at an edge from a source that guessed passwords before it (what Find-LoginActivity calls SuccessAfterFailures) is a reason against a plain clock fault and makes the verdict at least Possible. So are zeroed or unreadable slots between two records of wtmp or btmp (files that only grow) stamped around or inside the run: records wiped there are a log wiper's sign; such slots elsewhere are cited. A quiet night, a log rotation, the change of year, daylight-saving steps, normal traffic peaks and a second or two of buffering jitter are not anomalies.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Path          = 'Files or directories to analyse together (a directory reads every recognised log under it). Wildcards are allowed.'
        LiteralPath   = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        InputObject   = 'Entries from Get-LogEntry, each file''s entries in file order.'
        Kind          = 'Only these kinds: DisplacedTimestamps, MissingLines, Corruption, ErrorBurst, ServiceOutage, HostShutdown, ServiceRestart, ChronicErrors, UncertainTime, ClockStep. Displacements are still worked out, so the other kinds are placed in true time.'
        TimeZone      = 'Zone for stamps that carry none, when the bundle does not tell (see Get-LogEntry).'
        ReferenceDate = 'A moment the logs are known to reach, for the year of yearless stamps (see Get-LogEntry).'
        Encoding      = 'Text encoding of the logs when not UTF-8.'
    }
    Examples    = @(
        @{
            Title   = 'Everything odd in the sample bundle'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogAnomaly $sample | Format-Table'
            Remarks = 'One row per finding: the displaced clock in messages, cron and secure, the hole in secure, the NUL run, the 5xx burst and the httpd outage.'
        }
        @{
            Title   = 'The evidence behind the tamper verdict'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogAnomaly $sample -Kind DisplacedTimestamps | Select-Object -First 1 Path, FirstLine, LastLine, OffsetSeconds, Cause, Tampering -ExpandProperty Evidence'
            Remarks = 'Evidence lists statements an admin can check by hand: the clocks the offset was measured from, the process ids, the cron cadence, the boundaries.'
        }
        @{
            Title   = 'Pipe entries, and then the update runs near the incident'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogAnomaly $sample -Kind DisplacedTimestamps | Test-YumUpdateWindow -Path $sample'
            Remarks = 'Start and End of each anomaly (best estimate of true time) bind to Test-YumUpdateWindow by property name.'
        }
    )
    Links       = @('Test-YumUpdateWindow', 'Get-LogEntry', 'about_OpsLogTools')
}

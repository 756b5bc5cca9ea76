@{
    Synopsis    = 'Finds logins and attacks on sshd and other PAM services (secure/auth.log, the journal, btmp/wtmp, audit.log), above all a successful login after guessing or from a new source during the incident.'
    Description = @'
Find-LoginActivity reads sshd's and PAM's lines from secure, auth.log or messages and from the journal, the binary login records (btmp: failed logins; wtmp: sessions) and auditd's USER_AUTH and USER_LOGIN records, and writes one LoginActivity per source address (or host name, when a log wrote one) that matters:

- SuccessAfterFailures: the source guessed (five or more failures, an unknown user name, three or more failures, or it belongs to a distributed campaign) and then logged in. This is the top finding: a guessed password or key worked, and the session is worth reading. FirstSuccess is the first login after the first failure.
- NewSourceLogin: with -IncidentStart (and -IncidentEnd), a login within the window (and an hour around it) from a source that never logged in before it, while the logs reach back before the window.
- InvalidUsers: three or more user names that do not exist on the host (user enumeration), none successful.
- BruteForce: five or more failed logins from one source, none successful.
- DistributedGuessing: one of ten or more sources that each failed a few times (below the brute-force mark) within a day.
- Scan: five or more connections that never tried to log in (banner grabs, key-exchange failures, timeouts).
With -IncludeOrdinary, also Login (logins from a known source; a failure or two before them are typing mistakes) and FailedLogin (a few failures).

One password try writes up to three lines (pam_unix's failure, sshd's "Failed password", a close line); the tries are counted per sshd connection from those lines together, and the "PAM N more authentication failures" summary is read. The same try seen by secure, the journal, btmp and audit.log counts once: each kind of log is counted alone and the largest count is kept, so a log that lost lines (a wiped secure) does not hide the tries another kept. Witnesses names the logs that saw the source; Evidence quotes up to twelve lines as path:line: message.

Attempts is Failures plus Successes; Probes are connections without a login attempt. The findings come most serious first (the kinds in the order above), those during the incident first within a kind. ConvertTo-BlockRule takes them: it writes rules for the sources of attacks, and refuses private, loopback, link-local and other special-purpose ranges, CDN edges, host names and (without -Force) ordinary logins.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Path            = 'Logs to read: files, wildcards or directories (a directory reads every recognised log under it). secure, auth.log, messages, journal files and exports, btmp, wtmp and audit.log are used; other logs are read and passed over.'
        LiteralPath     = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        InputObject     = 'Entries from Get-LogEntry: syslog and journal lines, btmp/wtmp records, audit.log records. Others are passed over.'
        TimeZone        = 'Zone for stamps that carry none, when the bundle does not tell (see Get-LogEntry).'
        ReferenceDate   = 'A moment the logs are known to reach, for yearless stamps (see Get-LogEntry).'
        Encoding        = 'Text encoding of the logs when not UTF-8.'
        Anomaly         = 'Findings from Get-LogAnomaly, piped (with -Path or -LiteralPath naming the logs): unless -IncidentStart or -IncidentEnd is given, the incident window runs from the earliest Start of the piped findings to the latest End (their true times). Pipe only the findings that make the incident, e.g. Get-LogAnomaly ./b -Kind DisplacedTimestamps.'
        IncidentStart   = 'Start of the incident window, for example the Start of a displaced run from Get-LogAnomaly. A login within the window (and an hour around it) from a source that never logged in before it is a NewSourceLogin, and DuringIncident marks the findings with activity in it.'
        IncidentEnd     = 'End of the incident window (default: the end of the logs). Must be later than -IncidentStart (EmptyIncidentWindow).'
        Since           = 'Only findings with activity at or after this moment. The logs before it are still read: they are the history that tells a new source from a known one.'
        Until           = 'Only findings with activity before this moment.'
        IncludeOrdinary = 'Also list ordinary logins (Login) and a few failed logins (FailedLogin). IsAttack is false for those two kinds.'
    }
    Examples    = @(
        @{
            Title   = 'Attacks on sshd in the sample'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-LoginActivity $sample'
            Remarks = 'One row per source that guessed, enumerated users or scanned; a SuccessAfterFailures row, when there is one, comes first.'
        }
        @{
            Title   = 'Every login, with the incident window of the sample''s displaced run'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
$run = Get-LogAnomaly $sample -Kind DisplacedTimestamps | Select-Object -First 1
Find-LoginActivity $sample -IncidentStart $run.Start -IncidentEnd $run.End -IncludeOrdinary | Where-Object Successes -gt 0 | Format-List Source, Kind, SuccessfulUsers, FirstSuccess, DuringIncident, Detail'
            Remarks = 'The admin''s own logins are Login; a login from a new source near the displaced run would be NewSourceLogin.'
        }
        @{
            Title   = 'The incident window from Get-LogAnomaly, piped'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogAnomaly $sample -Kind DisplacedTimestamps | Find-LoginActivity -Path $sample -IncludeOrdinary | Format-Table Source, Kind, Successes, DuringIncident'
            Remarks = 'The displaced runs set the window: DuringIncident marks the sources active in it, and a first login from a source never seen before it would be NewSourceLogin.'
        }
        @{
            Title   = 'Block rules for the attackers'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-LoginActivity $sample | Where-Object IsAttack | ConvertTo-BlockRule -Format Nftables'
            Remarks = 'ConvertTo-BlockRule refuses private and special-purpose ranges with an error per address and writes rules for the rest.'
        }
        @{
            Title   = 'The evidence lines of one source'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-LoginActivity $sample | Select-Object -First 1 -ExpandProperty Evidence'
            Remarks = 'Each line is path:line: message, for checking by hand.'
        }
    )
    Links       = @('Get-LogEntry', 'Get-LogAnomaly', 'ConvertTo-BlockRule', 'about_OpsLogTools')
}

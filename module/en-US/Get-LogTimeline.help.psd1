@{
    Synopsis    = 'Merges a host''s logs into one stream in true-time order, re-timing displaced stretches; with -Summary, the story of the night.'
    Description = @'
Get-LogTimeline reads any number of logs (files, directories, or entries from Get-LogEntry) and writes one TimelineEvent per line, all files merged in true-time order: Time (corrected), StampedTime (as written), OffsetSeconds (what was taken off the stamp), Path, LineNumber, Category (Web, WebServer, Cdn, Auth, Cron, Package, Kernel, System, Other), Program, Message, Format and HostName. In the default view a star after the time marks a re-timed line.

It works in two passes. The first reads every file once and keeps, per file, a short record of every step back in its stamps; only when some file steps back far enough to start a displaced stretch does the anomaly engine (the one behind Get-LogAnomaly) measure it, from the lines near each step and the lines of every file stamped within two hours of the true time the stretch covers (a few bytes a line, never the lines). A syslog file in order has no step, yet may be off by one constant from its first line to its last (rsyslog writing UTC on a JST host): the engine also takes, of each such file, its first and last lines, the lines that print their own clock and the lines whose process id the error log shows too, and re-times the whole file when those show an offset. The second streams: a k-way merge over per-file readers, each file opened only when its time comes (a file of 64 KB or less is then read to its end and closed), so memory is bounded by the number of files, not lines. Lines of one file that are a few seconds out of order (buffered writers, Apache stamping a request when it began) are put in place within a 5-second window; lines further out of order come out where they are. The window keeps at most 20,000 lines of one file and 100,000 of all files together: a file writing more than that within 5 seconds (stamps that do not advance, a flood of one message) gives its lines out in file order without waiting, with a warning that says how many, if any, came out of time order.

-Around with -Window, -Since and -Until cut the stream by true time (-Since inclusive, -Until exclusive, as in Get-LogEntry and Export-OpsReport; -After and -Before are the old names, kept as aliases). -Summary condenses it into StoryEvent objects, the events an admin writes in an incident note: FirstServerError (the first 5xx of the access log, or the first after a quiet hour), WorkerLimitReached (AH00161), OomKill, ServiceDown and ServiceUp (systemd), Login (sshd Accepted; from an address that failed to log in before, the summary says how many failed tries since when: a login after password guessing), PrivilegedCommand (sudo), UpdateRun (yum and dnf transactions), LoggerRestart, HostRebooted and HostShutDown (one event per reboot or shutdown, however many units it stopped), and ClockWrong and ClockRight (where displaced stamps began and where they came right), each with its time, source line and evidence.

Entries from the pipeline are held in memory (the merge reads them twice); give paths to stream. A path that cannot be found is a non-terminating error; the other paths go on.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Path          = 'Files or directories to merge (a directory reads every recognised log under it). Wildcards are allowed.'
        LiteralPath   = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        InputObject   = 'Entries from Get-LogEntry, each file''s entries in file order. They are held in memory.'
        Around        = 'A moment (true time) to look around; the stream is cut to -Window either side of it.'
        Window        = 'How far either side of -Around to keep. Takes 30s, 10m, 1h or a TimeSpan. Default 10 minutes.'
        Since         = 'Keep lines whose true time is at or after this. Alias: -After (the old name).'
        Until         = 'Keep lines whose true time is before this. Alias: -Before (the old name).'
        Summary       = 'Writes the story of the night (StoryEvent objects) instead of every line.'
        TimeZone      = 'Zone for stamps that carry none, when the bundle does not tell (see Get-LogEntry).'
        ReferenceDate = 'A moment the logs are known to reach, for the year of yearless stamps (see Get-LogEntry).'
        Encoding      = 'Text encoding of the logs when not UTF-8.'
    }
    Examples    = @(
        @{
            Title   = 'The story of the night in the sample'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogTimeline $sample -Summary'
            Remarks = 'The first 500, the worker limit, the OOM kills, httpd going down, the clock going wrong, the nightly yum run that set it right, the admin''s login and the restart, in true time.'
        }
        @{
            Title   = 'Every line of the host around the moment httpd died'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogTimeline $sample -Around ''2022-07-19T21:30:00+09:00'' -Window 1m | Where-Object Category -ne Cdn'
            Remarks = 'The kernel''s OOM kill and systemd''s failure lines (stamped 2 April, re-timed: a star after the time) sit between the last requests of the access log.'
        }
        @{
            Title   = 'Merge entries from the pipeline'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Get-LogEntry (Join-Path $sample secure), (Join-Path $sample httpd/access_log) | Get-LogTimeline | Select-Object -Last 5'
            Remarks = 'Entries from Get-LogEntry are merged the same way (held in memory).'
        }
    )
    Links       = @('Compare-LogTimeline', 'Get-LogAnomaly', 'Get-LogEntry', 'about_OpsLogTools')
}

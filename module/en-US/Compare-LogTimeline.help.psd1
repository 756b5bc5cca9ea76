@{
    Synopsis    = 'Lines logs up against logs trusted to be in true time and shows the stretches whose stamps are off, with the offset and what it was measured from.'
    Description = @'
Compare-LogTimeline works like Compare-Object for clocks. The reference is a log trusted to be in true time (the Apache access log with its %z stamps, CloudFront logs in UTC); the difference logs are checked against it. It writes one TimelineSegment per stretch of each difference file: Path, FirstLine, LastLine, StampedStart and StampedEnd (as written), Start and End (true time), OffsetSeconds (the difference file's stamps minus the reference clock), Basis (what the offset was measured from: shared events, embedded clocks, cadence, boundaries), Cause, Confidence and Evidence.

The displaced stretches are found by the same engine as Get-LogAnomaly, run over reference and difference files together, so the offset of a run is measured from every clock in the bundle. The stretches between displaced runs follow the reference (offset 0). Steps shorter than 30 seconds are taken for buffering jitter, not a clock. A whole file off by one constant (no step at all) is one displaced segment from its first line to its last when clocks printed in its messages or events shared with a file in true time show the offset; Get-LogTimeline re-times it. Without such evidence a file in order is taken to follow the reference.

By default only segments whose offset is more than -Tolerance (2 seconds) are written. -IncludeEqual writes every segment, so each difference file is covered end to end by line number, with no gaps and no overlaps.

With no -Reference, the files that carry full dates and zones are the reference and the others are compared with them. A reference file that shows a displacement itself is not a trusted clock: a warning names the lines. A path that cannot be found is a non-terminating error; the other paths go on.
'@
    Parameters  = @{
        Session       = 'Run on these hosts instead of here: open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH. Each host reads its own paths (-Path names files on the hosts) and the hosts run in parallel; each object that comes back carries PSComputerName, and HostName where its type has none. A host that cannot be reached, has no pwsh or refuses the key is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed) while the other hosts'' results still come; the hosts'' own errors keep their ids and name the host. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Run on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host for the run and closed after it. Needs sshd with the powershell subsystem on each host (see the README). PSComputerName is the host, with the port when it is not 22.'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it (an installed OpsLogTools of the same version whose files hash the same counts). Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
        Difference    = 'Logs to check: files or directories (a directory reads every recognised log under it). Wildcards are allowed. Files that are also in -Reference are the reference.'
        Reference     = 'Logs trusted to be in true time, such as the access log or CloudFront logs. Without it, the files whose stamps carry full dates and zones are the reference.'
        Tolerance     = 'Segments whose offset is at most this are equal to the reference and are left out unless -IncludeEqual is given. Takes 2s, 5m, 1h or a TimeSpan. Default 2 seconds.'
        IncludeEqual  = 'Writes every segment, the ones equal to the reference too, so each difference file is covered end to end.'
        TimeZone      = 'Zone for stamps that carry none, when the bundle does not tell (see Get-LogEntry).'
        ReferenceDate = 'A moment the logs are known to reach, for the year of yearless stamps (see Get-LogEntry).'
        Encoding      = 'Text encoding of the logs when not UTF-8.'
    }
    Examples    = @(
        @{
            Title   = 'Which stretches of the sample are off the access log''s clock'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Compare-LogTimeline -Reference (Join-Path $sample httpd) -Difference $sample'
            Remarks = 'One segment per displaced stretch of messages, cron and secure: the lines stamped on 2 April that were written on the night of 19 July, with the offset in seconds.'
        }
        @{
            Title   = 'Every stretch of messages, end to end'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Compare-LogTimeline -Difference (Join-Path $sample messages), (Join-Path $sample httpd) -IncludeEqual | Format-Table'
            Remarks = 'No -Reference: the access and error logs carry full dates and zones and become the reference. messages is covered from its first line to its last: in true time, displaced, in true time again.'
        }
        @{
            Title   = 'The evidence behind an offset'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Compare-LogTimeline $sample | Select-Object -First 1 -ExpandProperty Evidence'
            Remarks = 'Evidence names the clocks the offset was measured from and the lines an admin can open to check it.'
        }
    )
    Links       = @('Get-LogTimeline', 'Get-LogAnomaly', 'about_OpsLogTools')
}

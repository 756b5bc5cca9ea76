@{
    Synopsis    = 'Writes the night''s story as one self-contained HTML page (or Markdown): outages, anomalies with tamper verdicts, update runs near them, bots with block rules, and charts of requests per minute.'
    Description = @'
Export-OpsReport reads a bundle of logs once and writes the report an admin reads over coffee. One pass over the entries feeds every engine at once: the anomaly scan (Get-LogAnomaly), bot detection (Find-BotRequest), update-run detection (Test-YumUpdateWindow) and the per-minute request counters behind the charts.

The HTML page (the default) is one file with everything inline: CSS, SVG charts, no script and nothing fetched from the network, so it can be mailed, archived or opened on an air-gapped machine. At the top, a summary: outage windows, anomalies with their tamper verdicts, update runs near them, and the top bots with a suggested block rule (never for a CloudFront edge, private space or a benign crawler: the refusal is shown instead). Then a timeline of requests per minute split by status class (2xx/3xx/4xx/5xx), one chart for CloudFront and one for the origin's access log, with shaded bands for outages, displaced-clock runs (at their true time) and update runs; a chart of bot requests over time; and tables of each finding with its evidence and the file and line of each claim. The bots table leaves out known crawlers with one or two requests, as Find-BotRequest does, and one sentence says how many (pipe Find-BotRequest -IncludeBenign into the report to list them). Times are shown in the host's zone (-TimeZone, else the offset the host's own stamps carry).

-Format Markdown (or an -OutFile ending in .md) writes the same findings as tables without charts, for mail or chat.

-Since and -Until limit what is reported, not what is read: a displaced run is stamped months away from the night it belongs to, and a cron start may lie just before the period, so anomalies and update runs are found over everything and kept when they overlap the period; requests (charts, bots) are counted inside it.

Objects of the other cmdlets can be piped in, so a script can filter first: LogEntry objects are analysed like the files; LogAnomaly, BotActivity and UpdateWindowResult objects are reported as given, together with what -Path reads when it is given too.

A fleet: objects that carry the host they came from (PSComputerName, as Get-LogAnomaly, Find-BotRequest and Test-YumUpdateWindow with -Session or -HostName return them, live or after Export-Clixml/Import-Clixml) make one report with the fleet view first and then a section per host. The fleet view sets the hosts side by side: a clock fault (displaced timestamps) whose window overlaps on two hosts or more is named as the fleet's time source, one seen on a single host as that host's problem; a bot client that reached several hosts is listed once with each host; every host's update runs stand in time order with the hosts that ran alongside. With -Session or -HostName the cmdlet runs those three cmdlets on the hosts itself (-Path names the hosts' paths) and writes the fleet report here. Files, entries and untagged findings given too form one more section, for this computer.

Everything from a log is untrusted: every log-derived string is escaped (HTML, Markdown table syntax), control characters and terminal escapes are made visible, spreadsheet formula prefixes (= + - @) get an apostrophe, and no link is ever made from log text. The page also declares a Content-Security-Policy that forbids scripts and fetches.

Findings are not failures: the cmdlet writes the report's file as Get-Item gives it (a FileInfo with its PSPath, type name OpsLogTools.ReportFile first) with the counts of what it holds as note properties (ReportFormat, Entries, Anomalies, Outages, Bots, UpdateRuns, Warnings), shown by the default view, and reports only what stopped it (an unwritable -OutFile, unreadable files) as errors, so a nightly script can exit non-zero exactly when the report could not be made (see Examples/Nightly-Report.ps1 in the module folder). Reading shows a progress bar, completed at the end.
'@
    Parameters  = @{
        Path          = 'Files or directories of logs to read (a directory reads every recognised log under it, and its crontabs). Wildcards are allowed.'
        LiteralPath   = 'Files or directories, taken exactly as written. Binds from Get-ChildItem output.'
        InputObject   = 'Objects from the other cmdlets: LogEntry (from Get-LogEntry, each file''s entries in file order) is analysed; LogAnomaly, BotActivity and UpdateWindowResult are reported as given.'
        OutFile       = 'The report file to write (overwritten when it exists). Supports -WhatIf and -Confirm.'
        Format        = 'Html (one self-contained page with charts) or Markdown (tables only). Default: Markdown when -OutFile ends in .md or .markdown, else Html.'
        Since         = 'Report from this moment on, e.g. (Get-Date).AddDays(-1) for the last day. Anomalies and update runs that overlap it are kept.'
        Until         = 'Report up to this moment (exclusive).'
        Title         = 'The heading of the report (default: Operations report for <host>).'
        TimeZone      = 'The host''s zone: times in the report are shown in it, and stamps that carry no zone are read in it when the bundle does not tell.'
        ReferenceDate = 'A moment the logs are known to reach, for the year of yearless stamps (see Get-LogEntry).'
        Encoding      = 'Text encoding of the logs when not UTF-8.'
        Session       = 'Report on these hosts: Get-LogAnomaly, Find-BotRequest and Test-YumUpdateWindow run on each (open PowerShell sessions, such as New-PSSession -HostName web1 -UserName admin -KeyFilePath ~/.ssh/id_ed25519 makes over SSH), reading the hosts'' own -Path, and the fleet report (fleet view first, a section per host) is written here. A host that cannot be reached is a non-terminating error for that host (FleetHostUnreachable, FleetPwshMissing, FleetPermissionDenied, FleetSessionNotOpen, FleetHostFailed); the report covers the others. Hosts without this build of the module get it copied into the user''s cache there (see -NoModuleCopy).'
        HostName      = 'Report on these hosts over SSH, as [user@]host[:port] ([v6]:port for an IPv6 address with a port): a session is opened per host and cmdlet and closed after it (give -Session to open each host once). Needs sshd with the powershell subsystem on each host (see the README).'
        UserName      = 'The SSH user for -HostName entries that name none (default: the current user).'
        KeyFilePath   = 'The SSH private key for -HostName. Without it ssh chooses as it always does (ssh-agent, ~/.ssh/id_*); a key with a passphrase belongs in ssh-agent, as nothing can prompt for it.'
        Options       = 'SSH options for -HostName, as New-PSSession -Options takes them, each passed as ssh -o name=value: @{ UserKnownHostsFile = ''~/fleet_known_hosts''; StrictHostKeyChecking = ''yes'' }.'
        ThrottleLimit = 'How many hosts run at once (default 32, as Invoke-Command).'
        NoModuleCopy  = 'Do not copy the module to hosts that lack this build of it. Such a host is a FleetModuleMissing error instead. Without it the module folder (less the sample) is copied for the run into $XDG_CACHE_HOME or ~/.cache/opslogtools/modules/<hash> on the host, once per build; nothing is installed system-wide.'
    }
    Examples    = @(
        @{
            Title   = 'The report for the sample incident'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Export-OpsReport -Path $sample -OutFile (Join-Path ([IO.Path]::GetTempPath()) ''sample-report.html'') -Title ''Sample incident'''
            Remarks = 'Writes one HTML file and returns it as a FileInfo; open it in any browser. The summary shows the httpd outage, the displaced clock in messages, cron and secure, the 03:00 yum run that ended it, and the WordPress prober with an Apache rule for its real address.'
        }
        @{
            Title   = 'Markdown for a chat message, one night only'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Export-OpsReport -Path $sample -OutFile (Join-Path ([IO.Path]::GetTempPath()) ''night.md'') -Since ''2022-07-19T18:00:00+09:00'' -Until ''2022-07-20T10:00:00+09:00'''
            Remarks = 'The same findings as tables, limited to the night of the incident.'
        }
        @{
            Title   = 'Filter first, then report'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
Find-BotRequest $sample -ExcludeBenign 3>$null | Export-OpsReport -OutFile (Join-Path ([IO.Path]::GetTempPath()) ''bots.html'') -Title ''Bots only'''
            Remarks = 'Piped findings are reported as given; without -Path nothing else is read, so the page holds the bots and their suggested rules only.'
        }
        @{
            Title   = 'One report for a fleet'
            Code    = '$sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
$found = Get-LogAnomaly $sample -Kind DisplacedTimestamps 3>$null
$fleet = foreach ($h in ''web1'', ''web2'') {
    [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($found, 2)) |
        Add-Member -NotePropertyName PSComputerName -NotePropertyValue $h -PassThru
}
$fleet | Export-OpsReport -OutFile (Join-Path ([IO.Path]::GetTempPath()) ''fleet.html'')'
            Remarks = 'The sample''s findings stand in for two hosts here, tagged as remoting tags them; on a real fleet, Get-LogAnomaly ~/bundle -HostName web1, web2 | Export-OpsReport -OutFile fleet.html (or Export-OpsReport -Path ~/bundle -Session $sessions -OutFile fleet.html). The fleet view names the wrong clock of 21:10-03:00 as shared by web1 and web2: the time source, not one host.'
        }
    )
    Links       = @('Get-LogAnomaly', 'Find-BotRequest', 'Test-YumUpdateWindow', 'ConvertTo-BlockRule', 'about_OpsLogTools')
}

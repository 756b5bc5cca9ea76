@{
    Synopsis    = 'Writes the night''s story as one self-contained HTML page (or Markdown): outages, anomalies with tamper verdicts, update runs near them, bots with block rules, and charts of requests per minute.'
    Description = @'
Export-OpsReport reads a bundle of logs once and writes the report an admin reads over coffee. One pass over the entries feeds every engine at once: the anomaly scan (Get-LogAnomaly), bot detection (Find-BotRequest), update-run detection (Test-YumUpdateWindow) and the per-minute request counters behind the charts.

The HTML page (the default) is one file with everything inline: CSS, SVG charts, no script and nothing fetched from the network, so it can be mailed, archived or opened on an air-gapped machine. At the top, a summary: outage windows, anomalies with their tamper verdicts, update runs near them, and the top bots with a suggested block rule (never for a CloudFront edge, private space or a benign crawler: the refusal is shown instead). Then a timeline of requests per minute split by status class (2xx/3xx/4xx/5xx), one chart for CloudFront and one for the origin's access log, with shaded bands for outages, displaced-clock runs (at their true time) and update runs; a chart of bot requests over time; and tables of each finding with its evidence and the file and line of each claim. The bots table leaves out known crawlers with one or two requests, as Find-BotRequest does, and one sentence says how many (pipe Find-BotRequest -IncludeBenign into the report to list them). Times are shown in the host's zone (-TimeZone, else the offset the host's own stamps carry).

-Format Markdown (or an -OutFile ending in .md) writes the same findings as tables without charts, for mail or chat.

-Since and -Until limit what is reported, not what is read: a displaced run is stamped months away from the night it belongs to, and a cron start may lie just before the period, so anomalies and update runs are found over everything and kept when they overlap the period; requests (charts, bots) are counted inside it.

Objects of the other cmdlets can be piped in, so a script can filter first: LogEntry objects are analysed like the files; LogAnomaly, BotActivity and UpdateWindowResult objects are reported as given, together with what -Path reads when it is given too.

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
    )
    Links       = @('Get-LogAnomaly', 'Find-BotRequest', 'Test-YumUpdateWindow', 'ConvertTo-BlockRule', 'about_OpsLogTools')
}

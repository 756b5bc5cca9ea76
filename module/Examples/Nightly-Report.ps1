#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The nightly operations report: reads the host's logs and writes one self-contained HTML page (and optionally
    Markdown) for the last day. Meant for cron or a systemd timer.
.DESCRIPTION
    Runs Export-OpsReport over -LogPath for the period from -Since (default: 24 hours ago) to now, and writes
    <OutDirectory>/ops-report-<yyyy-MM-dd>.html (plus .md with -Markdown). Old reports beyond -KeepDays are removed.

    Exit codes suit a scheduler: 0 when the report was written, whatever it found (findings are not failures);
    1 when it could not run (bad arguments, module missing, output directory not writable); 2 when the report was
    written but saw nothing: no file could be read or no line was recognised (a mistyped -LogPath, no permission).
    The report itself then says so in red at the top, so that an empty page is never taken for a quiet night. Warnings about odd lines go to the warning stream (the
    cron log) and do not change the exit code; the reason for a failure goes to stderr.

    Schedule it with cron (/etc/cron.d/opslogtools; runs as root to read /var/log):

        # m  h  dom mon dow user command
        15   6  *   *   *   root /usr/bin/pwsh -NoProfile -NonInteractive -File /opt/opslogtools/Examples/Nightly-Report.ps1 -LogPath /var/log -OutDirectory /var/www/ops-reports >>/var/log/ops-report.log 2>&1

    or with a systemd timer:

        # /etc/systemd/system/ops-report.service
        [Unit]
        Description=OpsLogTools nightly report
        [Service]
        Type=oneshot
        ExecStart=/usr/bin/pwsh -NoProfile -NonInteractive -File /opt/opslogtools/Examples/Nightly-Report.ps1 -LogPath /var/log -OutDirectory /var/lib/ops-reports

        # /etc/systemd/system/ops-report.timer
        [Unit]
        Description=Run the OpsLogTools nightly report every morning
        [Timer]
        OnCalendar=*-*-* 06:15:00
        Persistent=true
        [Install]
        WantedBy=timers.target

        # then: systemctl daemon-reload && systemctl enable --now ops-report.timer
        #       systemctl list-timers ops-report.timer ; journalctl -u ops-report.service

    Non-interactive runs show no progress bar ($ProgressPreference is set to SilentlyContinue when there is no console user).
.PARAMETER LogPath
    Log files or directories to read (default /var/log). A directory is read recursively, with its crontabs.
.PARAMETER OutDirectory
    Where the reports go (created when missing).
.PARAMETER Since
    Start of the period (default: 24 hours ago). Anomalies and update runs that overlap it are reported whole.
.PARAMETER Title
    Heading of the report (default: "Nightly report for <host>").
.PARAMETER Markdown
    Also write the Markdown version (for mail or chat).
.PARAMETER KeepDays
    Remove reports older than this many days from -OutDirectory (default 30; 0 keeps everything).
.PARAMETER ModulePath
    Where OpsLogTools is, when it is not on PSModulePath (e.g. /opt/opslogtools).
.EXAMPLE
    pwsh -File ./Nightly-Report.ps1 -LogPath /var/log -OutDirectory /var/lib/ops-reports
.EXAMPLE
    pwsh -File ./Nightly-Report.ps1 -LogPath (Join-Path (Get-Module OpsLogTools).ModuleBase Sample) -OutDirectory /tmp/reports -Since 2022-07-19T18:00+09:00 -Markdown
#>
[CmdletBinding()]
param(
    [string[]] $LogPath = @('/var/log'),
    [Parameter(Mandatory)][string] $OutDirectory,
    [DateTimeOffset] $Since = (Get-Date).AddDays(-1),
    [string] $Title,
    [switch] $Markdown,
    [ValidateRange(0, 3650)][int] $KeepDays = 30,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
if (-not [Environment]::UserInteractive -or [Console]::IsOutputRedirected) { $ProgressPreference = 'SilentlyContinue' }

try {
    if ($ModulePath) { Import-Module (Join-Path (Resolve-Path -LiteralPath $ModulePath).ProviderPath 'OpsLogTools.psd1') } else { Import-Module OpsLogTools }
    $null = New-Item -ItemType Directory -Force -Path $OutDirectory

    $stamp = (Get-Date).ToString('yyyy-MM-dd')
    # No -Until: the period ends at the last line read (now, on a live host).
    $common = @{ Path = $LogPath; Since = $Since }
    if ($Title) { $common.Title = $Title } else { $common.Title = "Nightly report for $([Environment]::MachineName)" }

    # Findings are not failures; odd lines are warnings (stderr). Only a report that could not be written stops us.
    $written = @(Export-OpsReport @common -OutFile (Join-Path $OutDirectory "ops-report-$stamp.html") -ErrorAction Continue -ErrorVariable readErrors)
    if ($Markdown) {
        $written += Export-OpsReport @common -OutFile (Join-Path $OutDirectory "ops-report-$stamp.md") -ErrorAction Continue -WarningAction SilentlyContinue
    }
    if ($written.Count -eq 0) { throw 'No report was written.' }
    # Export-OpsReport says NothingRead when the paths gave no entry at all: a report of nothing is a failure here.
    $blind = @($readErrors | Where-Object { $_.FullyQualifiedErrorId -like 'NothingRead,*' })
    if ($blind.Count -gt 0) {
        $written | ForEach-Object { Write-Output "Report written: $($_.FullName)" }
        [Console]::Error.WriteLine("Nightly-Report: no log entry could be read from $($LogPath -join ', '): the report says nothing about the host.")
        exit 2
    }
    if ($readErrors.Count -gt 0) { Write-Warning "$($readErrors.Count) file(s) could not be read completely; the report covers the rest." }

    if ($KeepDays -gt 0) {
        $cutoff = (Get-Date).AddDays(-$KeepDays)
        Get-ChildItem -Path $OutDirectory -Filter 'ops-report-*' -File |
            Where-Object { $_.LastWriteTime -lt $cutoff -and $_.Extension -in '.html', '.md' } |
            Remove-Item -ErrorAction Continue
    }
    $written | ForEach-Object { Write-Output "Report written: $($_.FullName)" }
    exit 0
}
catch {
    [Console]::Error.WriteLine("Nightly-Report: could not write the report: $($_.Exception.Message)")
    exit 1
}

<#
.SYNOPSIS
    The main job on a bundle: what happened on the bad night, with evidence. (build.ps1 -Task Demo runs it on the sample.)
.EXAMPLE
    ./Invoke-IncidentDemo.ps1 -Path (Join-Path (Get-Module OpsLogTools).ModuleBase Sample)
#>
param([Parameter(Mandatory)][string] $Path)
$ErrorActionPreference = 'Continue'
Import-Module OpsLogTools -ErrorAction SilentlyContinue

function Write-Section([string] $Title) { Write-Host ''; Write-Host "=== $Title ===" }

Write-Section "Logs in $Path"
$entries = Get-LogEntry -Path $Path -WarningAction SilentlyContinue
$entries | Group-Object { $_.Path.Substring($Path.Length).TrimStart('/') -replace '-\d{8}(\.gz)?$|\.\d{4}-\d{2}-\d{2}-\d{2}\..*$', '*' } |
    Sort-Object Name | Select-Object @{ n = 'Files'; e = { $_.Name } }, Count | Format-Table -AutoSize | Out-Host

Write-Section 'Requests answered 5xx by the origin, per 10 minutes around the incident'
$entries | Where-Object { $_ -is [OpsLogTools.Core.Model.AccessLogEntry] -and $_.Format -ne 'CloudFront' -and $_.Status -ge 500 } |
    Group-Object { $_.Timestamp.ToString('yyyy-MM-dd HH:m') + '0' } | Select-Object Name, Count -First 12 | Format-Table -AutoSize | Out-Host

foreach ($cmd in 'Get-LogAnomaly', 'Test-YumUpdateWindow') {
    if (-not (Get-Command $cmd -ErrorAction Ignore)) { continue }
    Write-Section $cmd
    switch ($cmd) {
        'Get-LogAnomaly' { Get-LogAnomaly -Path $Path | Format-Table -AutoSize | Out-Host }
        'Test-YumUpdateWindow' { Get-LogAnomaly -Path $Path -Kind DisplacedTimestamps | Test-YumUpdateWindow -Path $Path | Format-List UpdateStart, Relation, Gap, Verdict | Out-Host }
    }
}

Write-Section 'Bots, by the real client address from CloudFront''s logs'
$bots = Find-BotRequest -Path $Path -WarningAction SilentlyContinue
$bots | Format-Table -AutoSize | Out-Host
$bots | Where-Object Intent -eq Malicious | Select-Object ClientIp, Kind -ExpandProperty Evidence | Out-Host

Write-Section 'Block rules for the malicious ones (edge addresses are refused)'
$bots | Where-Object Intent -eq Malicious | ConvertTo-BlockRule -Format Apache | Format-Table -AutoSize | Out-Host

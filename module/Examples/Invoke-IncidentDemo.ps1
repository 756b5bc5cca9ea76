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
    Group-Object { $t = $_.Timestamp; $t.AddMinutes(-($t.Minute % 10)).ToString('yyyy-MM-dd HH:mm') } |
    Select-Object @{ n = 'From'; e = { $_.Name } }, Count -First 12 | Format-Table -AutoSize | Out-Host

Write-Section 'The story of the night (Get-LogTimeline -Summary)'
$story = Get-LogTimeline -Path $Path -Summary -WarningAction SilentlyContinue
# The night itself: from twelve hours before the first server error on.
$first = $story | Where-Object Event -eq FirstServerError | Select-Object -First 1
$night = if ($first) { $story | Where-Object Time -ge $first.Time.AddHours(-12) } else { $story }
$night | Format-Table -AutoSize | Out-String -Width 220 | Out-Host

Write-Section 'Anomalies: tampering, or a clock? (Get-LogAnomaly)'
$anomalies = Get-LogAnomaly -Path $Path -WarningAction SilentlyContinue
$anomalies | Format-Table -AutoSize | Out-Host
Write-Host 'Evidence for the first displaced run:'
# Strings picked out by hand bypass the views: show them through the module's sanitiser (log text is untrusted).
$anomalies | Where-Object Kind -eq DisplacedTimestamps | Select-Object -First 1 -ExpandProperty Evidence |
    ForEach-Object { [OpsLogTools.Core.Text.ConsoleText]::Visible($_) } | Out-Host

Write-Section 'Stretches off the trusted clock (Compare-LogTimeline)'
Compare-LogTimeline -Difference $Path -WarningAction SilentlyContinue | Format-Table -AutoSize | Out-Host

Write-Section 'Was yum to blame? (Test-YumUpdateWindow)'
$anomalies | Where-Object Kind -eq DisplacedTimestamps | Select-Object -First 1 |
    Test-YumUpdateWindow -Path $Path -Within 1:00:00 -WarningAction SilentlyContinue | Format-List UpdateStart, Relation, Gap, @{ n = 'Verdict'; e = { [OpsLogTools.Core.Text.ConsoleText]::Visible($_.Verdict) } } | Out-Host

Write-Section 'Bots, by the real client address from CloudFront''s logs'
$bots = Find-BotRequest -Path $Path -WarningAction SilentlyContinue
$bots | Format-Table -AutoSize | Out-Host
# Each line of evidence names the client it belongs to.
$bots | Where-Object Intent -eq Malicious | ForEach-Object { $b = $_; $b.Evidence | ForEach-Object { "$($b.ClientIp): $_" } } |
    ForEach-Object { [OpsLogTools.Core.Text.ConsoleText]::Visible($_) } | Out-Host

Write-Section 'Block rules for the malicious ones (edge addresses are refused)'
$bots | Where-Object Intent -eq Malicious | ConvertTo-BlockRule -Format Apache | Format-Table -AutoSize | Out-Host

Write-Section 'The report an admin reads over coffee (Export-OpsReport)'
$report = Join-Path ([IO.Path]::GetTempPath()) 'opslogtools-demo-report.html'
Export-OpsReport -Path $Path -OutFile $report -WarningAction SilentlyContinue | Out-Host

#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The scale benchmarks of issue 19, called by Invoke-Bench.ps1 (build.ps1 -Task Bench -BenchSection OneTime|Month|FirstCall|AnomalyMonth|BigFile).
.DESCRIPTION
    OneTime: a CloudFront set shaped like the held-out one of the issue (479,000 lines in 61 hourly files, about 470,000
    viewers, nearly one address per request), `zcat | wc -l` against Find-BotRequest's engine alternating over five
    rounds (medians compared), and the engine on one and on two worker threads.
    Month: 30 days of hourly CloudFront files, 60 M lines, about 3.2 M viewers in a public site's mix (most once to three
    times, a Pareto tail of heavy clients; ViewerMix), the same contenders, peak memory, and the planted bots checked
    with exact counts (bots-planted). Generating the month takes a while and about 5 GB under out/bench: made once.
    FirstCall: a 336,000-line origin access log (120,000 viewers over a day); in a fresh pwsh each, the first Find-BotRequest, Get-LogEntry and
    Get-LogAnomaly after Import-Module against a warm call in the same process, for the module as built (ReadyToRun)
    and an IL-only copy (JIT), medians of three fresh processes. Get-LogEntry's objects/s count from its first call,
    net of pwsh start-up and Import-Module. Beside them, Get-LogEntry with nothing bound downstream (`$null =`), and
    PowerShell's own Write-Output writing as many objects into the same Out-Null: the host's pipeline on a first call.
    AnomalyMonth: Get-LogAnomaly's engine (read + detect, as the cmdlet does) on 30 days of a busy host with a displaced
    night (gen-busy-host: the incident generator's host, rsyslog, Apache and CloudFront, plus the bulk streamed as hourly
    CloudFront files and an origin access log) at each of -AnomalyLines (default 5 M and 50 M: 50 M takes about 8 GB
    under out/bench, made once), with packed facts and with plain ones (the engine before), peak memory side by side:
    it should grow little from the smaller to the larger. Not in All.
    BigFile: Find-BotRequest's engine on one big origin access log (the FirstCall section's 336,000 lines, 73 MB, and
    4 M lines, 870 MB, made once with gen-origin): on 1 and 2 worker threads with the file cut into 1 MiB chunks (the default), and on
    2 workers read whole (one worker parses it, as before chunks), medians of three; wall and CPU seconds, and the CPU
    of the calling thread that feeds the detector (the part no worker can take). Not in All.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $BenchDll,
    [Parameter(Mandatory)][string] $Work,
    [ValidateSet('OneTime', 'Month', 'FirstCall', 'AnomalyMonth', 'BigFile')][string[]] $Section = @('OneTime', 'FirstCall'),
    # AnomalyMonth: the sizes of the busy host's month, in lines.
    [long[]] $AnomalyLines = @(5000000, 50000000)
)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$timeFile = Join-Path $Work 'time-scale.txt'
$inv = [Globalization.CultureInfo]::InvariantCulture

function Measure-Process {
    param([string] $Name, [long] $Lines, [string[]] $Command, [hashtable] $Environment = @{})
    $saved = @{}
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        $out = & /usr/bin/time -f '%e %M %U %S' -o $timeFile @Command 2>&1
        $code = $LASTEXITCODE
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
    }
    if ($code -ne 0) { $out | Out-Host; throw "$Name failed ($code)" }
    $t = (Get-Content $timeFile | Select-Object -Last 1) -split ' '
    $seconds = [double]::Parse($t[0], $inv)
    [pscustomobject]@{
        Name        = $Name
        Lines       = $Lines
        Seconds     = $seconds
        CpuSeconds  = [double]::Parse($t[2], $inv) + [double]::Parse($t[3], $inv)
        LinesPerSec = if ($seconds -gt 0) { [math]::Round($Lines / $seconds) } else { 0 }
        PeakMB      = [math]::Round([double]$t[1] / 1024, 1)
        Output      = @($out | ForEach-Object { "$_" })
    }
}

# The median round; of an even number, the faster of the middle two.
function Get-Median([object[]] $Runs) { @($Runs | Sort-Object Seconds)[[math]::Floor(($Runs.Count - 1) / 2)] }

function Compare-WithZcat {
    param([string] $Label, [string] $Directory, [long] $Lines, [int] $Rounds)
    $gz = @(Get-ChildItem -LiteralPath $Directory -Filter '*.gz' | Sort-Object Name)
    Write-Host ("==> {0}: {1:N0} lines in {2} .gz files, {3:N0} MB compressed, {4} cores" -f $Label, $Lines, $gz.Count, (($gz | Measure-Object Length -Sum).Sum / 1MB), [Environment]::ProcessorCount)
    $zcat = @(); $engine = @()
    for ($r = 0; $r -lt $Rounds; $r++) {
        # zcat's arguments go through xargs: a month of files is too long for one command line.
        $zcat += Measure-Process 'zcat | wc -l' $Lines @('sh', '-c', 'ls -1 "$1"/*.gz | xargs zcat | wc -l', 'zcat-wc', $Directory)
        $engine += Measure-Process 'Find-BotRequest engine, 2 workers' $Lines @('dotnet', $BenchDll, 'bots-planted', $Directory) @{ OPSLOGTOOLS_BENCH_WORKERS = '2' }
    }
    $one = Measure-Process 'Find-BotRequest engine, 1 worker' $Lines @('dotnet', $BenchDll, 'bots-planted', $Directory) @{ OPSLOGTOOLS_BENCH_WORKERS = '1' }
    $z = Get-Median $zcat; $e = Get-Median $engine
    @($z, $e, $one) | Format-Table Name, Lines, Seconds, CpuSeconds, LinesPerSec, PeakMB -AutoSize | Out-Host
    $e.Output | Where-Object { $_ -match 'requests,|planted|MISMATCH' } | Out-Host
    Write-Host ("rounds (s): zcat | wc -l {0}; engine {1}" -f (($zcat | ForEach-Object Seconds) -join ' '), (($engine | ForEach-Object Seconds) -join ' '))
    $ratio = if ($e.Seconds -gt 0) { $z.Seconds / $e.Seconds } else { 0 }
    # Against zcat's fastest round too: with few rounds a slow zcat round (the page cache, a neighbour) would flatter the engine.
    $fastest = ($zcat | Measure-Object Seconds -Minimum).Minimum
    $ratioFastest = if ($e.Seconds -gt 0) { $fastest / $e.Seconds } else { 0 }
    Write-Host ("{0}: engine vs zcat | wc -l = {1:N2}x (median rounds), {2:N2}x against zcat's fastest round (target >= 1x), peak {3} MB; 1 worker {4:N0} lines/s, 2 workers {5:N0} lines/s ({6:N2}x)" -f $Label, $ratio, $ratioFastest, $e.PeakMB, $one.LinesPerSec, $e.LinesPerSec, ($e.LinesPerSec / [math]::Max(1, $one.LinesPerSec)))
    [pscustomobject]@{ Label = $Label; Ratio = $ratio; Zcat = $z; Engine = $e; OneWorker = $one }
}

$results = @()
if ('OneTime' -in $Section) {
    $dir = Join-Path $Work 'cloudfront-onetime-479000'
    if (-not (Test-Path $dir)) {
        Write-Host "==> Generating the one-time-viewer CloudFront set under $dir"
        & dotnet $BenchDll gen-cf $dir 479000 7 475000 61 | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "gen-cf failed ($LASTEXITCODE)" }
    }
    $results += Compare-WithZcat 'one-time viewers (479 k lines, ~470 k viewers)' $dir 479000 5
}

if ('Month' -in $Section) {
    $dir = Join-Path $Work 'cloudfront-month-60000000'
    if (-not (Test-Path $dir)) {
        Write-Host "==> Generating 30 days of CloudFront (60 M lines, ~3.2 M viewers) under ${dir}: this takes a while"
        & dotnet $BenchDll gen-cf $dir 60000000 42 3200000 720 | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "gen-cf failed ($LASTEXITCODE)" }
    }
    $results += Compare-WithZcat 'a month of CloudFront (60 M lines)' $dir 60000000 2
}

if ('AnomalyMonth' -in $Section) {
    $rows = foreach ($n in $AnomalyLines) {
        $dir = Join-Path $Work "busy-host-$n"
        if (-not (Test-Path $dir)) {
            Write-Host "==> Generating 30 days of a busy host ($n lines, a displaced night) under $dir"
            & dotnet $BenchDll gen-busy-host $dir $n 42 | Out-Host
            if ($LASTEXITCODE -ne 0) { throw "gen-busy-host failed ($LASTEXITCODE)" }
        }
        foreach ($mode in 'anomaly', 'anomaly-plain') {
            $r = Measure-Process "Get-LogAnomaly engine, $(if ($mode -eq 'anomaly') { 'packed facts' } else { 'plain facts (before)' })" $n @('dotnet', $BenchDll, $mode, $dir)
            $r.Output | Where-Object { $_ -match '^(anomalies|peak working set)' } | Out-Host
            $r
        }
    }
    Write-Host '==> Get-LogAnomaly on 30 days of a busy host (rsyslog, Apache, CloudFront; a displaced night)'
    $rows | Format-Table Name, Lines, Seconds, LinesPerSec, PeakMB -AutoSize | Out-Host
    $packed = @($rows | Where-Object Name -like '*packed*' | Sort-Object Lines)
    if ($packed.Count -ge 2) {
        $a = $packed[0]; $b = $packed[-1]
        Write-Host ("packed facts: peak {0} MB at {1:N0} lines, {2} MB at {3:N0} lines: {4:N1} bytes a line more (target: under 300 MB at 50 M)" -f $a.PeakMB, $a.Lines, $b.PeakMB, $b.Lines, (($b.PeakMB - $a.PeakMB) * 1MB / [math]::Max(1, $b.Lines - $a.Lines)))
    }
    $results += [pscustomobject]@{ Label = 'anomaly month'; Rows = @($rows | Select-Object Name, Lines, Seconds, LinesPerSec, PeakMB) }
}

if ('BigFile' -in $Section) {
    # The FirstCall section's log (120,000 viewers over a day) and one 12 times its size (1.4 M viewers).
    $rows = foreach ($size in @(@{ Lines = 336000; Viewers = 120000 }, @{ Lines = 4000000; Viewers = 1400000 })) {
        $lines = $size.Lines
        $log = Join-Path $Work "origin-$lines.log"
        if (-not (Test-Path $log)) {
            Write-Host "==> Generating a $lines-line origin access log under $log"
            & dotnet $BenchDll gen-origin $log $lines 42 24 $size.Viewers | Out-Host
            if ($LASTEXITCODE -ne 0) { throw "gen-origin failed ($LASTEXITCODE)" }
        }
        foreach ($case in @(
                @{ Name = '1 worker, chunks'; Workers = '1'; Chunk = '1048576' },
                @{ Name = '2 workers, chunks'; Workers = '2'; Chunk = '1048576' },
                @{ Name = '2 workers, read whole (before)'; Workers = '2'; Chunk = '0' })) {
            $runs = foreach ($i in 1..3) {
                Measure-Process "Find-BotRequest engine, $($case.Name)" $lines @('dotnet', $BenchDll, 'bots', $log) @{ OPSLOGTOOLS_BENCH_WORKERS = $case.Workers; OPSLOGTOOLS_BENCH_CHUNK = $case.Chunk; OPSLOGTOOLS_BENCH_SHARDS = '1' }
            }
            $m = Get-Median $runs
            $calling = if ("$($m.Output)" -match 'calling thread \(detector\) ([0-9.]+) s') { [double]::Parse($Matches[1], $inv) } else { 0 }
            [pscustomobject]@{ File = "origin-$lines.log"; Name = $case.Name; Lines = $lines; Seconds = $m.Seconds; CpuSeconds = $m.CpuSeconds; DetectorCpu = $calling; LinesPerSec = $m.LinesPerSec; PeakMB = $m.PeakMB }
        }
    }
    Write-Host "==> One big origin log: 1 and 2 workers, cut into chunks or read whole ($([Environment]::ProcessorCount) cores; medians of 3)"
    $rows | Format-Table File, Name, Lines, Seconds, CpuSeconds, DetectorCpu, LinesPerSec, PeakMB -AutoSize | Out-String -Width 200 | Out-Host
    Write-Host 'The detector thread is serial: wall time cannot go below its CPU seconds however many workers parse (see DetectorCpu).'
    $results += [pscustomobject]@{ Label = 'big file'; Rows = $rows }
}

if ('FirstCall' -in $Section) {
    # An origin log as a public site's origin writes it (the viewer mix: 120,000 viewers over a day), the shape of the
    # issue's 336 k-line log; not the Access section's log, where every one of 4,096 clients is a finding.
    $lines = 336000
    $log = Join-Path $Work "origin-$lines.log"
    if (-not (Test-Path $log)) { & dotnet $BenchDll gen-origin $log $lines 42 24 120000 | Out-Host }
    # The IL-only copy: the same module with assemblies published without ReadyToRun.
    $ilBin = Join-Path $Work 'module-il-bin'
    $ilModule = Join-Path $Work 'module-il/OpsLogTools'
    if (Test-Path $ilModule) { Remove-Item $ilModule -Recurse -Force }
    & dotnet publish (Join-Path $root 'src/OpsLogTools/OpsLogTools.csproj') -c Release -o $ilBin --nologo -v q | Out-Host
    if ($LASTEXITCODE -ne 0) { throw 'IL publish failed' }
    New-Item -ItemType Directory -Force (Split-Path $ilModule) | Out-Null
    Copy-Item $ModulePath $ilModule -Recurse
    Copy-Item (Join-Path $ilBin '*.dll') $ilModule -Force

    $probe = Join-Path $Work 'first-call.ps1'
    Set-Content $probe @'
param([string] $Module, [string] $Command, [string] $Log)
$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Module $Module
$import = $sw.Elapsed.TotalSeconds
$run = switch ($Command) {
    'Find-BotRequest' { { Find-BotRequest -LiteralPath $Log -WarningAction SilentlyContinue | Out-Null } }
    'Get-LogEntry' { { Get-LogEntry -LiteralPath $Log | Out-Null } }
    'Get-LogAnomaly' { { Get-LogAnomaly -LiteralPath $Log -WarningAction SilentlyContinue | Out-Null } }
    # The cmdlet's own first call, nothing bound downstream (PowerShell collects the objects).
    'Get-LogEntry, $null =' { { $null = Get-LogEntry -LiteralPath $Log } }
    # PowerShell's own cmdlet writing as many objects into the same Out-Null: what the host's pipeline costs on a first call.
    'Write-Output | Out-Null' { $items = [object[]](1..336000); { Write-Output -InputObject $items | Out-Null } }
}
$first = (Measure-Command $run).TotalSeconds
$warm = @(1..3 | ForEach-Object { (Measure-Command $run).TotalSeconds } | Sort-Object)[1]
'{0} {1} {2}' -f $import.ToString([cultureinfo]::InvariantCulture), $first.ToString([cultureinfo]::InvariantCulture), $warm.ToString([cultureinfo]::InvariantCulture)
'@
    $rows = foreach ($build in @(@{ Name = 'ReadyToRun'; Path = $ModulePath }, @{ Name = 'IL only (JIT)'; Path = $ilModule })) {
        $commands = @('Find-BotRequest', 'Get-LogEntry', 'Get-LogAnomaly', 'Get-LogEntry, $null =')
        # The host's own baseline does not depend on the module's build: measured once.
        if ($build.Name -eq 'ReadyToRun') { $commands += 'Write-Output | Out-Null' }
        foreach ($command in $commands) {
            $runs = foreach ($i in 1..3) {
                $out = & dotnet pwsh -NoProfile -NonInteractive -File $probe -Module $build.Path -Command $command -Log $log
                if ($LASTEXITCODE -ne 0) { throw "$command failed" }
                $v = ("$($out | Select-Object -Last 1)" -split ' ') | ForEach-Object { [double]::Parse($_, $inv) }
                [pscustomobject]@{ Import = $v[0]; First = $v[1]; Warm = $v[2] }
            }
            $m = @($runs | Sort-Object First)[1]
            [pscustomobject]@{
                Module       = $build.Name
                Command      = $command
                ImportSec    = [math]::Round($m.Import, 2)
                FirstSec     = [math]::Round($m.First, 2)
                WarmSec      = [math]::Round($m.Warm, 2)
                FirstOverWarm = [math]::Round($m.First / $m.Warm, 2)
                FirstLinesPerSec = [math]::Round($lines / $m.First)
            }
        }
    }
    Write-Host "==> First call in a fresh pwsh against a warm call ($lines-line origin access log; medians of 3 processes)"
    $rows | Format-Table -AutoSize | Out-Host
    $entry = $rows | Where-Object { $_.Module -eq 'ReadyToRun' -and $_.Command -eq 'Get-LogEntry' }
    $ours = $rows | Where-Object { $_.Module -eq 'ReadyToRun' -and $_.Command -ne 'Write-Output | Out-Null' }
    $host1 = $rows | Where-Object Command -eq 'Write-Output | Out-Null'
    Write-Host ("first call within {0:N2}x of a warm one at worst (target <= 1.5x): {1}; PowerShell's own Write-Output of as many objects into Out-Null {2:N2}x; Get-LogEntry from a fresh process {3:N0} objects/s (target >= 200,000)" -f `
        ($ours | Measure-Object FirstOverWarm -Maximum).Maximum, (($ours | ForEach-Object { '{0} {1:N2}x' -f $_.Command, $_.FirstOverWarm }) -join ', '), $host1.FirstOverWarm, $entry.FirstLinesPerSec)
    $results += [pscustomobject]@{ Label = 'first call'; Rows = $rows }
}
$results | ConvertTo-Json -Depth 6 | Set-Content (Join-Path $Work 'results-scale.json')

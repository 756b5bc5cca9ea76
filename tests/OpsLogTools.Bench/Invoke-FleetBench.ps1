#!/usr/bin/env pwsh
<#
.SYNOPSIS
    The fleet part of the bench (issue 14, Speed), called by Invoke-Bench.ps1 -Section Fleet|All.
.DESCRIPTION
    Three "hosts" are sshd instances on 127.0.0.1 loopback ports, started with the Pester fleet tests' helper
    (tests/pester/FleetHosts.ps1: config, host keys and a throwaway client key in a temp folder; no other address is
    ever contacted), each serving a bundle New-OpsLogSample writes there (seeds 11, 12, 13, as Fleet.Tests.ps1).
    Measured in one run, one thing after another (a shared machine: nothing measured runs beside another measurement):
    - local: Get-LogAnomaly + Find-BotRequest on the three bundles read here one after another (after one warm-up run);
    - per host, one session at a time: New-PSSession; the first run (module checked, copied into the host's cache,
      imported, cold engine there); a second run on the same session (checked, not copied, already imported); a run on
      a new session (found in the host's cache, imported again). Fixed cost per host = remote run − local run of the
      same bundle; the module copy = first run − run on a new session;
    - the fleet: the same two cmdlets with -Session over the three open sessions at once, against the local total;
    - bytes per object: what the host's pwsh wrote to its SSH channel during the warm run (wchar of that process in
      /proc, so the exact bytes PowerShell remoting sent, before ssh's encryption), against the same objects' CliXml as
      remoting serializes them (PSSerializer at depth 1, honouring the module's SerializationDepth);
    - per finding type, on the three bundles: objects, mean and largest CliXml, and the largest object's longest list
      property (an entry list hidden in a finding would show there).
    Results go to out/bench/results-fleet.json.
#>
param(
    [Parameter(Mandatory)][string] $ModulePath,
    [Parameter(Mandatory)][string] $Work
)
$ErrorActionPreference = 'Stop'
$root = Resolve-Path (Join-Path $PSScriptRoot '../..')
. (Join-Path $root 'tests/pester/FleetHosts.ps1')
$skip = Get-FleetSkipReason
if ($skip) { Write-Host "==> fleet: skipped: $skip"; return }

Import-Module $ModulePath -Force
$fleet = New-FleetRoot
$hosts = [ordered] @{}
$sessions = @()
try {
    foreach ($n in 'h1', 'h2', 'h3') { $hosts[$n] = Start-FleetHost $fleet $n }
    $seed = @{ h1 = 11; h2 = 12; h3 = 13 }
    foreach ($n in $hosts.Keys) { $null = New-OpsLogSample -Path $hosts[$n].Bundle -Seed $seed[$n] }
    $bundleMB = ($hosts.Values | ForEach-Object { Get-ChildItem -LiteralPath $_.Bundle -Recurse -File } | Measure-Object Length -Sum).Sum / 1MB
    $moduleMB = (Get-ChildItem -LiteralPath (Get-Module OpsLogTools).ModuleBase -Recurse -File | Where-Object FullName -notlike '*/Sample/*' | Measure-Object Length -Sum).Sum / 1MB
    Write-Host ("==> fleet: 3 loopback sshd hosts, bundles {0:N1} MB in all, module {1:N1} MB to copy, {2} cores" -f $bundleMB, $moduleMB, [Environment]::ProcessorCount)
    $ssh = @{ UserName = $fleet.User; KeyFilePath = $fleet.KeyFile; Options = $fleet.SshOptions }

    # What a run is: the two finding cmdlets on the host's bundle ('~/bundle' there is that host's own).
    $runLocal = { param($bundle) @(Get-LogAnomaly -LiteralPath $bundle 3>$null) + @(Find-BotRequest -LiteralPath $bundle 3>$null) }
    $runRemote = { param($s) @(Get-LogAnomaly -Path '~/bundle' -Session $s 3>$null) + @(Find-BotRequest -Path '~/bundle' -Session $s 3>$null) }
    $seconds = { param([scriptblock] $block) $w = [Diagnostics.Stopwatch]::StartNew(); $null = & $block; $w.Elapsed.TotalSeconds }

    # The remote pwsh behind a session: the process started by the host's subsystem wrapper (its HOME is the host's
    # folder); its wchar is what it wrote, i.e. the PSRP packets it sent down the SSH channel.
    function Get-RemotePwshWritten([string] $dir) {
        $total = 0L
        foreach ($p in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -match '^\d+$') {
            $cmd = try { [IO.File]::ReadAllText("$($p.FullName)/cmdline") } catch { '' }
            if ($cmd -notlike "*-sshs*") { continue }
            $cwd = try { (Get-Item -LiteralPath "$($p.FullName)/cwd" -Force).Target } catch { '' }
            if ($cwd -ne $dir) { continue }
            $io = try { Get-Content -LiteralPath "$($p.FullName)/io" } catch { @() }
            $w = $io | Where-Object { $_ -like 'wchar:*' } | Select-Object -First 1
            if ($w) { $total += [long]($w -replace '\D', '') }
        }
        $total
    }

    # Local, one bundle after another (one warm-up first, so the local side is not charged the JIT).
    $null = & $runLocal $hosts.h1.Bundle
    $local = [ordered] @{}
    $localObjects = @{}
    foreach ($n in $hosts.Keys) {
        $w = [Diagnostics.Stopwatch]::StartNew()
        $localObjects[$n] = & $runLocal $hosts[$n].Bundle
        $local[$n] = $w.Elapsed.TotalSeconds
    }
    $localTotal = ($local.Values | Measure-Object -Sum).Sum

    # Per host, one at a time.
    $rows = foreach ($n in $hosts.Keys) {
        $h = $hosts[$n]
        $open = & $seconds { $script:s = New-PSSession -HostName 127.0.0.1 -Port $h.Port @ssh }
        $first = [Diagnostics.Stopwatch]::StartNew()
        $verbose = $null
        $null = Get-LogAnomaly -Path '~/bundle' -Session $s -Verbose 4>&1 3>$null | Tee-Object -Variable verbose
        $null = Find-BotRequest -Path '~/bundle' -Session $s 3>$null
        $firstRun = $first.Elapsed.TotalSeconds
        $copiedFirst = @($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like '*module copied*' }).Count
        $before = Get-RemotePwshWritten $h.Dir
        $warm = [Diagnostics.Stopwatch]::StartNew()
        $objects = & $runRemote $s
        $warmRun = $warm.Elapsed.TotalSeconds
        $wire = (Get-RemotePwshWritten $h.Dir) - $before
        Remove-PSSession $s
        $reopen = & $seconds { $script:s = New-PSSession -HostName 127.0.0.1 -Port $h.Port @ssh }
        $again = [Diagnostics.Stopwatch]::StartNew()
        $verbose = $null
        $null = Get-LogAnomaly -Path '~/bundle' -Session $s -Verbose 4>&1 3>$null | Tee-Object -Variable verbose
        $null = Find-BotRequest -Path '~/bundle' -Session $s 3>$null
        $newSessionRun = $again.Elapsed.TotalSeconds
        $copiedAgain = @($verbose | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like '*module copied*' }).Count
        $sessions += $s
        $clixml = ($localObjects[$n] | ForEach-Object { [Text.Encoding]::UTF8.GetByteCount([Management.Automation.PSSerializer]::Serialize($_, 1)) } | Measure-Object -Sum).Sum
        [pscustomobject] @{
            Host                 = $n
            Objects              = $objects.Count
            LocalSeconds         = [math]::Round($local[$n], 2)
            OpenSession          = [math]::Round(($open + $reopen) / 2, 2)
            FirstRun             = [math]::Round($firstRun, 2)
            WarmRun              = [math]::Round($warmRun, 2)
            NewSessionRun        = [math]::Round($newSessionRun, 2)
            OverheadWarm         = [math]::Round($warmRun - $local[$n], 2)
            OverheadImport       = [math]::Round($newSessionRun - $local[$n], 2)
            ModuleCopy           = [math]::Round($firstRun - $newSessionRun, 2)
            Copied               = "$copiedFirst then $copiedAgain"
            WireBytesPerObject   = if ($objects.Count) { [math]::Round($wire / $objects.Count) } else { 0 }
            ClixmlBytesPerObject = if ($localObjects[$n].Count) { [math]::Round($clixml / $localObjects[$n].Count) } else { 0 }
        }
    }
    $rows | Format-Table -AutoSize | Out-String -Width 250 | Out-Host

    # The fleet at once, on the open sessions (module in each host's cache and imported).
    $fleetRun = [Diagnostics.Stopwatch]::StartNew()
    $fleetObjects = & $runRemote $sessions
    $fleetSeconds = $fleetRun.Elapsed.TotalSeconds
    Write-Host ("fleet, 3 hosts at once (open sessions): {0:N2} s for {1} objects; the 3 bundles read locally one after another: {2:N2} s ({3:N2}x)" -f $fleetSeconds, $fleetObjects.Count, $localTotal, ($fleetSeconds / $localTotal))
    Write-Host ("per host, fixed cost once a session is open: {0:N2} s mean (warm session), {1:N2} s mean with the import on a new session (target < 2 s); opening a session {2:N2} s; module copy {3:N2} s; copied: {4}" -f `
        ($rows | Measure-Object OverheadWarm -Average).Average, ($rows | Measure-Object OverheadImport -Average).Average,
        ($rows | Measure-Object OpenSession -Average).Average, ($rows | Measure-Object ModuleCopy -Average).Average, (($rows | ForEach-Object { "$($_.Host) $($_.Copied)" }) -join ', '))
    $wireAll = ($rows | ForEach-Object { $_.WireBytesPerObject * $_.Objects } | Measure-Object -Sum).Sum
    $xmlAll = ($rows | ForEach-Object { $_.ClixmlBytesPerObject * $_.Objects } | Measure-Object -Sum).Sum
    Write-Host ("bytes per object on the wire: {0:N0} (CliXml {1:N0}: wire / CliXml = {2:N2}; PSRP sends CliXml base64-encoded in framed packets)" -f ($wireAll / ($rows | Measure-Object Objects -Sum).Sum), ($xmlAll / ($rows | Measure-Object Objects -Sum).Sum), ($wireAll / [math]::Max(1, $xmlAll)))

    # Per finding type: the CliXml remoting writes, and the longest list the largest object carries.
    $all = foreach ($n in $hosts.Keys) {
        $localObjects[$n]
        Test-YumUpdateWindow -LiteralPath $hosts[$n].Bundle 3>$null
        Compare-LogTimeline -Reference (Join-Path $hosts[$n].Bundle httpd) -Difference $hosts[$n].Bundle 3>$null
        Get-LogTimeline -LiteralPath $hosts[$n].Bundle -Summary 3>$null
        Get-LogEntry -LiteralPath $hosts[$n].Bundle 3>$null | Select-Object -First 2000
    }
    $types = $all | Group-Object { $_.GetType().Name } | ForEach-Object {
        $sized = $_.Group | ForEach-Object { [pscustomobject] @{ O = $_; Bytes = [Text.Encoding]::UTF8.GetByteCount([Management.Automation.PSSerializer]::Serialize($_, 1)) } }
        $largest = $sized | Sort-Object Bytes -Descending | Select-Object -First 1
        $list = $largest.O.PSObject.Properties | Where-Object { $_.Value -is [Collections.ICollection] -and $_.Value -isnot [string] } |
            Sort-Object { $_.Value.Count } -Descending | Select-Object -First 1
        [pscustomobject] @{
            Type         = $_.Name
            Objects      = $_.Count
            MeanBytes    = [math]::Round(($sized | Measure-Object Bytes -Average).Average)
            LargestBytes = $largest.Bytes
            LongestList  = if ($list) { "$($list.Name) ($($list.Value.Count))" } else { '' }
        }
    }
    $types | Sort-Object Type | Format-Table -AutoSize | Out-String -Width 250 | Out-Host
    [ordered] @{ Hosts = $rows; FleetSeconds = $fleetSeconds; LocalSeconds = $localTotal; FleetObjects = $fleetObjects.Count; Types = $types } |
        ConvertTo-Json -Depth 4 | Set-Content (Join-Path $Work 'results-fleet.json')
} finally {
    $sessions | Remove-PSSession -ErrorAction Ignore
    foreach ($h in $hosts.Values) { Stop-FleetHost $h }
    Remove-Item -LiteralPath $fleet.Root -Recurse -Force -ErrorAction Ignore
}

# The engine of build.ps1 -Task Fuzz (and of -Task Test -FuzzSeconds N), dot-sourced by build.ps1: uses its $Root,
# $Out, $Configuration and Invoke-Native. See README.md, "Fuzzing".
#
# afl-fuzz runs here as root in a container without touching the host (verified with Debian's afl++ 4.04c):
#   AFL_SKIP_BIN_CHECK=1  required: the target is `dotnet`, whose own binary carries no afl instrumentation (the
#                         instrumentation is SharpFuzz's, inside the engine dll, reported through the fork server)
#   AFL_NO_AFFINITY=1     do not claim a free core: with other work (or another afl-fuzz) on 2 cores there may be none,
#                         and afl-fuzz would abort
#   AFL_SKIP_CPUFREQ=1    hosts with an on-demand CPU governor make afl-fuzz stop otherwise (here there is no cpufreq)
#   AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
#                         when /proc/sys/kernel/core_pattern pipes to a handler (systemd-coredump, apport) afl-fuzz
#                         refuses to start, and a container cannot change it; crashes are still seen (SharpFuzz reports
#                         exceptions through the fork server, not by core dumps)
#   AFL_NO_UI=1, AFL_FAST_CAL=1, AFL_FORKSRV_INIT_TMOUT=60000 (dotnet starts slowly on a busy machine)
#   AFL_TARGET_ENV=DOTNET_GCHeapHardLimit=...: the target gets a 1 GiB heap, so an input that blows memory up is an
#                         OutOfMemoryException, i.e. a crash, instead of a machine brought down
# Nothing else is needed: no sysctl, no /proc write, no core_pattern change.

$script:FuzzHangReplayMs = 10000
$script:FuzzExecTimeoutMs = 2000

function Get-RealDataFolder {
    if ($env:OPSLOGTOOLS_REALDATA) { if (Test-Path $env:OPSLOGTOOLS_REALDATA) { return $env:OPSLOGTOOLS_REALDATA } else { return $null } }
    $candidate = Join-Path (Split-Path $Root -Parent) 'shared/realdata'
    if (Test-Path $candidate) { $candidate } else { $null }
}

function Read-AflStats([string] $Path) {
    $stats = @{}
    if (Test-Path $Path) {
        foreach ($line in Get-Content $Path) {
            $k, $v = $line -split '\s*:\s*', 2
            if ($k) { $stats[$k.Trim()] = "$v".Trim() }
        }
    }
    $stats
}

# Replays inputs in the uninstrumented harness; returns one object per input (Outcome ok|crash|hang, Ms, File, What).
function Invoke-FuzzReplay([string] $Harness, [string] $Target, [string[]] $Inputs, [int] $TimeoutMs) {
    $results = @()
    $pending = @($Inputs)
    while ($pending.Count -gt 0) {
        # The harness stops at a hang (the stuck thread cannot be stopped): replay the rest in a new process.
        $lines = & dotnet $Harness replay $Target @pending --timeout-ms $TimeoutMs 2>&1
        $done = @($lines | Where-Object { $_ -match "^(ok|crash|hang)`t" } | ForEach-Object {
            $outcome, $ms, $file, $what = "$_" -split "`t", 4
            [pscustomobject]@{ Outcome = $outcome; Ms = [int] $ms; File = $file; What = $what }
        })
        if ($done.Count -eq 0) { throw "replay of $Target failed: $($lines -join "`n")" }
        $results += $done
        $pending = @($pending | Select-Object -Skip $done.Count)
    }
    $results
}

function Start-FuzzTarget([string] $Name, [string] $FuzzOut, [string] $Harness, [string] $Instrumented, [int] $Seconds, [bool] $HaveAfl) {
    $dir = Join-Path $FuzzOut $Name
    foreach ($d in 'crashes', 'hangs', 'afl') { Remove-Item (Join-Path $dir $d) -Recurse -Force -ErrorAction SilentlyContinue }
    New-Item -ItemType Directory -Force (Join-Path $dir 'crashes'), (Join-Path $dir 'hangs') | Out-Null
    $seeds = Join-Path $dir 'seeds'
    $run = [pscustomobject]@{
        Name = $Name; Dir = $dir; Process = $null; Started = [DateTime]::UtcNow; Seconds = $Seconds
        Seeds = @(Get-ChildItem $seeds -File).Count; SeedFailures = @()
    }
    # A seed that already fails is a finding on its own (and afl-fuzz would refuse to start on it).
    $run.SeedFailures = @(Invoke-FuzzReplay $Harness $Name @(Get-ChildItem $seeds -File | ForEach-Object FullName) $script:FuzzHangReplayMs |
        Where-Object Outcome -ne 'ok')
    foreach ($f in $run.SeedFailures) {
        Copy-Item $f.File (Join-Path $dir $(if ($f.Outcome -eq 'hang') { 'hangs' } else { 'crashes' }))
    }
    if ($run.SeedFailures.Count -gt 0 -or -not $HaveAfl) { return $run }

    $dotnet = (Get-Command dotnet).Source
    $aflArgs = @('-i', $seeds, '-o', (Join-Path $dir 'afl'), '-V', $Seconds, '-t', $script:FuzzExecTimeoutMs, '-m', 'none', '--',
        $dotnet, (Join-Path $Instrumented 'OpsLogTools.Fuzz.dll'), 'fuzz', $Name)
    $run.Process = Start-Process -FilePath 'afl-fuzz' -ArgumentList $aflArgs -PassThru -NoNewWindow `
        -RedirectStandardOutput (Join-Path $dir 'afl.log') -RedirectStandardError (Join-Path $dir 'afl.err')
    $run
}

function Complete-FuzzTarget($Run, [string] $Harness) {
    $row = [ordered]@{
        Target = $Run.Name; ExecsPerSec = 0; Execs = 0; Seeds = $Run.Seeds; Corpus = 0; Edges = 0; Crashes = 0; Hangs = 0; Slow = 0
        Outcome = 'passed'; Note = ''
    }
    if ($Run.SeedFailures.Count -gt 0) {
        $row.Crashes = @($Run.SeedFailures | Where-Object Outcome -eq 'crash').Count
        $row.Hangs = @($Run.SeedFailures | Where-Object Outcome -eq 'hang').Count
        $row.Outcome = 'failed'
        $row.Note = 'a seed fails: ' + ($Run.SeedFailures | Select-Object -First 1 | ForEach-Object { "$($_.What) ($(Split-Path $_.File -Leaf))" })
        foreach ($f in $Run.SeedFailures) { Write-Host "  $($Run.Name): $($f.Outcome) on seed $(Split-Path $f.File -Leaf): $($f.What)" }
        return [pscustomobject]$row
    }
    if (-not $Run.Process) {
        $row.Outcome = 'skipped'; $row.Note = 'afl-fuzz not installed: seeds replayed only'
        return [pscustomobject]$row
    }

    $stats = Read-AflStats (Join-Path $Run.Dir 'afl/default/fuzzer_stats')
    if ($stats.Count -eq 0) {
        $row.Outcome = 'failed'
        $row.Note = "afl-fuzz did not run (exit $($Run.Process.ExitCode)): see $(Join-Path $Run.Dir 'afl.log')"
        Get-Content (Join-Path $Run.Dir 'afl.log') -Tail 8 -ErrorAction SilentlyContinue | ForEach-Object { Write-Host "  $_" }
        return [pscustomobject]$row
    }
    $row.Execs = [long] $stats['execs_done']
    $runTime = [math]::Max(1, [double] $stats['run_time'])
    $row.ExecsPerSec = [long][math]::Round($row.Execs / $runTime)
    $row.Corpus = [int] $stats['corpus_count']
    $row.Edges = [int] $stats['edges_found']

    $crashes = @(Get-ChildItem (Join-Path $Run.Dir 'afl/default/crashes') -File -Filter 'id*' -ErrorAction SilentlyContinue)
    $hangs = @(Get-ChildItem (Join-Path $Run.Dir 'afl/default/hangs') -File -Filter 'id*' -ErrorAction SilentlyContinue)
    foreach ($c in $crashes) { Copy-Item $c.FullName (Join-Path $Run.Dir 'crashes') }
    if ($crashes.Count -gt 0) {
        $row.Crashes = $crashes.Count
        $replayed = @(Invoke-FuzzReplay $Harness $Run.Name @(Get-ChildItem (Join-Path $Run.Dir 'crashes') -File | ForEach-Object FullName) $script:FuzzHangReplayMs)
        foreach ($r in $replayed) { Write-Host "  $($Run.Name): $($r.Outcome) $(Split-Path $r.File -Leaf): $($r.What)" }
        $first = $replayed | Where-Object Outcome -ne 'ok' | Select-Object -First 1
        $row.Note = if ($first) { $first.What } else { 'crashed under afl-fuzz only (see afl.log)' }
    }
    if ($hangs.Count -gt 0) {
        # afl-fuzz calls an input a hang past its timeout in an instrumented process on a busy machine: it is one only
        # when the plain harness is also still running after the replay timeout. Shorter ones are reported as slow.
        $replayed = @(Invoke-FuzzReplay $Harness $Run.Name @($hangs | ForEach-Object FullName) $script:FuzzHangReplayMs)
        foreach ($r in $replayed) {
            if ($r.Outcome -eq 'ok') { $row.Slow++; continue }
            Copy-Item $r.File (Join-Path $Run.Dir $(if ($r.Outcome -eq 'hang') { 'hangs' } else { 'crashes' }))
            if ($r.Outcome -eq 'hang') { $row.Hangs++ } else { $row.Crashes++ }
            Write-Host "  $($Run.Name): $($r.Outcome) $(Split-Path $r.File -Leaf): $($r.What)"
            if (-not $row.Note) { $row.Note = "$($r.Outcome): $($r.What)" }
        }
        if ($row.Slow -gt 0 -and -not $row.Note) { $row.Note = "$($row.Slow) inputs over $($script:FuzzExecTimeoutMs) ms under afl-fuzz, not reproduced as hangs" }
    }
    if ($row.Crashes -gt 0 -or $row.Hangs -gt 0) { $row.Outcome = 'failed' }
    [pscustomobject]$row
}

<#
.SYNOPSIS
    Builds the harness, instruments a copy of the engine, makes the seeds, fuzzes each target for $Seconds.
    Returns @{ Passed; Failed; Skipped; Rows }. With -AflOptional a machine without afl-fuzz replays the seeds only
    (targets counted as skipped unless a seed fails); without it, a missing afl-fuzz is an error.
#>
function Invoke-Fuzz {
    param([int] $Seconds, [string[]] $Only, [int] $Jobs = 1, [switch] $AflOptional)
    $fuzzOut = Join-Path $Out 'fuzz'
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $project = Join-Path $Root 'tests/OpsLogTools.Fuzz/OpsLogTools.Fuzz.csproj'
    Write-Host "==> Fuzzing: building the harness"
    Invoke-Native dotnet @('build', $project, '-c', $Configuration, '--nologo', '-v', 'q') | Out-Host
    $built = Join-Path $Root "tests/OpsLogTools.Fuzz/bin/$Configuration/net10.0"
    $harness = Join-Path $built 'OpsLogTools.Fuzz.dll'

    $haveAfl = [bool](Get-Command afl-fuzz -ErrorAction Ignore)
    if (-not $haveAfl -and -not $AflOptional) { throw 'afl-fuzz was not found (Debian: apt-get install afl++); .ci/run installs it when missing.' }

    # Instrumented in a copy: the build output the tests use stays as it was built.
    $instrumented = Join-Path $fuzzOut 'bin'
    Remove-Item $instrumented -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $instrumented | Out-Null
    Copy-Item (Join-Path $built '*') $instrumented -Recurse
    Write-Host "==> Fuzzing: instrumenting $instrumented/OpsLogTools.Core.dll"
    # The tool manifest (.config/dotnet-tools.json) is found from the repository root.
    Push-Location $Root
    try { Invoke-Native dotnet @('tool', 'run', 'sharpfuzz', (Join-Path $instrumented 'OpsLogTools.Core.dll')) | Out-Host }
    finally { Pop-Location }

    # From bash, -FuzzTarget a,b arrives as one string.
    $Only = @($Only | ForEach-Object { $_ -split ',' } | Where-Object { $_ })
    $all = @(& dotnet $harness list | ForEach-Object { ($_ -split "`t")[0] })
    foreach ($o in $Only) { if ($o -notin $all) { throw "No fuzz target '$o'. Targets: $($all -join ', ')" } }
    $names = @($all | Where-Object { $Only.Count -eq 0 -or $_ -in $Only })

    $realData = Get-RealDataFolder
    $seedArgs = @('seeds', $fuzzOut) + $(if ($realData) { @('--realdata', $realData) } else { @() }) + @($names | ForEach-Object { '--target', $_ })
    Invoke-Native dotnet (@($harness) + $seedArgs) | Out-Null
    if (-not $realData) { Write-Host '    (no ../shared/realdata beside the clone: generated and hand-written seeds only)' }

    $env:AFL_SKIP_BIN_CHECK = '1'
    $env:AFL_NO_AFFINITY = '1'
    $env:AFL_SKIP_CPUFREQ = '1'
    $env:AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
    $env:AFL_NO_UI = '1'
    $env:AFL_FAST_CAL = '1'
    $env:AFL_FORKSRV_INIT_TMOUT = '60000'
    # The bundle target writes its files under out/fuzz/scratch/bundle/<pid>, emptied here, not in /tmp.
    $scratch = Join-Path $fuzzOut 'scratch/bundle'
    Remove-Item $scratch -Recurse -Force -ErrorAction SilentlyContinue
    New-Item -ItemType Directory -Force $scratch | Out-Null
    $env:OPSLOGTOOLS_FUZZ_SCRATCH = $scratch
    $env:AFL_TARGET_ENV = "DOTNET_GCHeapHardLimit=0x40000000 OPSLOGTOOLS_FUZZ_SCRATCH=$scratch"

    $mode = if ($haveAfl) { "$Seconds s each under afl-fuzz, $Jobs at a time" } else { 'afl-fuzz not installed: replaying seeds only' }
    Write-Host "==> Fuzzing $($names.Count) targets ($mode)"
    $queue = [Collections.Generic.Queue[string]]::new([string[]] $names)
    $running = [Collections.Generic.List[object]]::new()
    $rows = [Collections.Generic.List[object]]::new()
    while ($queue.Count -gt 0 -or $running.Count -gt 0) {
        while ($queue.Count -gt 0 -and $running.Count -lt $Jobs) {
            $running.Add((Start-FuzzTarget $queue.Dequeue() $fuzzOut $harness $instrumented $Seconds $haveAfl))
        }
        Start-Sleep -Milliseconds 250
        foreach ($run in @($running)) {
            $p = $run.Process
            if ($p -and -not $p.HasExited) {
                # afl-fuzz stops itself at -V; this only guards against one that does not.
                if (([DateTime]::UtcNow - $run.Started).TotalSeconds -lt $Seconds + 180) { continue }
                Write-Host "  $($run.Name): afl-fuzz still running after $($Seconds + 180) s, stopped"
                $p.Kill($true); $p.WaitForExit()
            }
            if ($p) { $p.WaitForExit() }
            $running.Remove($run) | Out-Null
            $row = Complete-FuzzTarget $run $harness
            $rows.Add($row)
            Write-Host ("  {0,-30} {1,-7} {2,8} execs/s  corpus {3,5}  crashes {4}  hangs {5}  {6}" -f $row.Target, $row.Outcome, $row.ExecsPerSec, $row.Corpus, $row.Crashes, $row.Hangs, $row.Note)
        }
    }

    $ordered = @($rows | Sort-Object { [array]::IndexOf($names, $_.Target) })
    $summary = [ordered]@{ Date = (Get-Date).ToString('yyyy-MM-dd HH:mm'); SecondsPerTarget = $Seconds; Jobs = $Jobs; Cores = [Environment]::ProcessorCount; Targets = $ordered }
    $summary | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $fuzzOut 'summary.json')
    $ordered | Format-Table Target, Outcome, ExecsPerSec, Execs, Seeds, Corpus, Edges, Crashes, Hangs, Slow -AutoSize | Out-String -Width 200 | Write-Host
    foreach ($r in $ordered | Where-Object Outcome -eq 'failed') { Write-Host "  FAILED $($r.Target): $($r.Note) (inputs under $(Join-Path $fuzzOut $r.Target))" }
    Write-Host "==> Fuzzing took $([int] $watch.Elapsed.TotalSeconds) s (harness build, instrumentation, seeds, $($names.Count) targets)"
    [pscustomobject]@{
        Passed = @($ordered | Where-Object Outcome -eq 'passed').Count
        Failed = @($ordered | Where-Object Outcome -eq 'failed').Count
        Skipped = @($ordered | Where-Object Outcome -eq 'skipped').Count
        Rows = $ordered
    }
}

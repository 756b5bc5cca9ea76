#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, demonstrates and benchmarks OpsLogTools.
.DESCRIPTION
    -Task Build  publishes the module to out/OpsLogTools (importable: Import-Module ./out/OpsLogTools),
                 with its help XML generated from module/en-US/*.help.psd1 and the bundled sample incident.
    -Task Test   builds, runs xunit (engine) and then Pester (cmdlets, in a fresh pwsh against out/), and ends
                 with the line "N passed, N failed" (both suites summed). Exits non-zero on any failure.
    -Task Pester builds and runs only Pester (with -PesterFilter, a subset): for development.
    -Task Demo   builds and runs the main job on the bundled sample incident.
    -Task Bench  builds in Release and runs the benchmarks (see README).
    -Task Fuzz   builds the fuzzing harness (tests/OpsLogTools.Fuzz), instruments a copy of the engine under out/fuzz
                 with SharpFuzz, and runs each target under afl-fuzz for -FuzzSeconds from a seed corpus; reports
                 executions per second, corpus size, crashes and hangs per target and exits non-zero on a crash or hang
                 (the input is left under out/fuzz/<target>/crashes or hangs). -FuzzTarget picks targets.
                 -Task Test -FuzzSeconds N runs the same after xunit and Pester, each target counted as one test.
    -Task Clean  removes out/ and bin/obj folders.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Pester', 'Demo', 'Bench', 'Fuzz', 'Clean', 'PostBuild')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Bench: size of the generated combined log in lines (default about 1.2 GB).
    [long] $BenchLines = 5300000,
    # Bench: which part to run (Access: readers, anomaly and timeline; Bots: Find-BotRequest against zcat | wc -l;
    # Fleet: three loopback sshd hosts against the same bundles read locally; Journal: the native journal reader against
    # journalctl -o export and -o json). Scale (issue 19): OneTime (many one-time viewers), Month (30 days of CloudFront,
    # 60 M lines: not in All), FirstCall (a fresh pwsh's first call against a warm one, ReadyToRun and IL-only modules),
    # AnomalyMonth (Get-LogAnomaly's engine on 30 days of a busy host, 5 M and 50 M lines: not in All), BigFile (Find-BotRequest's
    # engine on one big origin log, 1 and 2 workers, cut into chunks or read whole: not in All).
    [ValidateSet('All', 'Access', 'Bots', 'Fleet', 'Journal', 'OneTime', 'Month', 'FirstCall', 'AnomalyMonth', 'BigFile')][string] $BenchSection = 'All',
    # Build: publish IL only (no ReadyToRun native code), for comparing first calls.
    [switch] $NoReadyToRun,
    # Test: a Pester -FullNameFilter, to run a subset while developing.
    [string[]] $PesterFilter,
    # Fuzz: seconds of afl-fuzz per target (default 60). Test: fuzz each target this long after the suites (default 0: no fuzzing).
    [int] $FuzzSeconds = -1,
    # Fuzz (and Test with -FuzzSeconds): only these targets (names from: dotnet <harness dll> list).
    [string[]] $FuzzTarget,
    # Fuzz: how many targets are fuzzed at once (one afl-fuzz process, about one core, each).
    [ValidateRange(1, 16)][int] $FuzzJobs = 1
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'OpsLogTools'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:NO_COLOR = '1'

function Invoke-Native {
    param([Parameter(Mandatory)][string] $Command, [string[]] $Arguments)
    & $Command @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Command $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    Write-Host "==> Publishing module to $ModuleOut"
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    Invoke-Native dotnet (@('publish', (Join-Path $Root 'src/OpsLogTools/OpsLogTools.csproj'), '-c', $Configuration, '-o', $ModuleOut, '--nologo', '-v', 'q') + (Get-ReadyToRunArguments))
    Copy-Item (Join-Path $Root 'module/*') $ModuleOut -Recurse -Force
    # Help sources are data files; the MAML that Get-Help reads is generated here (platyPS is not available).
    Remove-Item (Join-Path $ModuleOut 'en-US/*.help.psd1') -ErrorAction SilentlyContinue
    # Help and the sample are made by the freshly built module, in a child pwsh so this session loads no dll.
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', $PSCommandPath, '-Task', 'PostBuild')
    Write-Host "==> Module ready: Import-Module $ModuleOut"
}

# The module's assemblies are compiled ahead of time (ReadyToRun) for this machine's platform, so that the first call
# in a fresh pwsh does not wait for the JIT (issue 19). They keep their IL: on another platform (a fleet host of another
# architecture) the runtime ignores the native code and compiles as usual. -NoReadyToRun (or $env:OPSLOGTOOLS_NO_R2R=1)
# publishes IL only, for comparing.
function Get-ReadyToRunArguments {
    if ($NoReadyToRun -or $env:OPSLOGTOOLS_NO_R2R -eq '1' -or -not $IsLinux) { return @() }
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture
    $rid = switch ($arch) { 'X64' { 'linux-x64' } 'Arm64' { 'linux-arm64' } default { $null } }
    if (-not $rid) { return @() }
    @('-r', $rid, '--self-contained', 'false', '-p:PublishReadyToRun=true')
}

function Get-PesterModulePath {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/pester/Pester.Restore.csproj'), '--nologo', '-v', 'q')
    $globalPackages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $psd1 = Get-ChildItem -Path (Join-Path $globalPackages.Trim() 'pester') -Filter Pester.psd1 -Recurse |
        Sort-Object FullName -Descending | Select-Object -First 1
    if (-not $psd1) { throw 'Pester was not restored.' }
    $psd1.FullName
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Out 'test-results'
    New-Item -ItemType Directory -Force $results | Out-Null

    $xPassed = 0; $xFailed = 0; $xSkipped = 0
    if ($Task -ne 'Pester') {
    Write-Host '==> xunit (engine)'
    $trx = Join-Path $results 'xunit.trx'
    Remove-Item $trx -ErrorAction SilentlyContinue
    & dotnet test (Join-Path $Root 'tests/OpsLogTools.Core.Tests/OpsLogTools.Core.Tests.csproj') -c $Configuration --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal'
    $xunitExit = $LASTEXITCODE
    if (Test-Path $trx) {
        [xml] $doc = Get-Content -Raw $trx
        $counters = $doc.TestRun.ResultSummary.Counters
        $xPassed = [int] $counters.passed
        $xFailed = [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        # vstest counts xunit's skipped tests as neither executed nor notExecuted: they are the difference.
        $xSkipped = [math]::Max([int] $counters.notExecuted, [int] $counters.total - [int] $counters.executed)
    }
    if ($xunitExit -ne 0 -and $xFailed -eq 0) { $xFailed = 1; Write-Host "xunit exited with $xunitExit" }
    }

    Write-Host '==> Pester (cmdlets, fresh pwsh against out/)'
    $pester = Get-PesterModulePath
    $pesterJson = Join-Path $results 'pester.json'
    Remove-Item $pesterJson -ErrorAction SilentlyContinue
    $filter = if ($PesterFilter) { "'" + (($PesterFilter | ForEach-Object { $_ -replace "'", "''" }) -join "','") + "'" } else { '' }
    $script = @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$Out' + [IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module '$pester' -MinimumVersion 5.0
`$c = New-PesterConfiguration
`$c.Run.Path = '$(Join-Path $Root 'tests/pester')'
`$c.Run.PassThru = `$true
`$c.Output.Verbosity = 'Normal'
`$c.TestResult.Enabled = `$true
`$c.TestResult.OutputPath = '$(Join-Path $results 'pester.xml')'
`$filter = @($filter)
if (`$filter.Count -gt 0) { `$c.Filter.FullName = `$filter }
`$r = Invoke-Pester -Configuration `$c
@{ Passed = `$r.PassedCount; Skipped = `$r.SkippedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } | ConvertTo-Json | Set-Content '$pesterJson'
"@
    & dotnet pwsh -NoProfile -NonInteractive -Command $script
    $pPassed = 0; $pFailed = 0; $pSkipped = 0
    if (Test-Path $pesterJson) {
        $p = Get-Content -Raw $pesterJson | ConvertFrom-Json
        $pPassed = [int] $p.Passed; $pFailed = [int] $p.Failed; $pSkipped = [int] $p.Skipped
    } else { $pFailed = 1; Write-Host 'Pester did not report results.' }

    # Fuzzing comes after both suites and before the closing line: each target counts as one test.
    $fuzzPart = ''
    $fPassed = 0; $fFailed = 0; $fSkipped = 0
    if ($FuzzSeconds -gt 0) {
        try {
            $fuzz = Invoke-Fuzz -Seconds $FuzzSeconds -Only $FuzzTarget -Jobs $FuzzJobs -AflOptional
            $fPassed = $fuzz.Passed; $fFailed = $fuzz.Failed; $fSkipped = $fuzz.Skipped
        } catch {
            Write-Host "fuzzing could not run: $_"
            $fFailed = 1
        }
        $fuzzPart = "; fuzz: $fPassed passed, $fFailed failed, $fSkipped skipped"
    }

    $passed = $xPassed + $pPassed + $fPassed
    $failed = $xFailed + $pFailed + $fFailed
    $skipped = $xSkipped + $pSkipped + $fSkipped
    Write-Host "xunit: $xPassed passed, $xFailed failed, $xSkipped skipped; Pester: $pPassed passed, $pFailed failed, $pSkipped skipped$fuzzPart"
    Write-Host "$passed passed, $failed failed, $skipped skipped"
    if ($failed -gt 0) { exit 1 }
}

function ConvertTo-XmlText([string] $Text) { [Security.SecurityElement]::Escape($Text) }

# Nullable<DateTimeOffset> reads as DateTimeOffset in help, as it does in PowerShell's own cmdlets.
function Get-HelpTypeName([type] $Type) {
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { $inner.Name } else { $Type.Name }
}

# The type names Get-Command -Syntax prints for one parameter set, by parameter, in its order ("[-Path] <string[]>").
function Get-SyntaxTypeNames([System.Management.Automation.CommandParameterSetInfo] $Set) {
    $names = [ordered]@{}
    foreach ($m in [regex]::Matches($Set.ToString(), '\[?-(\w+)\]?(?: <([^>]+)>)?')) { $names[$m.Groups[1].Value] = $m.Groups[2].Value }
    $names
}

# One type's name as Get-Command -Syntax prints it (type accelerators in lower case, Nullable unwrapped).
function Get-SyntaxTypeName([type] $Type) {
    $inner = [Nullable]::GetUnderlyingType($Type)
    if ($inner) { $Type = $inner }
    $element = if ($Type.IsArray) { $Type.GetElementType() } else { $Type }
    $accelerators = [psobject].Assembly.GetType('System.Management.Automation.TypeAccelerators')::Get
    $short = $accelerators.GetEnumerator() | Where-Object { $_.Value -eq $element -and $_.Key -cmatch '^[a-z]' } | Select-Object -First 1 -ExpandProperty Key
    $name = if ($short) { $short } else { $element.Name }
    if ($Type.IsArray) { "$name[]" } else { $name }
}

# A parameter's default as help shows it: what a fresh instance of the cmdlet holds, "False" for a switch, "None" when unset.
function Get-HelpDefault($Instance, $Parameter) {
    if ($Parameter.ParameterType -eq [switch]) { return 'False' }
    if (-not $Instance -or $Parameter.Name -in 'WhatIf', 'Confirm') { return 'None' }
    $prop = $Instance.GetType().GetProperty($Parameter.Name)
    if (-not $prop) { return 'None' }
    $value = $prop.GetValue($Instance)
    if ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { return 'None' }
    if ($value -is [TimeSpan]) { return $value.ToString('c') }
    [string] $value
}

function ConvertTo-MamlPara([string] $Text) {
    (($Text -split "\r?\n\s*\r?\n") | Where-Object { $_.Trim() } | ForEach-Object {
        "<maml:para>$(ConvertTo-XmlText (($_ -split '\r?\n' | ForEach-Object Trim) -join ' '))</maml:para>" }) -join "`n"
}

# Writes en-US/OpsLogTools.dll-Help.xml (MAML) from module/en-US/<Cmdlet>.help.psd1 and the cmdlets' own metadata
# (parameter types, positions, pipeline binding), so help can never disagree with the code about a parameter.
function New-HelpXml {
    $module = Import-Module $ModuleOut -PassThru -Force
    $sourceDir = Join-Path $Root 'module/en-US'
    $sb = [Text.StringBuilder]::new()
    [void] $sb.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
    [void] $sb.AppendLine('<helpItems schema="maml" xmlns="http://msh" xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
    # Get-Command's copy of each cmdlet, not ExportedCmdlets': only it holds the dynamic parameters (the fleet's -Session,
    # -HostName, ...) that Get-Command -Syntax shows.
    foreach ($cmd in (Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name)) {
        $src = Join-Path $sourceDir "$($cmd.Name).help.psd1"
        if (-not (Test-Path $src)) { throw "No help source for $($cmd.Name): $src" }
        $h = Import-PowerShellDataFile $src
        $verb, $noun = $cmd.Name -split '-', 2
        [void] $sb.AppendLine('<command:command>')
        [void] $sb.AppendLine("<command:details><command:name>$($cmd.Name)</command:name><maml:description>$(ConvertTo-MamlPara $h.Synopsis)</maml:description><command:verb>$verb</command:verb><command:noun>$noun</command:noun></command:details>")
        [void] $sb.AppendLine("<maml:description>$(ConvertTo-MamlPara $h.Description)</maml:description>")
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        # -WhatIf and -Confirm are shown in SYNTAX and PARAMETERS, as built-in cmdlets show them, when the cmdlet supports them.
        $shown = @('WhatIf', 'Confirm') | Where-Object { $cmd.Parameters.ContainsKey($_) }
        $hidden = $common | Where-Object { $_ -notin $shown }
        # Defaults are read from a fresh instance of the cmdlet, so help says what the code does.
        $instance = try { [Activator]::CreateInstance($cmd.ImplementingType) } catch { $null }
        $allTypes = @{}
        foreach ($set in $cmd.ParameterSets) { $n = Get-SyntaxTypeNames $set; foreach ($k in $n.Keys) { if ($n[$k]) { $allTypes[$k] = $n[$k] } } }
        [void] $sb.AppendLine('<command:syntax>')
        foreach ($set in $cmd.ParameterSets) {
            # Each syntax item lists the parameters in Get-Command -Syntax's order and with its type names, so that help's
            # SYNTAX reads exactly as Get-Command -Syntax (tests/pester/Help.Tests.ps1 compares them).
            $typeNames = Get-SyntaxTypeNames $set
            [void] $sb.AppendLine("<command:syntaxItem><maml:name>$($cmd.Name)</maml:name>")
            foreach ($name in $typeNames.Keys) {
                $p = $set.Parameters | Where-Object Name -eq $name
                if (-not $p -or $p.Name -in $hidden) { continue }
                $pos = if ($p.Position -ge 0) { $p.Position + 1 } else { 'named' }
                $value = if ($p.ParameterType -eq [switch]) { '' } else { "<command:parameterValue required=`"true`">$(ConvertTo-XmlText $typeNames[$name])</command:parameterValue>" }
                [void] $sb.AppendLine("<command:parameter required=`"$($p.IsMandatory.ToString().ToLower())`" position=`"$pos`" pipelineInput=`"$(if ($p.ValueFromPipeline -or $p.ValueFromPipelineByPropertyName) { 'True' } else { 'False' })`"><maml:name>$($p.Name)</maml:name>$value</command:parameter>")
            }
            [void] $sb.AppendLine('</command:syntaxItem>')
        }
        [void] $sb.AppendLine('</command:syntax>')
        [void] $sb.AppendLine('<command:parameters>')
        $standard = @{
            WhatIf  = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.'
            Confirm = 'Prompts you for confirmation before running the cmdlet.'
        }
        $inputs = [ordered]@{}
        foreach ($p in ($cmd.Parameters.Values | Where-Object { $_.Name -notin $hidden } | Sort-Object { $_.Name -in $shown }, Name)) {
            $text = if ($p.Name -in $shown) { $standard[$p.Name] } else { $h['Parameters'][$p.Name] }
            if (-not $text) { throw "Help for $($cmd.Name) does not describe parameter -$($p.Name)" }
            $attrs = @($p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
            $mandatory = [bool]($attrs | Where-Object Mandatory)
            $byValue = [bool]($attrs | Where-Object ValueFromPipeline)
            $byName = [bool]($attrs | Where-Object ValueFromPipelineByPropertyName)
            $pipe = if ($byValue -and $byName) { 'True (ByValue, ByPropertyName)' } elseif ($byValue) { 'True (ByValue)' } elseif ($byName) { 'True (ByPropertyName)' } else { 'False' }
            $positioned = @($attrs | Where-Object { $_.Position -ge 0 })
            $pos = if ($positioned.Count -gt 0) { $positioned[0].Position + 1 } else { 'named' }
            $globbing = ([bool]($p.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })).ToString().ToLower()
            $isSwitch = $p.ParameterType -eq [switch]
            $typeName = if ($allTypes.ContainsKey($p.Name)) { $allTypes[$p.Name] } else { Get-SyntaxTypeName $p.ParameterType }
            $default = Get-HelpDefault $instance $p
            $aliases = if ($p.Aliases.Count -gt 0) { $p.Aliases -join ', ' } else { 'None' }
            [void] $sb.AppendLine("<command:parameter required=`"$($mandatory.ToString().ToLower())`" variableLength=`"$($p.ParameterType.IsArray.ToString().ToLower())`" globbing=`"$globbing`" pipelineInput=`"$pipe`" position=`"$pos`" aliases=`"$(ConvertTo-XmlText $aliases)`"><maml:name>$($p.Name)</maml:name><maml:description>$(ConvertTo-MamlPara $text)</maml:description><command:parameterValue required=`"$((-not $isSwitch).ToString().ToLower())`" variableLength=`"false`">$(ConvertTo-XmlText $(if ($isSwitch) { 'SwitchParameter' } else { $typeName }))</command:parameterValue><dev:type><maml:name>$(ConvertTo-XmlText $p.ParameterType.FullName)</maml:name></dev:type><dev:defaultValue>$(ConvertTo-XmlText $default)</dev:defaultValue></command:parameter>")
            if ($byValue -or $byName) {
                $key = $typeName -replace '\[\]$', ''
                $how = if ($byValue -and $byName) { "-$($p.Name), by value and by property name" } elseif ($byValue) { "-$($p.Name), by value" } else { "-$($p.Name), by property name" }
                if ($inputs.Contains($key)) { $inputs[$key] += "; $how" } else { $inputs[$key] = "You can pipe $key objects to this cmdlet: $how" }
            }
        }
        [void] $sb.AppendLine('</command:parameters>')
        [void] $sb.AppendLine('<command:inputTypes>')
        if ($inputs.Count -eq 0) {
            [void] $sb.AppendLine('<command:inputType><dev:type><maml:name>None</maml:name></dev:type><maml:description><maml:para>You cannot pipe objects to this cmdlet.</maml:para></maml:description></command:inputType>')
        }
        foreach ($key in $inputs.Keys) {
            [void] $sb.AppendLine("<command:inputType><dev:type><maml:name>$(ConvertTo-XmlText $key)</maml:name></dev:type><maml:description><maml:para>$(ConvertTo-XmlText ($inputs[$key] + '.'))</maml:para></maml:description></command:inputType>")
        }
        [void] $sb.AppendLine('</command:inputTypes>')
        [void] $sb.AppendLine('<command:returnValues>')
        foreach ($t in $cmd.OutputType) {
            [void] $sb.AppendLine("<command:returnValue><dev:type><maml:name>$(ConvertTo-XmlText $t.Name)</maml:name></dev:type><maml:description><maml:para /></maml:description></command:returnValue>")
        }
        [void] $sb.AppendLine('</command:returnValues>')
        if ($h['Notes']) { [void] $sb.AppendLine("<maml:alertSet><maml:alert>$(ConvertTo-MamlPara $h['Notes'])</maml:alert></maml:alertSet>") }
        if (@($h.Examples).Count -lt 2) { throw "Help for $($cmd.Name) needs at least two examples" }
        [void] $sb.AppendLine('<command:examples>')
        $i = 0
        foreach ($ex in $h.Examples) {
            $i++
            [void] $sb.AppendLine("<command:example><maml:title>-------------------------- Example $i`: $(ConvertTo-XmlText $ex.Title) --------------------------</maml:title><dev:code>$(ConvertTo-XmlText $ex.Code)</dev:code><dev:remarks>$(ConvertTo-MamlPara $ex.Remarks)</dev:remarks></command:example>")
        }
        [void] $sb.AppendLine('</command:examples>')
        [void] $sb.AppendLine('<command:relatedLinks>')
        foreach ($l in @($h['Links'])) { if ($l) { [void] $sb.AppendLine("<maml:navigationLink><maml:linkText>$(ConvertTo-XmlText $l)</maml:linkText></maml:navigationLink>") } }
        [void] $sb.AppendLine('</command:relatedLinks>')
        [void] $sb.AppendLine('</command:command>')
    }
    [void] $sb.AppendLine('</helpItems>')
    $target = Join-Path $ModuleOut 'en-US/OpsLogTools.dll-Help.xml'
    New-Item -ItemType Directory -Force (Split-Path $target) | Out-Null
    [IO.File]::WriteAllText($target, $sb.ToString(), [Text.UTF8Encoding]::new($false))
    Write-Host "==> Help written: $target"
}

function Invoke-PostBuild {
    New-HelpXml
    $samplePath = Join-Path $ModuleOut 'Sample'
    if (Get-Command New-OpsLogSample -ErrorAction Ignore) {
        $null = New-OpsLogSample -Path $samplePath -Seed 20220719
        Write-Host "==> Sample incident written: $samplePath"
    }
}

function Invoke-Demo {
    Invoke-Build
    $script = @"
Import-Module '$ModuleOut'
`$sample = Join-Path (Get-Module OpsLogTools).ModuleBase 'Sample'
& '$(Join-Path $Root 'module/Examples/Invoke-IncidentDemo.ps1')' -Path `$sample
"@
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $script)
}

function Invoke-Bench {
    $benchProject = Join-Path $Root 'tests/OpsLogTools.Bench/OpsLogTools.Bench.csproj'
    Invoke-Build
    # The engine side is compiled ahead of time as the module is, so that a short run does not time the JIT.
    $benchBin = Join-Path $Out 'bench-bin'
    Invoke-Native dotnet (@('publish', $benchProject, '-c', 'Release', '-o', $benchBin, '--nologo', '-v', 'q') + (Get-ReadyToRunArguments))
    $bench = Join-Path $Root 'tests/OpsLogTools.Bench/Invoke-Bench.ps1'
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-File', $bench, '-ModulePath', $ModuleOut, '-Lines', $BenchLines, '-Section', $BenchSection,
        '-BenchDll', (Join-Path $benchBin 'OpsLogTools.Bench.dll'))
}

. (Join-Path $Root 'tests/OpsLogTools.Fuzz/Invoke-Fuzz.ps1')

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Pester' { Invoke-Test }
    'Demo' { Invoke-Demo }
    'PostBuild' { Invoke-PostBuild }
    'Bench' { Invoke-Bench }
    'Fuzz' {
        $seconds = if ($FuzzSeconds -gt 0) { $FuzzSeconds } else { 60 }
        $fuzz = Invoke-Fuzz -Seconds $seconds -Only $FuzzTarget -Jobs $FuzzJobs
        Write-Host "$($fuzz.Passed) passed, $($fuzz.Failed) failed, $($fuzz.Skipped) skipped"
        if ($fuzz.Failed -gt 0) { exit 1 }
    }
    'Clean' {
        Remove-Item $Out -Recurse -Force -ErrorAction SilentlyContinue
        Get-ChildItem $Root -Include bin, obj -Recurse -Directory | Remove-Item -Recurse -Force
    }
}

# Get-LogAnomaly as a user runs it on logs no one on this project wrote (../shared/realdata, see its SOURCES.md): every
# file alone and every folder, no displaced stamps, no whole-file offset and no outage that the logs do not show. The
# verdict of each file (what its raw lines are) is in tests/OpsLogTools.Core.Tests/RealData/RealDataAnomalyTests.cs; none
# of these logs shows an anomaly, so the cmdlet must return nothing for any of them. Skipped where realdata is absent.
BeforeDiscovery {
    $root = if ($env:OPSLOGTOOLS_REALDATA) { $env:OPSLOGTOOLS_REALDATA } else { Join-Path $PSScriptRoot '../../../shared/realdata' }
    $script:realdata = if (Test-Path -LiteralPath $root -PathType Container) { (Resolve-Path -LiteralPath $root).Path } else { $null }
}

BeforeAll {
    Import-Module OpsLogTools -Force
    $root = if ($env:OPSLOGTOOLS_REALDATA) { $env:OPSLOGTOOLS_REALDATA } else { Join-Path $PSScriptRoot '../../../shared/realdata' }
    $script:realdata = if (Test-Path -LiteralPath $root -PathType Container) { (Resolve-Path -LiteralPath $root).Path } else { $null }
}

Describe 'Get-LogAnomaly on real logs' -Skip:(-not $realdata) {
    It 'finds nothing in any real log, file by file and folder by folder' {
        $notLogs = '^(SOURCES\.md|LICENSE|config\.yaml|parser\.assert|scenario\.assert|test_logfile\.sh|.*\.license|.*\.py|.*\.cpp)$'
        $files = @(Get-ChildItem -LiteralPath $realdata -Recurse -File -Force | Where-Object Name -NotMatch $notLogs)
        $folders = @(Get-ChildItem -LiteralPath $realdata -Recurse -Directory -Force) + @(Get-Item -LiteralPath $realdata)
        $files.Count | Should -BeGreaterThan 50
        $wrong = foreach ($path in @($files.FullName) + @($folders.FullName)) {
            foreach ($a in @(Get-LogAnomaly -Path $path -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)) {
                '{0}: {1} {2}:{3}-{4} {5}' -f $path, $a.Kind, $a.Path, $a.FirstLine, $a.LastLine, $a.Summary
            }
        }
        $wrong | Should -BeNullOrEmpty
    }
}

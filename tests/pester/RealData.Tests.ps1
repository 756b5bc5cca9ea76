# Get-LogAnomaly as a user runs it on logs no one on this project wrote (../shared/realdata, see its SOURCES.md): every
# file alone and every folder, no displaced stamps, no whole-file offset and no outage that the logs do not show. The
# verdict of each file (what its raw lines are) is in tests/OpsLogTools.Core.Tests/RealData/RealDataAnomalyTests.cs; none
# of these logs shows an anomaly but one: plaso's utmp_x86_64 holds the OLD_TIME/NEW_TIME pair `date` writes (record 6,
# the clock set forward by 300 s; utmpdump shows it), a witnessed clock step an admin wants to see. Everything else must
# return nothing, file by file and folder by folder. Skipped where realdata is absent.
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
        $dateStep = { param($a) $a.Kind -eq 'ClockStep' -and $a.Path -like '*/plaso/test_data/utmp/utmp_x86_64' -and $a.FirstLine -eq 6 -and $a.Summary -like '*forward by 300 s*' }
        $stepsSeen = 0
        $wrong = foreach ($path in @($files.FullName) + @($folders.FullName)) {
            foreach ($a in @(Get-LogAnomaly -Path $path -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)) {
                if (& $dateStep $a) { $stepsSeen++; continue }
                '{0}: {1} {2}:{3}-{4} {5}' -f $path, $a.Kind, $a.Path, $a.FirstLine, $a.LastLine, $a.Summary
            }
        }
        $wrong | Should -BeNullOrEmpty
        # The date pair is found from the file itself and from every folder above it (utmp, test_data, plaso, realdata).
        $stepsSeen | Should -Be 5
    }
}

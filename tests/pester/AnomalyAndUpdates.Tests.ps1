# Get-LogAnomaly, Test-YumUpdateWindow and New-OpsLogSample as a user runs them, checked against ground truth.
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:truth = Get-Content -Raw (Join-Path $sample 'ground-truth.json') | ConvertFrom-Json
    $script:anomalies = Get-LogAnomaly -Path $sample -WarningAction SilentlyContinue
}

Describe 'Get-LogAnomaly on the sample' {
    It 'finds each displaced run exactly, as a clock fault that is not tampering' {
        foreach ($run in $truth.stampRuns) {
            $a = $anomalies | Where-Object { $_.Kind -eq 'DisplacedTimestamps' -and $_.Path -eq (Join-Path $sample $run.path) }
            $a | Should -Not -BeNullOrEmpty -Because $run.path
            $a.FirstLine | Should -Be $run.firstLine
            $a.LastLine | Should -Be $run.lastLine
            [math]::Abs($a.OffsetSeconds - $run.offsetSeconds) | Should -BeLessOrEqual 1
            $a.Cause | Should -Be 'Clock'
            $a.Tampering | Should -Be 'Unlikely'
            $a.Evidence | Should -Not -BeNullOrEmpty
        }
    }

    It 'finds the NUL run as corruption at the right line' {
        $n = $truth.nulRuns[0]
        $c = $anomalies | Where-Object { $_.Kind -eq 'Corruption' -and $_.Path -eq (Join-Path $sample $n.path) }
        $c.FirstLine | Should -Be $n.line
    }

    It 'finds the stretch cut out of secure while the other files went on' {
        $m = $anomalies | Where-Object { $_.Kind -eq 'MissingLines' -and $_.Path -eq (Join-Path $sample $truth.missingLines.path) }
        @($m).Count | Should -Be 1
        [math]::Abs(($m.Start - [DateTimeOffset]$truth.missingLines.timeBefore).TotalMinutes) | Should -BeLessThan 1
        [math]::Abs(($m.End - [DateTimeOffset]$truth.missingLines.timeAfter).TotalMinutes) | Should -BeLessThan 1
        $m.Tampering | Should -BeIn @('Possible', 'Likely')
    }

    It 'raises no MissingLines alarm on the quiet origin log behind CloudFront' {
        $anomalies | Where-Object { $_.Kind -eq 'MissingLines' -and $_.Path -like '*access_log*' } | Should -BeNullOrEmpty
    }

    It 'finds the outage and the 5xx burst' {
        $o = $anomalies | Where-Object Kind -eq ServiceOutage | Sort-Object Start | Select-Object -First 1
        [math]::Abs(($o.Start - [DateTimeOffset]$truth.outage.down).TotalMinutes) | Should -BeLessThan 15
        $b = $anomalies | Where-Object Kind -eq ErrorBurst | Select-Object -First 1
        [math]::Abs(($b.Start - [DateTimeOffset]$truth.outage.firstServerError).TotalMinutes) | Should -BeLessThan 5
    }

    It 'filters with -Kind and prints enums as words' {
        $d = Get-LogAnomaly -Path $sample -Kind DisplacedTimestamps -WarningAction SilentlyContinue
        $d.Kind | Select-Object -Unique | Should -Be 'DisplacedTimestamps'
        ($d | ConvertTo-Json -Depth 3 -EnumsAsStrings) | Should -Match '"Tampering": "Unlikely"'
    }

    It 'takes entries from Get-LogEntry' {
        $d = Get-LogEntry -Path (Join-Path $sample 'cron*'), (Join-Path $sample 'messages*') -WarningAction SilentlyContinue |
            Get-LogAnomaly -Kind DisplacedTimestamps
        ($d | Where-Object Path -like '*cron').FirstLine | Should -Be ($truth.stampRuns | Where-Object path -eq 'cron').firstLine
    }
}

Describe 'Test-YumUpdateWindow' {
    It 'lists every update run with its packages and schedule' {
        $runs = Test-YumUpdateWindow -Path $sample -WarningAction SilentlyContinue
        $runs.Count | Should -Be $truth.updateRuns.Count
        foreach ($t in $truth.updateRuns) {
            $r = $runs | Where-Object { [math]::Abs(($_.UpdateStart - [DateTimeOffset]$t.start).TotalSeconds) -lt 2 }
            $r | Should -Not -BeNullOrEmpty
            $r.Packages.Count | Should -Be $t.packages.Count
            $r.Schedule | Should -Be $t.schedule
        }
    }

    It 'works in the pipeline from Get-LogAnomaly and names the relevant packages with reasons' {
        $r = Get-LogAnomaly -Path $sample -Kind DisplacedTimestamps -WarningAction SilentlyContinue |
            Select-Object -First 1 | Test-YumUpdateWindow -Path $sample -Within 1:00:00 -WarningAction SilentlyContinue
        $r | Should -Not -BeNullOrEmpty
        $r.Relation | Should -BeIn @('After', 'Overlaps')
        $r.RelevantPackages.Package.Name | Should -Contain 'rsyslog'
        ($r.RelevantPackages | Where-Object { $_.Package.Name -eq 'tzdata' }).Reason | Should -Match 'zone'
        $r.Verdict | Should -Match 'rsyslog'
    }

    It 'gives the right relation for incidents before, during and after a run' {
        $night = $truth.updateRuns | Sort-Object start | Select-Object -Last 1
        $s = [DateTimeOffset]$night.start; $e = [DateTimeOffset]$night.end
        (Test-YumUpdateWindow -Path $sample -Start $s.AddHours(1) -End $s.AddHours(2) -Within 3:00:00 -WarningAction SilentlyContinue | Where-Object UpdateStart -eq $s).Relation | Should -Be 'Before'
        (Test-YumUpdateWindow -Path $sample -Start $s.AddMinutes(-5) -End $e.AddMinutes(5) -Within 0:10:00 -WarningAction SilentlyContinue | Where-Object UpdateStart -eq $s).Relation | Should -Be 'During'
        $after = Test-YumUpdateWindow -Path $sample -Start $s.AddHours(-3) -End $s.AddHours(-2) -Within 3:00:00 -WarningAction SilentlyContinue | Where-Object UpdateStart -eq $s
        $after.Relation | Should -Be 'After'
        $after.Gap | Should -Be ($s - $s.AddHours(-2))
    }

    It 'answers -Quiet with a boolean' {
        $night = $truth.updateRuns | Sort-Object start | Select-Object -Last 1
        Test-YumUpdateWindow -Path $sample -At ([DateTimeOffset]$night.start).AddMinutes(5) -Within 0:10:00 -Quiet -WarningAction SilentlyContinue | Should -BeTrue
        Test-YumUpdateWindow -Path $sample -At ([DateTimeOffset]$night.start).AddHours(-8) -Within 0:10:00 -Quiet -WarningAction SilentlyContinue | Should -BeFalse
    }

    It 'refuses -Quiet without an incident instead of answering True' {
        { Test-YumUpdateWindow -Path $sample -Quiet -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'QuietNeedsIncident,OpsLogTools.Commands.TestYumUpdateWindowCommand'
    }
}

Describe 'New-OpsLogSample' {
    It 'writes the same bytes for the same seed and other addresses for another' {
        $a = New-OpsLogSample -Path (Join-Path $TestDrive 'a') -Seed 11
        $b = New-OpsLogSample -Path (Join-Path $TestDrive 'b') -Seed 11
        $c = New-OpsLogSample -Path (Join-Path $TestDrive 'c') -Seed 12 -HostZone '-05:00'
        (Get-FileHash (Join-Path $TestDrive 'a/messages')).Hash | Should -Be (Get-FileHash (Join-Path $TestDrive 'b/messages')).Hash
        $c.Bots[0].Address | Should -Not -Be $a.Bots[0].Address
        $c.HostZone | Should -Be '-05:00'
    }

    It 'refuses a directory that is not empty without -Force' {
        { New-OpsLogSample -Path (Join-Path $TestDrive 'a') -Seed 11 -ErrorAction Stop } | Should -Throw -ErrorId 'DirectoryNotEmpty,OpsLogTools.Commands.NewOpsLogSampleCommand'
    }

    It 'writes a quiet host on which no anomaly is found' {
        $q = New-OpsLogSample -Path (Join-Path $TestDrive 'quiet') -Seed 5 -NothingPlanted
        Get-LogAnomaly -Path $q.Path -WarningAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

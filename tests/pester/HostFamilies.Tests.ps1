# Generated hosts of the other families (New-OpsLogSample -HostFamily: Debian's rsyslog files and apt, Amazon Linux 2023's
# journal and dnf), read by the cmdlets as a user runs them: Test-PackageUpdateWindow and Get-LogTimeline -Summary.
BeforeAll {
    Import-Module OpsLogTools -Force
}

Describe 'Hosts of other families' {
    It 'finds every update run of a <Family> host in <Zone> with its trigger, and the timeline tells the same runs' -ForEach @(
        @{ Family = 'Debian'; Zone = 'Europe/Berlin'; Tool = 'apt'; Timer = 'apt-daily-upgrade.timer' }
        @{ Family = 'AmazonLinux2023'; Zone = 'America/New_York'; Tool = 'dnf'; Timer = 'dnf-automatic.timer' }
    ) {
        $dir = Join-Path ([IO.Path]::GetTempPath()) "opslog-family-$Family-$PID"
        try {
            $truth = New-OpsLogSample -Path $dir -HostFamily $Family -HostTimeZone $Zone -Force
            $runs = @(Test-PackageUpdateWindow -Path $dir -TimeZone $Zone -At $truth.IncidentStart 3>$null)
            $runs.Count | Should -Be @($truth.UpdateRuns).Count
            foreach ($want in $truth.UpdateRuns) {
                $got = @($runs | Where-Object { $_.UpdateStart -eq $want.Start })
                $got.Count | Should -Be 1
                "$($got[0].Trigger)" | Should -Be $want.Trigger
                $got[0].Run.Tool | Should -Be $Tool
                if ($want.Trigger -eq 'SystemdTimer') { $got[0].Schedule | Should -BeLike "$Timer (OnCalendar=*" }
                else { $got[0].Run.User | Should -Be 'ec2-user' }
            }
            $story = @(Get-LogTimeline -Path $dir -TimeZone $Zone -Summary 3>$null)
            foreach ($want in $truth.UpdateRuns) {
                @($story | Where-Object { "$($_.Event)" -eq 'UpdateRun' -and $_.Time -ge $want.Start -and $_.Time -le $want.End }).Count | Should -Be 1
            }
            @($story | Where-Object { "$($_.Event)" -eq 'OomKill' }).Count | Should -BeGreaterThan 0
        }
        finally {
            Remove-Item -LiteralPath $dir -Recurse -Force -ErrorAction SilentlyContinue
        }
    }
}

# Issue 13 as a user meets it: the year and zone of yearless stamps come from the logs, and a guess is said once,
# never reported as the host's fault. Inputs: the project's generator and a few generated ftpd lines.
BeforeAll {
    Import-Module OpsLogTools -Force
}

Describe 'A New York host whose %z changes in November, no -TimeZone' {
    BeforeAll {
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
        $script:truth = New-OpsLogSample $dir -Seed 1313 -HostTimeZone America/New_York -IncidentStart '2022-11-05 21:30'
    }
    AfterAll { Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue }

    It 'writes the zone with its rules into the ground truth' {
        $truth.HostZone | Should -Be 'America/New_York'
    }

    It 'reads EDT lines at -04:00 and EST lines at -05:00, without a warning' {
        # The bundle as a whole: the access log's offsets are the evidence for messages' zone.
        $entries = @(Get-LogEntry $dir -WarningVariable w 3>$null | Where-Object Format -eq 'Syslog')
        $offsets = $entries | ForEach-Object { $_.Timestamp.Offset.TotalHours } | Sort-Object -Unique
        $offsets | Should -Be @(-5, -4)
        $entries[0].TimeBasis | Should -Match 'America/New_York'
        @($w | Where-Object { "$_" -match 'guesses' }).Count | Should -Be 0
    }

    It 'says the zone is a guess when messages is read without the files that show it' {
        $null = Get-LogEntry (Join-Path $dir 'messages') -WarningVariable w 3>$null
        "$($w | Where-Object { "$_" -match 'guesses' })" | Should -Match 'the zone of messages'
    }

    It 'finds the planted runs and nothing else displaced' {
        $found = @(Get-LogAnomaly $dir -Kind DisplacedTimestamps, UncertainTime 3>$null)
        $found.Count | Should -Be @($truth.StampRuns).Count
        foreach ($a in $found) {
            $run = $truth.StampRuns | Where-Object { $a.Path.EndsWith($_.Path.Replace('/', [IO.Path]::DirectorySeparatorChar)) }
            $a.FirstLine | Should -Be $run.FirstLine
            [math]::Abs($a.OffsetSeconds - $run.OffsetSeconds) | Should -BeLessOrEqual 1
        }
    }
}

Describe 'A 2005 syslog copied in 2026' {
    BeforeAll {
        # The honeynet host "combo" of 2005: ftpd prints each connection's own full date.
        $script:old = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid())
        $null = New-Item -ItemType Directory $old
        $t = [datetime]'2005-06-14 04:00:00'
        $lines = for ($i = 0; $i -lt 60; $i++) {
            $t = $t.AddMinutes(37)
            $stamp = $t.ToString('MMM', [cultureinfo]::InvariantCulture) + ' ' + "$($t.Day)".PadLeft(2) + $t.ToString(' HH:mm:ss', [cultureinfo]::InvariantCulture)
            "$stamp combo ftpd[$(20000 + $i)]: connection from 84.102.20.2 () at $($t.ToString('ddd MMM dd HH:mm:ss yyyy', [cultureinfo]::InvariantCulture))"
            "$stamp combo sshd(pam_unix)[$(21000 + $i)]: check pass; user unknown"
        }
        $path = Join-Path $old 'messages'
        Set-Content -LiteralPath $path -Value $lines
        (Get-Item -LiteralPath $path).LastWriteTimeUtc = [datetime]'2026-03-02T10:00:00'
    }
    AfterAll { Remove-Item $old -Recurse -Force -ErrorAction SilentlyContinue }

    It 'dates every line in 2005 from the printed dates' {
        $entries = @(Get-LogEntry $old 3>$null)
        $entries.Count | Should -Be 120
        $entries | ForEach-Object { $_.Timestamp.Year } | Sort-Object -Unique | Should -Be 2005
        $entries[0].TimeBasis | Should -Match '^year 2005 from printed dates in messages'
    }

    It 'says once that the zone is a guess, and reports no displaced stamps' {
        $found = @(Get-LogAnomaly $old -WarningVariable w 3>$null)
        @($w | Where-Object { "$_" -match 'guesses' }).Count | Should -Be 1
        "$($w | Where-Object { "$_" -match 'guesses' })" | Should -Match 'the zone of messages'
        @($found | Where-Object Kind -eq 'DisplacedTimestamps').Count | Should -Be 0
    }

    It 'takes -TimeZone and then has nothing to warn of' {
        $null = Get-LogEntry $old -TimeZone Europe/Berlin -WarningVariable w 3>$null
        @($w | Where-Object { "$_" -match 'guesses' }).Count | Should -Be 0
    }
}

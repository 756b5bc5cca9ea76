# Compare-LogTimeline and Get-LogTimeline as a user runs them, on the bundled sample and its ground truth.
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:truth = Get-Content (Join-Path $sample 'ground-truth.json') -Raw | ConvertFrom-Json
    function script:Rel([string] $path) { [IO.Path]::GetRelativePath($sample, $path).Replace('\', '/') }
}

Describe 'Compare-LogTimeline' {
    BeforeAll {
        $script:segments = @(Compare-LogTimeline -Reference (Join-Path $sample httpd) -Difference $sample 3>$null)
    }

    It 'finds the displaced stretch of every rsyslog file with its lines and offset' {
        $segments.Count | Should -Be @($truth.stampRuns).Count
        foreach ($run in $truth.stampRuns) {
            $s = @($segments | Where-Object { (Rel $_.Path) -eq $run.path })
            $s.Count | Should -Be 1
            $s[0].FirstLine | Should -Be $run.firstLine
            $s[0].LastLine | Should -Be $run.lastLine
            $s[0].OffsetSeconds | Should -BeGreaterOrEqual ($run.offsetSeconds - 3)
            $s[0].OffsetSeconds | Should -BeLessOrEqual ($run.offsetSeconds + 3)
            $s[0].PSObject.TypeNames[0] | Should -Be 'OpsLogTools.Core.Model.TimelineSegment'
            $s[0].Evidence | Should -Not -BeNullOrEmpty
        }
    }

    It 'covers a file end to end with -IncludeEqual' {
        $messages = Join-Path $sample messages
        $all = @(Compare-LogTimeline -Difference $messages, (Join-Path $sample httpd) -IncludeEqual 3>$null | Where-Object Path -eq $messages)
        $all[0].FirstLine | Should -Be 1
        $all[-1].LastLine | Should -Be ($truth.files | Where-Object path -eq 'messages').lineCount
        for ($i = 1; $i -lt $all.Count; $i++) { $all[$i].FirstLine | Should -Be ($all[$i - 1].LastLine + 1) }
        @($all | Where-Object IsDisplaced).Count | Should -Be 1
    }

    It 'takes -Tolerance as 2s, 5m or a number of seconds' {
        @(Compare-LogTimeline $sample -Tolerance 200d 3>$null).Count | Should -Be 0
        @(Compare-LogTimeline $sample -Tolerance '200d' 3>$null).Count | Should -Be 0
        @(Compare-LogTimeline $sample -Tolerance 2s 3>$null).Count | Should -Be @($truth.stampRuns).Count
        @(Compare-LogTimeline $sample -Tolerance 1e8 3>$null).Count | Should -Be 0
        @(Compare-LogTimeline $sample -Tolerance 5m 3>$null).Count | Should -Be @($truth.stampRuns).Count
    }

    It 'gives a non-terminating FileNotFound error for a bad path and goes on' {
        $out = @(Compare-LogTimeline -Difference (Join-Path $sample 'no-such-log'), $sample -ErrorVariable errs -ErrorAction SilentlyContinue 3>$null)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,OpsLogTools.Commands.CompareLogTimelineCommand'
        $out.Count | Should -Be @($truth.stampRuns).Count
    }

    It 'warns when the reference itself is displaced' {
        $null = Compare-LogTimeline -Reference (Join-Path $sample messages) -Difference (Join-Path $sample cron) -WarningVariable warns 3>$null
        @($warns | Where-Object { "$_" -match 'not a trusted clock' }).Count | Should -Be 1
    }
}

Describe 'Get-LogTimeline' {
    It 'merges every line in true-time order' {
        $events = @(Get-LogTimeline $sample 3>$null)
        $lines = @(Get-LogEntry $sample 3>$null).Count
        $events.Count | Should -Be $lines
        $late = 0
        $latest = $events[0].Time
        foreach ($e in $events) {
            if ($e.Time -lt $latest.AddSeconds(-5)) { $late++ }
            if ($e.Time -gt $latest) { $latest = $e.Time }
        }
        $late | Should -Be 0
        $events[0].PSObject.TypeNames[0] | Should -Be 'OpsLogTools.Core.Model.TimelineEvent'
    }

    It 're-times the OOM kill around the moment httpd died' {
        $down = [DateTimeOffset]$truth.outage.down
        $around = @(Get-LogTimeline $sample -Around $down -Window 1m 3>$null)
        $around | ForEach-Object { $_.Time | Should -BeGreaterOrEqual $down.AddMinutes(-1); $_.Time | Should -BeLessOrEqual $down.AddMinutes(1) }
        $kill = @($around | Where-Object { $_.Category -eq 'Kernel' -and $_.Message -like 'Out of memory*' })
        $kill.Count | Should -BeGreaterThan 0
        $kill[0].OffsetSeconds | Should -Be $truth.stampRuns[0].offsetSeconds
        $kill[0].StampedTime.Month | Should -Not -Be $kill[0].Time.Month
    }

    It 'cuts with -After and -Before' {
        $from = [DateTimeOffset]$truth.outage.firstServerError
        $to = $from.AddMinutes(3)
        $cut = @(Get-LogTimeline $sample -After $from -Before $to 3>$null)
        $cut.Count | Should -BeGreaterThan 0
        $cut | ForEach-Object { $_.Time | Should -BeGreaterOrEqual $from; $_.Time | Should -BeLessOrEqual $to }
    }

    It 'merges entries from the pipeline' {
        $entries = Get-LogEntry (Join-Path $sample secure), (Join-Path $sample 'httpd/access_log') 3>$null
        $merged = @($entries | Get-LogTimeline)
        $merged.Count | Should -Be @($entries).Count
        @($merged | Where-Object OffsetSeconds -ne 0).Count | Should -Be ($truth.stampRuns | Where-Object path -eq 'secure').lineCount
    }

    It 'tells the story of the night with -Summary' {
        $story = @(Get-LogTimeline $sample -Summary 3>$null)
        $story[0].PSObject.TypeNames[0] | Should -Be 'OpsLogTools.Core.Model.StoryEvent'
        $first = $story | Where-Object Event -eq FirstServerError | Select-Object -Last 1
        $first.Time | Should -Be ([DateTimeOffset]$truth.outage.firstServerError)
        $first.LineNumber | Should -Be $truth.outage.firstServerErrorLine
        ($story | Where-Object Event -eq ServiceDown).Time | Should -Be ([DateTimeOffset]$truth.outage.down)
        ($story | Where-Object Event -eq ServiceUp).Summary | Should -Match '^httpd is up again'
        @($story | Where-Object Event -eq OomKill).Count | Should -Be @($truth.outage.oomKills).Count
        @($story | Where-Object Event -eq UpdateRun).Count | Should -Be @($truth.updateRuns).Count
        ($story | Where-Object Event -eq ClockWrong).StampedTime | Should -Be ([DateTimeOffset]$truth.stampRuns[0].stampedStart)
        @($story | Where-Object Event -eq ClockRight).Count | Should -Be 1
        ($story | Format-Table | Out-String) | Should -Match 'WorkerLimitReached'
    }

    It 'gives a non-terminating FileNotFound error for a bad path and goes on' {
        $out = @(Get-LogTimeline (Join-Path $sample 'no-such-log'), (Join-Path $sample secure) -ErrorVariable errs -ErrorAction SilentlyContinue 3>$null)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,OpsLogTools.Commands.GetLogTimelineCommand'
        $out.Count | Should -Be ($truth.files | Where-Object path -eq 'secure').lineCount
    }
}

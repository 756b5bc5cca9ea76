# Get-LogEntry as a user runs it: on the bundled sample (written by New-OpsLogSample at build time, with its
# ground truth), with wildcards, with Get-ChildItem input, and with malformed files beside good ones.
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:truth = Get-Content -Raw (Join-Path $sample 'ground-truth.json') | ConvertFrom-Json
    $script:all = Get-LogEntry -Path $sample -WarningAction SilentlyContinue
}

Describe 'Get-LogEntry on the sample bundle' {
    It 'reads every line of every log file the truth lists' {
        foreach ($f in $truth.files | Where-Object kind -ne 'Crontab') {
            $full = Join-Path $sample $f.path
            $expected = if ($f.kind -eq 'CloudFront') { $f.lineCount - 2 } else { $f.lineCount }   # '#Version' and '#Fields'
            @($all | Where-Object Path -eq $full).Count | Should -Be $expected -Because $f.path
        }
    }

    It 'passes over files that are not logs' {
        $all.Path | Should -Not -Contain (Join-Path $sample 'etc/crontab')
        $all.Path | Should -Not -Contain (Join-Path $sample 'ground-truth.json')
    }

    It 'writes typed entries with provenance' {
        $e = $all | Where-Object { $_.Format -eq 'Syslog' } | Select-Object -First 1
        $e | Should -BeOfType ([OpsLogTools.Core.Model.LogEntry])
        $e.Timestamp | Should -BeOfType ([DateTimeOffset])
        $e.StampText | Should -Match '^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d$'
        $e.LineNumber | Should -BeGreaterThan 0
        $a = $all | Where-Object { $_ -is [OpsLogTools.Core.Model.AccessLogEntry] -and $_.Format -eq 'CloudFront' } | Select-Object -First 1
        $a.EdgeLocation | Should -Not -BeNullOrEmpty
        $a.Timestamp.Offset | Should -Be ([TimeSpan]::Zero)
    }

    It 'takes the year and zone of yearless stamps from the bundle, and keeps the year in a displaced run' {
        $run = $truth.stampRuns | Where-Object path -eq 'messages' | Select-Object -First 1
        $line = $all | Where-Object { $_.Path -eq (Join-Path $sample 'messages') -and $_.LineNumber -eq $run.firstLine }
        $line.Timestamp | Should -Be ([DateTimeOffset]$run.stampedStart)
        $line.Timestamp.Offset | Should -Be ([TimeSpan]::Parse($truth.hostZone.TrimStart('+')))
        $line.TimeBasis | Should -Match 'from bundle'
    }

    It 'reads a rotated set oldest first with wildcards' {
        $paths = Get-LogEntry -Path (Join-Path $sample 'secure*') | ForEach-Object Path | Select-Object -Unique
        $paths | ForEach-Object { Split-Path $_ -Leaf } | Should -Be @('secure-20220710.gz', 'secure-20220717', 'secure')
    }

    It 'binds Get-ChildItem output to -LiteralPath' {
        $files = Get-ChildItem $sample -Filter 'cron*'
        $paths = $files | Get-LogEntry | ForEach-Object Path | Select-Object -Unique
        @($paths).Count | Should -Be @($files).Count
    }

    It 'filters by -Since and -Until' {
        $since = [DateTimeOffset]$truth.incidentStart
        $r = Get-LogEntry -Path (Join-Path $sample 'httpd/access_log') -Since $since -Until $since.AddMinutes(30)
        $r.Count | Should -BeGreaterThan 0
        $r | ForEach-Object { $_.Timestamp -ge $since -and $_.Timestamp -lt $since.AddMinutes(30) } | Should -Not -Contain $false
    }

    It 'reports the NUL run as a warning naming the file and line' {
        $null = Get-LogEntry -Path (Join-Path $sample 'messages') -WarningVariable w -WarningAction SilentlyContinue
        $nul = $truth.nulRuns | Select-Object -First 1
        ($w -join "`n") | Should -Match ([regex]::Escape("messages:$($nul.line):"))
    }
}

Describe 'Get-LogEntry with bad input' {
    BeforeAll {
        $dir = Join-Path $TestDrive 'mixed'
        New-Item -ItemType Directory $dir | Out-Null
        # Hand-written after Apache's combined format; one line is garbage, one has a hostile user agent.
        @(
            '203.0.113.9 - - [19/Jul/2022:21:10:03 +0900] "GET / HTTP/1.1" 200 512 "-" "Mozilla/5.0"'
            'this is not a log line at all'
            "203.0.113.9 - - [19/Jul/2022:21:10:04 +0900] `"GET /x HTTP/1.1`" 404 9 `"-`" `"evil`e[31mred`""
            '2001:db8::7 - - [19/Jul/2022:21:10:05 +0900] "GET /y HTTP/1.1" 200 10 "-" "curl/8.0"'
        ) | Set-Content (Join-Path $dir 'access_log')
        # A gzip cut in half: every line before the cut is read, then a TruncatedGzip error.
        $lines = 1..2000 | ForEach-Object { "Jul 19 21:{0:00}:{1:00} host sshd[{2}]: Connection closed by 198.51.100.{3} port 22" -f ([int]($_ / 60) % 60), ($_ % 60), (1000 + $_), ($_ % 250) }
        $plain = Join-Path $TestDrive 'secure-src'
        $lines | Set-Content $plain
        $ms = [IO.MemoryStream]::new()
        $gz = [IO.Compression.GZipStream]::new($ms, [IO.Compression.CompressionLevel]::Optimal, $true)
        $bytes = [IO.File]::ReadAllBytes($plain); $gz.Write($bytes, 0, $bytes.Length); $gz.Dispose()
        [IO.File]::WriteAllBytes((Join-Path $dir 'secure-20220717.gz'), $ms.ToArray()[0..([int]($ms.Length / 2))])
    }

    It 'reads every good line, warns about the bad one and goes on' {
        $r = Get-LogEntry -Path (Join-Path $dir 'access_log') -WarningVariable w -WarningAction SilentlyContinue
        $r.Count | Should -Be 3
        ($w -join "`n") | Should -Match 'access_log:2'
        ($r | Where-Object ClientIp -eq '2001:db8::7').Status | Should -Be 200
    }

    It 'gives a non-terminating TruncatedGzip error naming the file, after the lines before the cut' {
        $r = Get-LogEntry -Path $dir -ReferenceDate '2022-07-20T00:00:00+09:00' -TimeZone '+09:00' -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e.FullyQualifiedErrorId | Should -Contain 'TruncatedGzip,OpsLogTools.Commands.GetLogEntryCommand'
        ($e | Where-Object { $_.FullyQualifiedErrorId -like 'TruncatedGzip*' }).TargetObject | Should -BeLike '*secure-20220717.gz'
        @($r | Where-Object Path -like '*secure-20220717.gz').Count | Should -BeGreaterThan 100
        @($r | Where-Object Path -like '*access_log').Count | Should -Be 3
    }

    It 'gives FileNotFound for a missing path and reads the others' {
        $r = Get-LogEntry -Path (Join-Path $dir 'nope.log'), (Join-Path $dir 'access_log') -ErrorVariable e -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $e[0].FullyQualifiedErrorId | Should -Be 'FileNotFound,OpsLogTools.Commands.GetLogEntryCommand'
        $r.Count | Should -Be 3
    }

    It 'refuses a bad -TimeZone with a clear message' {
        { Get-LogEntry -Path $dir -TimeZone 'Mars/Olympus' } | Should -Throw '*not a known time zone*'
    }

    It 'shows no terminal escapes on the console' {
        $text = Get-LogEntry -Path (Join-Path $dir 'access_log') -WarningAction SilentlyContinue | Format-Table | Out-String -Width 300
        $text | Should -Not -Match "`e"
        $text | Should -Match '␛\[31mred'
    }

    It 'reads legacy Japanese logs with -Encoding' {
        [Text.Encoding]::RegisterProvider([Text.CodePagesEncodingProvider]::Instance)
        $sjis = [Text.Encoding]::GetEncoding('shift_jis')
        $file = Join-Path $TestDrive 'messages-sjis'
        [IO.File]::WriteAllBytes($file, $sjis.GetBytes("Jul 19 21:10:03 host app[12]: ログ出力`n"))
        (Get-LogEntry -LiteralPath $file -Encoding shift_jis -ReferenceDate '2022-07-20T00:00:00+09:00').Message | Should -Be 'ログ出力'
        (Get-LogEntry -LiteralPath $file -ReferenceDate '2022-07-20T00:00:00+09:00').Message | Should -Match '\\x83'
    }
}

# Export-OpsReport as a user runs it: a generated bundle, a hostile hand-written bundle, and the page opened in a real
# (headless) browser. The browser tests need Debian's chromium (apt-get install -y chromium); they are skipped, saying
# so, only when it is not installed.
BeforeDiscovery {
    $script:chromium = @('chromium', 'chromium-browser', 'google-chrome') |
        ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1
}

BeforeAll {
    Import-Module OpsLogTools -Force
    $script:chromiumPath = @('chromium', 'chromium-browser', 'google-chrome') |
        ForEach-Object { Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue } | Select-Object -First 1 -ExpandProperty Source

    $script:bundle = Join-Path $TestDrive 'bundle'
    $null = New-OpsLogSample -Path $bundle -Seed 31 -Force
    $script:truth = Get-Content -Raw (Join-Path $bundle 'ground-truth.json') | ConvertFrom-Json
    $script:html = Join-Path $TestDrive 'report.html'
    $script:file = Export-OpsReport -Path $bundle -OutFile $html -Title 'Nightly report' 3>$null

    # A small bundle written by hand, after Apache's combined format: one prober whose request paths, referers and user
    # agents carry markup, script URLs, terminal escapes (as Apache writes them, \x1b) and spreadsheet formulas.
    $script:hostileDir = Join-Path $TestDrive 'hostile'
    New-Item -ItemType Directory -Force (Join-Path $hostileDir 'httpd') | Out-Null
    $payloads = @(
        '/wp-login.php/</script><img src=x onerror=alert(1)>'
        '/wp-admin/\"><svg onload=alert(document.domain)>'
        '/xmlrpc.php?<script>alert(1)</script>'
        '/wp-content/=HYPERLINK(\"http://evil.example/\",\"x\")'
        '/wp-includes/a|b`c`[x](javascript:alert(1))'
    )
    $agents = @(
        '\"><img src=x onerror=alert(1)>'
        '=HYPERLINK(\"http://evil.example/\",\"click\")'
        '\x1b[31mred\x1b[0m\x1b]0;owned\x07 Mozilla/5.0'
        '</script><script>alert(1)</script>'
    )
    $referers = @('javascript:alert(1)', 'http://evil.example/\"><svg onload=alert(1)>', '+cmd|\x27 /C calc\x27!A0')
    $start = [DateTimeOffset]::new(2024, 5, 6, 1, 0, 0, [TimeSpan]::FromHours(2))
    $lines = for ($i = 0; $i -lt 90; $i++) {
        $t = $start.AddSeconds($i * 40).ToString('dd/MMM/yyyy:HH:mm:ss zz00', [Globalization.CultureInfo]::InvariantCulture)
        '203.0.113.66 - - [{0}] "GET {1} HTTP/1.1" 404 196 "{2}" "{3}"' -f $t, $payloads[$i % $payloads.Count], $referers[$i % $referers.Count], $agents[$i % $agents.Count]
        '198.51.100.{0} - - [{1}] "GET / HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64)"' -f (($i % 30) + 1), $t
    }
    [IO.File]::WriteAllText((Join-Path $hostileDir 'httpd/access_log'), (($lines -join "`n") + "`n"))
    $script:hostileHtml = Join-Path $TestDrive 'hostile.html'
    $script:hostileMd = Join-Path $TestDrive 'hostile.md'
    $null = Export-OpsReport -Path $hostileDir -OutFile $hostileHtml 3>$null
    $null = Export-OpsReport -Path $hostileDir -OutFile $hostileMd 3>$null

    # [Uri]'/tmp/x' in PowerShell is a relative URI with no AbsoluteUri: say Absolute explicitly.
    function ConvertTo-FileUri([string] $Path) { [Uri]::new($Path, [UriKind]::Absolute).AbsoluteUri }

    function Invoke-Chromium([string[]] $Arguments) {
        $profileDir = Join-Path $TestDrive ("chromium-" + [guid]::NewGuid().ToString('N'))
        $psi = [Diagnostics.ProcessStartInfo]::new($chromiumPath)
        foreach ($a in @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
                '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir") + $Arguments) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $p = [Diagnostics.Process]::Start($psi)
        $err = $p.StandardError.ReadToEndAsync()
        $out = $p.StandardOutput.ReadToEnd()
        if (-not $p.WaitForExit(120000)) { $p.Kill($true); throw 'chromium did not finish in 2 minutes' }
        # Chromium's own chatter (dbus, GPU) goes to stderr: kept only to explain a failure.
        $script:chromiumLog = ($err.Result -split "`n" | Where-Object { $_ -and $_ -notmatch 'dbus|unexpected operator' } | Select-Object -Last 20) -join "`n"
        $out
    }
}

Describe 'Export-OpsReport' {
    It 'writes the HTML report of a generated bundle and returns its FileInfo' {
        $file | Should -BeOfType ([IO.FileInfo])
        $file.FullName | Should -Be $html
        $file.Length | Should -BeGreaterThan 20kb
        $text = Get-Content -Raw $html
        $text | Should -Match '<h1 id="title">Nightly report</h1>'
        # Zoomed to the incident (CloudFront, origin, bots) and the whole period small below them.
        ([regex]::Matches($text, '<svg ')).Count | Should -Be 4
        $text | Should -Match 'id="chart-overview"'
        foreach ($bot in $truth.bots) { $text | Should -Match ([regex]::Escape($bot.address)) }
        $text | Should -Match 'id="anomalies-table"'
        $text | Should -Match 'id="updates-table"'
        foreach ($bot in $truth.bots | Where-Object kind -ne 'Crawler') { $text | Should -Match ('Require not ip ' + [regex]::Escape($bot.address)) }
        # Never a rule for an edge address.
        foreach ($edge in $truth.edgeAddresses) { $text | Should -Not -Match ('Require not ip ' + [regex]::Escape($edge) + '\b') }
    }

    It 'writes Markdown for an -OutFile ending in .md, limited by -Since and -Until' {
        $since = [DateTimeOffset]::Parse($truth.incidentStart).AddHours(-2)
        $md = Join-Path $TestDrive 'night.md'
        $f = Export-OpsReport -Path $bundle -OutFile $md -Since $since -Until $since.AddHours(14) 3>$null
        $f.Extension | Should -Be '.md'
        $text = Get-Content -Raw $md
        $text | Should -Match '(?m)^## Anomalies'
        $text | Should -Match '(?m)^\| Client \| Kind'
        $text | Should -Not -Match '<svg'
        $text | Should -Match ([regex]::Escape($truth.bots[0].address))
    }

    It 'writes nothing with -WhatIf' {
        $target = Join-Path $TestDrive 'whatif.html'
        Export-OpsReport -Path $bundle -OutFile $target -WhatIf 3>$null | Should -BeNullOrEmpty
        $target | Should -Not -Exist
    }

    It 'reports findings piped from the other cmdlets' {
        $target = Join-Path $TestDrive 'piped.html'
        $bots = @(Find-BotRequest $bundle -ExcludeBenign 3>$null)
        $f = $bots | Export-OpsReport -OutFile $target -Title 'Bots only'
        $f.Exists | Should -BeTrue
        $text = Get-Content -Raw $target
        ([regex]::Matches($text, '<tr class="bot">')).Count | Should -Be $bots.Count
        $text | Should -Match 'No file was read'
    }

    It 'analyses piped log entries together with -Path' {
        $target = Join-Path $TestDrive 'entries.html'
        $anomalies = @(Get-LogAnomaly $bundle -Kind ServiceOutage 3>$null)
        $f = $anomalies | Export-OpsReport -Path (Join-Path $bundle 'httpd') -OutFile $target 3>$null
        $text = Get-Content -Raw $f.FullName
        $text | Should -Match 'id="chart-origin"'
        ([regex]::Matches($text, '<tr class="anomaly anomaly-ServiceOutage">')).Count | Should -BeGreaterOrEqual $anomalies.Count
    }

    It 'says which piped objects it cannot report' {
        $target = Join-Path $TestDrive 'odd.html'
        $null = [pscustomobject]@{ Name = 'x' } | Export-OpsReport -OutFile $target -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnsupportedInputObject,OpsLogTools.Commands.ExportOpsReportCommand'
    }

    It 'fails with an error id when the report cannot be written' {
        { Export-OpsReport -Path $bundle -OutFile (Join-Path $TestDrive 'no/such/dir/r.html') 3>$null } |
            Should -Throw -ErrorId 'ReportNotWritten,OpsLogTools.Commands.ExportOpsReportCommand'
    }
}

Describe 'Export-OpsReport on hostile log text' {
    It 'writes the hostile text as text, never as markup' {
        $text = Get-Content -Raw $hostileHtml
        $text | Should -Match '203\.0\.113\.66'
        $text | Should -Match '&lt;/script&gt;&lt;img src=x onerror=alert\(1\)&gt;'
        $text | Should -Not -Match '(?i)<script'
        $text | Should -Not -Match '(?i)<img'
        $text | Should -Not -Match '(?i)<iframe'
        $text | Should -Not -Match '(?i)<svg\s+onload'
        $text | Should -Not -Match '(?i)<[^>]*\son[a-z]+\s*='
        $text | Should -Not -Match '(?i)<[^>]*\s(href|src|action|formaction)\s*='
        $text | Should -Not -Match "`e"
        # The formula is there as text, and no cell or list item begins with a formula character.
        $text | Should -Match '=HYPERLINK\(&quot;http://evil'
        $text | Should -Not -Match '<(td|li)[^>]*>\s*[=+\-@]'
    }

    It 'keeps Markdown tables intact and makes no link or HTML' {
        $text = Get-Content -Raw $hostileMd
        $text | Should -Not -Match '<'
        $text | Should -Not -Match "`e"
        $text | Should -Not -Match '(?<!\\)\]\('
        foreach ($block in ($text -split "`n`n" | Where-Object { $_ -match '^\|' })) {
            $rows = $block -split "`n" | Where-Object { $_ -match '^\|' }
            $counts = $rows | ForEach-Object { ([regex]::Matches($_, '(?<!\\)\|')).Count } | Sort-Object -Unique
            @($counts).Count | Should -Be 1 -Because "every row of a table has as many cells as its header:`n$block"
        }
    }
}

Describe 'The report in a headless browser' {
    It 'shows the charts and the findings tables' {
        if (-not $chromiumPath) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install -y chromium)'; return }
        $dom = Invoke-Chromium @('--dump-dom', (ConvertTo-FileUri $html))
        $dom | Should -Match '<h1 id="title">Nightly report</h1>' -Because "chromium said: $chromiumLog"
        ([regex]::Matches($dom, '<svg[^>]*id="chart-(cloudfront|origin|bots)"')).Count | Should -Be 3
        ([regex]::Matches($dom, '<rect ')).Count | Should -BeGreaterThan 100
        $bots = @(Find-BotRequest $bundle 3>$null)
        $botTable = [regex]::Match($dom, '(?s)<table id="bots-table">.*?</table>').Value
        ([regex]::Matches($botTable, '<tr class="bot">')).Count | Should -Be $bots.Count
        foreach ($bot in $truth.bots) { $botTable | Should -Match ([regex]::Escape($bot.address)) }
        $anomalyTable = [regex]::Match($dom, '(?s)<table id="anomalies-table">.*?</table>').Value
        $anomalyTable | Should -Match 'DisplacedTimestamps'
        $anomalyTable | Should -Match 'ServiceOutage'
        [regex]::Match($dom, '(?s)<table id="updates-table">.*?</table>').Value | Should -Match '0 3 \* \* \*'
    }

    It 'renders a non-trivial screenshot' {
        if (-not $chromiumPath) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install -y chromium)'; return }
        $png = Join-Path $TestDrive 'report.png'
        $null = Invoke-Chromium @("--screenshot=$png", '--window-size=1280,2000', '--hide-scrollbars', (ConvertTo-FileUri $html))
        $png | Should -Exist
        $bytes = [IO.File]::ReadAllBytes($png)
        $bytes[1..3] | Should -Be @(0x50, 0x4E, 0x47)   # PNG
        $bytes.Length | Should -BeGreaterThan 50kb       # a blank page of this size is a few KB
    }

    It 'finds no script or image element in the DOM of the hostile report' {
        if (-not $chromiumPath) { Set-ItResult -Skipped -Because 'chromium is not installed (apt-get install -y chromium)'; return }
        $dom = Invoke-Chromium @('--dump-dom', (ConvertTo-FileUri $hostileHtml))
        $dom | Should -Match 'id="bots-table"'
        $dom | Should -Not -Match '(?i)<(script|img|iframe|a)[\s>]'
        $dom | Should -Not -Match '(?i)<[^>]*\son[a-z]+\s*='
        $dom | Should -Match '&lt;/script&gt;'
    }
}

# Find-BotRequest and ConvertTo-BlockRule on the bundled sample, checked against its ground truth.
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:truth = Get-Content -Raw (Join-Path $sample 'ground-truth.json') | ConvertFrom-Json
    $script:bots = Find-BotRequest -Path (Join-Path $sample 'httpd/access_log*'), (Join-Path $sample 'cloudfront/*.gz')
    $script:prober = $truth.bots | Where-Object kind -eq 'CmsProbe'
}

Describe 'Find-BotRequest' {
    It 'finds the WordPress prober by its real address with the exact request count' {
        $b = $bots | Where-Object ClientIp -eq $prober.address
        $b.Kind | Should -Be 'CmsProbe'
        $b.Intent | Should -Be 'Malicious'
        $b.Requests | Should -Be $prober.requests
        $b.AddressSource | Should -Be 'CloudFront'
        $b.IsCdnEdge | Should -BeFalse
        $b.MedianIntervalSeconds | Should -BeGreaterThan 30
        $b.MedianIntervalSeconds | Should -BeLessThan 90
    }

    It 'finds every planted bot with its kind and exact count' {
        foreach ($t in $truth.bots) {
            $b = $bots | Where-Object ClientIp -eq $t.address
            $b.Kind | Should -Be $t.kind -Because $t.address
            $b.Requests | Should -Be $t.requests -Because $t.address
        }
    }

    It 'calls the crawler Benign and says a user agent can lie' {
        $c = $bots | Where-Object ClientIp -in $truth.crawlerAddresses
        $c.Intent | Should -Be 'Benign'
        ($c.Evidence -join ' ') | Should -Match 'not verified'
    }

    It 'flags no edge address, no reader of the wordpress page and no ordinary visitor' {
        $bots.ClientIp | Where-Object { $_ -in $truth.edgeAddresses } | Should -BeNullOrEmpty
        $bots.ClientIp | Where-Object { $_ -in $truth.legitimateReaderAddresses } | Should -BeNullOrEmpty
        $bots | Where-Object Intent -ne Benign | Where-Object ClientIp -in $truth.visitorAddresses | Should -BeNullOrEmpty
    }

    It 'warns and marks IsCdnEdge when only the origin log is given' {
        $o = Find-BotRequest -Path (Join-Path $sample 'httpd/access_log*') -WarningVariable w -WarningAction SilentlyContinue
        ($w -join ' ') | Should -Match 'edge'
        $o | Where-Object { -not $_.IsCdnEdge -and $_.AddressSource -eq 'Origin' -and $_.ClientIp -in $truth.edgeAddresses } | Should -BeNullOrEmpty
    }

    It 'emits the requests of flagged clients with -AsRequest' {
        $r = Find-BotRequest -Path (Join-Path $sample 'cloudfront') -AsRequest -ExcludeBenign | Where-Object ClientIp -eq $prober.address
        @($r).Count | Should -Be $prober.requests
        $r[0] | Should -BeOfType ([OpsLogTools.Core.Model.AccessLogEntry])
    }

    It 'takes access entries from Get-LogEntry' {
        $b = Get-LogEntry -Path (Join-Path $sample 'cloudfront') | Find-BotRequest | Where-Object ClientIp -eq $prober.address
        $b.Requests | Should -Be $prober.requests
    }
}

Describe 'Find-BotRequest on rotating addresses and many clients' {
    BeforeAll {
        # An Apache combined log: 20 readers with addresses of their own, and a WordPress prober once a minute that takes a
        # new address of 2a01:4f8:10:20::/64 for every request (issue 12: 2 M such addresses cost 1.6 GB).
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("opslogtools-rotating-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $dir | Out-Null
        $start = [DateTimeOffset]::new(2022, 7, 19, 1, 0, 0, [TimeSpan]::Zero)
        $lines = [Collections.Generic.List[string]]::new()
        $ua = '"Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0"'
        for ($i = 0; $i -lt 300; $i++) {
            $t = $start.AddSeconds(60 * $i).ToString('dd/MMM/yyyy:HH:mm:ss', [Globalization.CultureInfo]::InvariantCulture)
            if ($i -lt 20) { $lines.Add("203.0.113.$($i + 1) - - [$t +0000] `"GET / HTTP/1.1`" 200 512 `"-`" $ua") }
            $lines.Add(('2a01:4f8:10:20:{0:x}:{1:x}:{2:x}:{3:x}' -f (7 * $i + 1), (13 * $i), (17 * $i), ($i + 1)) + " - - [$t +0000] `"GET /wp-login.php HTTP/1.1`" 404 196 `"-`" $ua")
        }
        [IO.File]::WriteAllLines((Join-Path $dir access_log), $lines)
    }
    AfterAll { Remove-Item $dir -Recurse -Force }

    It 'reports the /64 as one client, with the number of its addresses and a few of them' {
        $b = @(Find-BotRequest (Join-Path $dir access_log) 3>$null)
        $b.Count | Should -Be 1
        $b[0].ClientIp | Should -Be '2a01:4f8:10:20::/64'
        $b[0].Requests | Should -Be 300
        $b[0].AddressesSeen | Should -Be 300
        $b[0].SampleAddresses.Count | Should -Be 5
        ($b[0].Evidence -join "`n") | Should -Match 'addresses of one IPv6 /64 network'
    }

    It 'keeps at most -MaxClients clients and warns about the rest' {
        $b = @(Find-BotRequest (Join-Path $dir access_log) -MaxClients 5 -WarningVariable warned 3>$null)
        $b.Count | Should -Be 1
        @($warned | Where-Object { "$_" -like '*More than 5 distinct clients*-MaxClients*' }).Count | Should -Be 1
    }
}

Describe 'Find-BotRequest with a newer ip-ranges.json and a signature file of ones own' {
    BeforeAll {
        # An Apache combined log (written here): a WordPress prober and a prober of a panel only this site's own signature
        # file names, each once a minute, among ordinary readers. The ip-ranges file (AWS's shape) calls the WordPress
        # prober's /24 a CloudFront range; the signature file adds the panel as a CMS probe.
        $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("opslogtools-sets-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory $dir | Out-Null
        $start = [DateTimeOffset]::new(2022, 7, 19, 21, 0, 0, [TimeSpan]::Zero)
        $ua = '"Mozilla/5.0 (X11; Linux x86_64; rv:102.0) Gecko/20100101 Firefox/102.0"'
        $lines = foreach ($i in 0..29) {
            $t = $start.AddSeconds(60 * $i).ToString('dd/MMM/yyyy:HH:mm:ss', [Globalization.CultureInfo]::InvariantCulture)
            "203.0.113.$($i + 1) - - [$t +0000] `"GET / HTTP/1.1`" 200 512 `"-`" $ua"
            "45.155.205.233 - - [$t +0000] `"GET /wp-login.php HTTP/1.1`" 404 196 `"-`" $ua"
            "185.220.101.4 - - [$t +0000] `"GET /hidden-panel/login HTTP/1.1`" 404 196 `"-`" $ua"
        }
        [IO.File]::WriteAllLines((Join-Path $dir access_log), [string[]]$lines)
        $script:ranges = Join-Path $dir 'ip-ranges.json'
        Set-Content $ranges '{"syncToken":"1764460800","createDate":"2026-11-30-00-00-00","prefixes":[{"ip_prefix":"45.155.205.0/24","region":"GLOBAL","service":"CLOUDFRONT","network_border_group":"GLOBAL"}],"ipv6_prefixes":[]}'
        $script:signatures = Join-Path $dir 'signatures.json'
        Set-Content $signatures '{"version":1,"cmsProbes":[{"name":"HiddenPanel","match":"prefix","pattern":"/hidden-panel/"}]}'
    }
    AfterAll { Remove-Item $dir -Recurse -Force }

    It 'knows the prober as no CloudFront edge with the shipped ranges, and as one with -IpRangesPath' {
        $shipped = Find-BotRequest (Join-Path $dir access_log) 3>$null | Where-Object ClientIp -eq '45.155.205.233'
        $shipped.Kind | Should -Be 'CmsProbe'
        $shipped.IsCdnEdge | Should -BeFalse
        $newer = Find-BotRequest (Join-Path $dir access_log) -IpRangesPath $ranges -WarningVariable w 3>$null | Where-Object ClientIp -eq '45.155.205.233'
        $newer.IsCdnEdge | Should -BeTrue
        ($w -join ' ') | Should -Match 'edge'
    }

    It 'adds the signature file''s probes with -SignaturePath, and uses them alone with -SignatureMode Replace' {
        (Find-BotRequest (Join-Path $dir access_log) 3>$null | Where-Object ClientIp -eq '185.220.101.4').Kind | Should -Not -Be 'CmsProbe'
        $merged = Find-BotRequest (Join-Path $dir access_log) -SignaturePath $signatures 3>$null
        ($merged | Where-Object ClientIp -eq '185.220.101.4').Kind | Should -Be 'CmsProbe'
        ($merged | Where-Object ClientIp -eq '45.155.205.233').Kind | Should -Be 'CmsProbe'
        $alone = Find-BotRequest (Join-Path $dir access_log) -SignaturePath $signatures -SignatureMode Replace 3>$null
        ($alone | Where-Object ClientIp -eq '185.220.101.4').Kind | Should -Be 'CmsProbe'
        ($alone | Where-Object ClientIp -eq '45.155.205.233').Kind | Should -Not -Be 'CmsProbe'
    }

    It 'stops with IpRangesUnreadable when the ranges file cannot be read' {
        { Find-BotRequest (Join-Path $dir access_log) -IpRangesPath (Join-Path $dir 'missing.json') -ErrorAction Stop } |
            Should -Throw -ErrorId 'IpRangesUnreadable*'
    }
}

Describe 'ConvertTo-BlockRule' {
    It 'writes AWS WAF IP set JSON with canonical CIDR' {
        $json = $bots | Where-Object Kind -eq CmsProbe | ConvertTo-BlockRule -Format AwsWafIpSet -Raw | ConvertFrom-Json
        $json.Addresses | Should -Contain "$($prober.address)/$(if ($prober.address -match ':') { 128 } else { 32 })"
        $json.Scope | Should -Be 'CLOUDFRONT'
    }

    It 'refuses edge, private and loopback addresses, and Benign clients without -Force, per address' {
        $edge = $truth.edgeAddresses[0]
        $r = ConvertTo-BlockRule -IpAddress $edge, '10.1.2.3', '127.0.0.1', '45.12.3.4' -Format Nginx -ErrorVariable e -ErrorAction SilentlyContinue
        $e.FullyQualifiedErrorId | Should -Be @('CdnEdgeAddress,OpsLogTools.Commands.ConvertToBlockRuleCommand', 'PrivateAddress,OpsLogTools.Commands.ConvertToBlockRuleCommand', 'LoopbackAddress,OpsLogTools.Commands.ConvertToBlockRuleCommand')
        $r.Rule | Should -Be @('deny 45.12.3.4;')
        $crawler = $bots | Where-Object Intent -eq Benign
        $null = $crawler | ConvertTo-BlockRule -Format Apache -ErrorVariable b -ErrorAction SilentlyContinue
        $b[0].FullyQualifiedErrorId | Should -BeLike 'BenignClient,*'
        ($crawler | ConvertTo-BlockRule -Format Apache -Force).Rule | Should -Match '^Require not ip'
    }

    It 'writes nothing to disk without -OutFile, and honours -WhatIf' {
        $out = Join-Path $TestDrive 'rules.conf'
        $bots | Where-Object Intent -eq Malicious | ConvertTo-BlockRule -Format Apache -OutFile $out -WhatIf | Out-Null
        $out | Should -Not -Exist
        $bots | Where-Object Intent -eq Malicious | ConvertTo-BlockRule -Format Apache -OutFile $out | Out-Null
        Get-Content -Raw $out | Should -Match "Require not ip $([regex]::Escape($prober.address))"
    }
}

Describe 'Find-BotRequest on a small site''s own downloads' {
    BeforeAll {
        # A hand-made Apache combined log (httpd "Combined Log Format"): readers load a page with its stylesheet
        # (Referer: the page) and one of them downloads the release tarball linked from it; bingbot fetches robots.txt
        # and another release nobody else fetched; AhrefsBot fetches one page.
        $script:log = Join-Path $TestDrive 'access_log'
        $lines = foreach ($i in 1..6) {
            "81.2.69.$i - - [14/May/2024:10:0$($i):00 +0200] ""GET /projects/proxy/ HTTP/1.1"" 200 8211 ""https://www.google.com/"" ""Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"""
            "81.2.69.$i - - [14/May/2024:10:0$($i):01 +0200] ""GET /css/site.css HTTP/1.1"" 200 9120 ""https://www.proxy-project.org/projects/proxy/"" ""Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"""
        }
        $lines += '81.2.69.1 - - [14/May/2024:10:01:30 +0200] "GET /files/proxy/proxy-2.1.tar.gz HTTP/1.1" 200 1251002 "https://www.proxy-project.org/projects/proxy/" "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"'
        $lines += '157.55.39.10 - - [14/May/2024:11:00:00 +0200] "GET /robots.txt HTTP/1.1" 200 68 "-" "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"'
        $lines += '157.55.39.10 - - [14/May/2024:11:00:09 +0200] "GET /files/proxy/proxy-1.8.tar.gz HTTP/1.1" 200 1090118 "-" "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"'
        $lines += '54.36.148.7 - - [14/May/2024:12:00:00 +0200] "GET /projects/proxy/ HTTP/1.1" 200 8211 "-" "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)"'
        Set-Content -LiteralPath $log -Value $lines
    }

    It 'flags nobody for downloading the site''s tarballs, and leaves one- and two-request crawlers out' {
        $out = @(Find-BotRequest -LiteralPath $log -Verbose 4>&1)
        @($out | Where-Object { $_ -is [OpsLogTools.Core.Model.BotActivity] }) | Should -BeNullOrEmpty
        ($out | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain '2 known crawler(s) with fewer than 3 requests left out; -IncludeBenign lists them.'
    }

    It 'lists them as Benign crawlers, none forged, with -IncludeBenign' {
        $all = Find-BotRequest -LiteralPath $log -IncludeBenign
        ($all | Sort-Object ClientIp).ClientIp | Should -Be @('157.55.39.10', '54.36.148.7')
        $all.Kind | Should -Be @('Crawler', 'Crawler')
        $all.Intent | Should -Be @('Benign', 'Benign')
        ($all.Evidence -join ' ') | Should -Not -Match 'forged'
    }
}

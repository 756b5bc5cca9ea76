# ConvertTo-BlockRule against issue 12's hostile inputs, as a user runs it: ranges that hide CloudFront edges, loose
# address text, documentation and special-purpose space, IPv4 inside IPv6, networks in a log's client column and in
# X-Forwarded-For, and -OutFile when every address is refused. Each case was written as a rule before the fix.
BeforeAll {
    Import-Module OpsLogTools -Force

    function script:Refusals([string[]] $Address) {
        $rules = ConvertTo-BlockRule -IpAddress $Address -Format Nginx -ErrorVariable e -ErrorAction SilentlyContinue
        [pscustomobject]@{ Rules = @($rules); Ids = @($e | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] }); Errors = @($e) }
    }

    # A wp-login.php probe a minute, after Apache's "combined" LogFormat (nginx's "main" when $Xff is given).
    function script:New-ProbeLog([string] $Path, [string] $Client, [string] $Xff, [int] $Count = 40) {
        $start = [datetimeoffset]::new(2022, 7, 19, 3, 0, 0, [timespan]::Zero)
        $lines = foreach ($i in 0..($Count - 1)) {
            $stamp = $start.AddMinutes($i).ToString('dd/MMM/yyyy:HH:mm:ss', [cultureinfo]::InvariantCulture) + ' +0000'
            $line = "$Client - - [$stamp] `"GET /wp-login.php HTTP/1.1`" 404 196 `"-`" `"Mozilla/5.0 (X11; Linux x86_64)`""
            if ($Xff) { "$line `"$Xff`"" } else { $line }
        }
        Add-Content -LiteralPath $Path -Value $lines
    }
}

Describe 'ConvertTo-BlockRule refuses what would block an edge or no one' {
    It 'refuses 205.251.0.0/16 and 2409:8c00::/32: CloudFront prefixes lie strictly inside them' {
        $r = Refusals '205.251.0.0/16', '2409:8c00::/32'
        $r.Rules | Should -BeNullOrEmpty
        $r.Ids | Should -Be @('CdnEdgeAddress', 'CdnEdgeAddress')
        $r.Errors[0].Exception.Message | Should -Match '205\.251\.\d+\.0/2\d'
    }

    It 'refuses loose address text by name: <Text>' -ForEach @(
        @{ Text = '010.010.010.010' }, @{ Text = '127.1' }, @{ Text = '0x7f.0.0.1' }, @{ Text = '2130706433' }, @{ Text = 'fe80::1%eth0' }
    ) {
        $r = Refusals $Text
        $r.Rules | Should -BeNullOrEmpty
        $r.Ids | Should -Be 'NonCanonicalAddress'
        $r.Errors[0].Exception.Message | Should -BeLike "*'$Text'*"
        $r.Errors[0].TargetObject | Should -Be $Text
    }

    It 'refuses documentation ranges: <Text>' -ForEach @(
        @{ Text = '192.0.2.0/24' }, @{ Text = '198.51.100.0/24' }, @{ Text = '203.0.113.0/24' }, @{ Text = '2001:db8::/32' }, @{ Text = '3fff::/20' }
    ) {
        $r = Refusals $Text
        $r.Rules | Should -BeNullOrEmpty
        $r.Ids | Should -Be 'ReservedAddress'
    }

    It 'refuses special-purpose IPv6 and checks embedded IPv4: <Text>' -ForEach @(
        @{ Text = '64:ff9b::/96'; Id = 'ReservedAddress' }
        @{ Text = '::10.0.0.1'; Id = 'PrivateAddress' }
        @{ Text = '2002:a00:1::'; Id = 'PrivateAddress' }
        @{ Text = '2001::/32'; Id = 'ReservedAddress' }
        @{ Text = '100::/64'; Id = 'ReservedAddress' }
        @{ Text = '2001:0:4136:e378:8000:63bf:f5ff:fffe'; Id = 'PrivateAddress' }
    ) {
        $r = Refusals $Text
        $r.Rules | Should -BeNullOrEmpty
        $r.Ids | Should -Be $Id
    }

    It 'refuses a prefix with host bits set instead of widening it' {
        $r = Refusals '45.12.3.4/24'
        $r.Ids | Should -Be 'HostBitsSet'
        $r.Errors[0].Exception.Message | Should -Match '45\.12\.3\.0/24'
    }

    It 'still writes public ranges clear of every forbidden range' {
        (Refusals '45.12.0.0/16', '2a02:1234::/32', '13.34.0.0/16').Rules.Rule | Should -Be @('deny 45.12.0.0/16;', 'deny 2a02:1234::/32;', 'deny 13.34.0.0/16;')
    }

    It 'refuses ranges given with -CdnRange and stops on a bad one' {
        $r = ConvertTo-BlockRule -IpAddress 45.12.3.4 -CdnRange 45.12.0.0/20 -Format Nginx -ErrorVariable e -ErrorAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        $e[0].FullyQualifiedErrorId | Should -BeLike 'CdnEdgeAddress,*'
        { ConvertTo-BlockRule -IpAddress 45.12.3.4 -CdnRange 045.12.0.0/20 -Format Nginx -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidCdnRange,*'
    }
}

Describe 'Clients from logs are one address' {
    It 'never writes a rule for a CIDR or octal client token in an access log' {
        $log = Join-Path $TestDrive 'access_log'
        New-ProbeLog $log '205.251.0.0/16'
        New-ProbeLog $log '010.010.010.010'
        New-ProbeLog $log '45.12.3.4'
        $bots = Find-BotRequest -LiteralPath $log
        $bots.ClientIp | Should -Contain '205.251.0.0/16'
        $rules = $bots | ConvertTo-BlockRule -Format Nginx -ErrorVariable e -ErrorAction SilentlyContinue
        $rules.Rule | Should -Be @('deny 45.12.3.4;')
        ($e | Where-Object TargetObject -eq '205.251.0.0/16').FullyQualifiedErrorId | Should -BeLike 'InvalidAddress,*'
        ($e | Where-Object TargetObject -eq '010.010.010.010').FullyQualifiedErrorId | Should -BeLike 'NonCanonicalAddress,*'
        $text = $bots | ConvertTo-BlockRule -Format Nginx -Raw -ErrorAction SilentlyContinue
        $text | Should -Not -Match 'deny (205\.251|8\.8\.8\.8)'
    }

    It 'never takes a CIDR or octal X-Forwarded-For element for the client' {
        $log = Join-Path $TestDrive 'nginx-access.log'
        New-ProbeLog $log '10.0.0.5' -Xff '205.251.0.0/16'
        New-ProbeLog $log '130.176.212.18' -Xff '010.010.010.010, 130.176.212.18'
        $bots = Find-BotRequest -LiteralPath $log -WarningAction SilentlyContinue
        $bots.ClientIp | Should -Not -Contain '205.251.0.0/16'
        $bots.ClientIp | Should -Not -Contain '8.8.8.8'
        $bots | ConvertTo-BlockRule -Format Nginx -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
}

Describe '-OutFile with nothing to write' {
    It 'keeps an existing rule file byte for byte and warns' {
        $out = Join-Path $TestDrive 'blocked.conf'
        $old = [byte[]](0xEF, 0xBB, 0xBF) + [Text.Encoding]::UTF8.GetBytes("deny 45.12.3.4;`r`ndeny 2a02:1234::55;")
        [IO.File]::WriteAllBytes($out, $old)
        $r = ConvertTo-BlockRule -IpAddress 205.251.0.0/16, 010.010.010.010, 198.51.100.0/24 -Format Nginx -OutFile $out -ErrorAction SilentlyContinue -WarningVariable w -WarningAction SilentlyContinue
        $r | Should -BeNullOrEmpty
        [IO.File]::ReadAllBytes($out) | Should -Be $old
        $w.Count | Should -Be 1
        "$w" | Should -BeLike "*$out*left as it was*"
    }
}

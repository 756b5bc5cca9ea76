# The fleet over PowerShell remoting on SSH, end to end: three "hosts" are sshd instances on 127.0.0.1 loopback ports
# (FleetHosts.ps1: config, host keys and a throwaway client key in a temp folder), each serving its own bundle made
# here by New-OpsLogSample (seeds 11, 12, 13; h1 and h2 share the incident start, so their wrong clock falls in the
# same window; h3's incident is three days earlier). Each host's home is its own folder, so '~/bundle' is that host's
# bundle, read there. h3 has this build of the module on its PSModulePath (installed); h1 and h2 get it copied.
# No address but 127.0.0.1 is ever contacted.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'FleetHosts.ps1')
    $script:skipReason = Get-FleetSkipReason
}

BeforeAll {
    Import-Module OpsLogTools -Force
    . (Join-Path $PSScriptRoot 'FleetHosts.ps1')
    $script:skipReason = Get-FleetSkipReason
    if ($skipReason) { return }
    $script:fleet = New-FleetRoot
    $script:hosts = [ordered] @{}
    $installed = Split-Path (Get-Module OpsLogTools).ModuleBase
    $hosts.h1 = Start-FleetHost $fleet h1
    $hosts.h2 = Start-FleetHost $fleet h2
    $hosts.h3 = Start-FleetHost $fleet h3 -ModulePath $installed
    $script:truth = @{}
    $truth.h1 = New-OpsLogSample -Path $hosts.h1.Bundle -Seed 11
    $truth.h2 = New-OpsLogSample -Path $hosts.h2.Bundle -Seed 12
    $truth.h3 = New-OpsLogSample -Path $hosts.h3.Bundle -Seed 13 -IncidentStart ([datetime] '2022-07-16 21:10')
    $script:json = @{}
    foreach ($n in $hosts.Keys) { $json[$n] = Get-Content -Raw (Join-Path $hosts[$n].Bundle 'ground-truth.json') | ConvertFrom-Json }
    $script:ssh = @{ UserName = $fleet.User; KeyFilePath = $fleet.KeyFile; Options = $fleet.SshOptions }
    $script:sessions = foreach ($h in $hosts.Values) { New-PSSession -HostName 127.0.0.1 -Port $h.Port @ssh }
    $script:byAddress = @{}
    foreach ($n in $hosts.Keys) { $byAddress[$hosts[$n].Address] = $n }
}

AfterAll {
    if ($skipReason) { return }
    $sessions | Remove-PSSession -ErrorAction Ignore
    foreach ($h in $hosts.Values) { Stop-FleetHost $h }
    Remove-Item -LiteralPath $fleet.Root -Recurse -Force -ErrorAction Ignore
}

Describe 'Reading cmdlets on a fleet over SSH' {
    BeforeEach {
        if ($skipReason) { Set-ItResult -Skipped -Because $skipReason }
    }

    It 'reads each host''s own files there: entry counts per host and file equal each bundle''s ground truth' {
        $entries = Get-LogEntry -Path '~/bundle/cron*', '~/bundle/yum.log' -Session $sessions -WarningAction SilentlyContinue
        ($entries | Group-Object PSComputerName).Name | Sort-Object | Should -Be ($hosts.Values.Address | Sort-Object)
        foreach ($n in $hosts.Keys) {
            $mine = @($entries | Where-Object PSComputerName -eq $hosts[$n].Address)
            foreach ($f in $json[$n].files | Where-Object { $_.path -like 'cron*' -or $_.path -eq 'yum.log' }) {
                @($mine | Where-Object Path -eq (Join-Path $hosts[$n].Bundle $f.path)).Count | Should -Be $f.lineCount -Because "$n $($f.path)"
            }
            $mine[0].PSObject.TypeNames | Should -Contain 'Deserialized.OpsLogTools.Core.Model.LogEntry'
        }
    }

    It 'finds each host''s planted clock fault with the -HostName shorthand, and which hosts share its window' {
        $names = $hosts.Values | ForEach-Object Address
        $found = Get-LogAnomaly -Path '~/bundle' -Kind DisplacedTimestamps -HostName $names @ssh -ThrottleLimit 2 -WarningAction SilentlyContinue
        foreach ($n in $hosts.Keys) {
            foreach ($run in $json[$n].stampRuns) {
                $a = $found | Where-Object { $_.HostName -eq $hosts[$n].Address -and $_.Path -eq (Join-Path $hosts[$n].Bundle $run.path) }
                $a | Should -Not -BeNullOrEmpty -Because "$n $($run.path)"
                $a.FirstLine | Should -Be $run.firstLine
                $a.LastLine | Should -Be $run.lastLine
            }
        }
        # The fleet view: the same window on two hosts is the time source, one host alone is that host.
        $windows = $found | Where-Object { $_.Path -like '*/messages' } |
            Group-Object { ([DateTimeOffset] $_.Start).ToUniversalTime().ToString('yyyy-MM-ddTHH:mm') }
        $shared = $windows | Where-Object Count -gt 1
        @($shared).Count | Should -Be 1
        $shared.Group.PSComputerName | Sort-Object | Should -Be (@($hosts.h1.Address, $hosts.h2.Address) | Sort-Object)
        ($windows | Where-Object Count -eq 1).Group.PSComputerName | Should -Be $hosts.h3.Address
    }

    It 'Export-OpsReport on the fleet''s anomalies names the shared clock fault with both hosts and h3''s alone' {
        $names = $hosts.Values | ForEach-Object Address
        $out = Join-Path $TestDrive 'fleet.html'
        $file = Get-LogAnomaly '~/bundle' -HostName $names @ssh -WarningAction SilentlyContinue | Export-OpsReport -OutFile $out
        $file.FullName | Should -Be $out
        $page = [xml]::new()
        $reader = [System.Xml.XmlReader]::Create($out, [System.Xml.XmlReaderSettings]@{ DtdProcessing = 'Ignore' })
        try { $page.Load($reader) } finally { $reader.Dispose() }
        $sections = @($page.html.body.section)
        $sections[0].id | Should -Be 'fleet'
        @($sections | Where-Object class -eq 'host').Count | Should -Be 3
        # One row per clock window: the shared one names h1 and h2 (not h3); h3's window is its own.
        $rows = @(($page.html.body.section | Where-Object id -eq 'fleet').div.table | Where-Object id -eq 'fleet-clock').tbody.tr
        $shared = @($rows | Where-Object class -eq 'shared')
        $shared.Count | Should -Be 1
        $sharedHosts = $shared[0].td[2] -split ', '
        $sharedHosts | Sort-Object | Should -Be (@($hosts.h1.Address, $hosts.h2.Address) | Sort-Object)
        $alone = @($rows | Where-Object class -eq 'alone')
        $alone.td | Where-Object { $_ -is [string] -and $_ -eq $hosts.h3.Address } | Should -Not -BeNullOrEmpty
        $alone | ForEach-Object { $_.td[2] } | Should -Not -Contain $hosts.h1.Address
        $narrative = (($page.html.body.section | Where-Object id -eq 'fleet').p | Where-Object id -eq 'fleet-narrative').InnerText
        $narrative | Should -Match ([regex]::Escape("$($hosts.h3.Address) alone had a wrong clock"))
        $narrative | Should -Match 'saw the same wrong clock'
        # The same findings after a round trip through CliXml, as Markdown: the fleet view first, then a section per host.
        $xml = Join-Path $TestDrive 'fleet.clixml'
        Get-LogAnomaly '~/bundle' -Kind DisplacedTimestamps -Session $sessions -WarningAction SilentlyContinue | Export-Clixml $xml
        $md = Join-Path $TestDrive 'fleet.md'
        Import-Clixml $xml | Export-OpsReport -OutFile $md | Out-Null
        $lines = Get-Content $md
        $lines | Where-Object { $_ -like '## *' } | Select-Object -First 1 | Should -Be '## The fleet'
        ($lines | Where-Object { $_ -like '| *' -and $_ -like '*the fleet''s time source*' }).Count | Should -Be 1
        foreach ($n in $hosts.Keys) { $lines | Should -Contain "## Host $($hosts[$n].Address)" }
    }

    It 'Export-OpsReport -Session runs the finding cmdlets on the hosts and writes the fleet report here' {
        $out = Join-Path $TestDrive 'fleet-session.md'
        $file = Export-OpsReport -Path '~/bundle' -Session $sessions -OutFile $out -WarningAction SilentlyContinue
        # The same report as the three cmdlets' fleet results piped in.
        $piped = @(Get-LogAnomaly '~/bundle' -Session $sessions -WarningAction SilentlyContinue) +
            @(Find-BotRequest '~/bundle' -Session $sessions -WarningAction SilentlyContinue) +
            @(Test-YumUpdateWindow '~/bundle' -Session $sessions -WarningAction SilentlyContinue)
        $pipedOut = Join-Path $TestDrive 'fleet-piped.md'
        $pipedFile = $piped | Export-OpsReport -OutFile $pipedOut
        foreach ($count in 'Anomalies', 'Outages', 'Bots', 'UpdateRuns') { $file.$count | Should -Be $pipedFile.$count -Because $count }
        $file.Anomalies | Should -BeGreaterThan 0
        $file.UpdateRuns | Should -BeGreaterThan 0
        $lines = Get-Content $out
        ($lines | Where-Object { $_ -notlike '*Generated*' }) | Should -Be (Get-Content $pipedOut | Where-Object { $_ -notlike '*Generated*' })
        ($lines | Where-Object { $_ -like '| *' -and $_ -like '*the fleet''s time source*' }).Count | Should -Be 1
        foreach ($n in $hosts.Keys) { $lines | Should -Contain "## Host $($hosts[$n].Address)" }
        $lines | Should -Contain '### Update runs side by side'
    }

    It 'runs Find-BotRequest, Test-YumUpdateWindow, Compare-LogTimeline and Get-LogTimeline there with the results a local run gives' {
        $two = $sessions[0], $sessions[1]
        foreach ($case in @(
                @{ Command = 'Find-BotRequest'; Parameters = @{ Path = '~/bundle/httpd', '~/bundle/cloudfront' }; Key = { "$($_.Kind) $($_.ClientIp) $($_.Requests)" } }
                @{ Command = 'Test-YumUpdateWindow'; Parameters = @{ Path = '~/bundle'; At = [DateTimeOffset] '2022-07-19T21:10:00+09:00' }; Key = { "$($_.Relation) $($_.Schedule) $($_.Verdict)" } }
                @{ Command = 'Compare-LogTimeline'; Parameters = @{ Difference = '~/bundle/messages', '~/bundle/httpd/access_log' }; Key = { "$($_.Path -replace '^.*/bundle/') $($_.FirstLine) $($_.LastLine) $($_.OffsetSeconds)" } }
                @{ Command = 'Get-LogTimeline'; Parameters = @{ Path = '~/bundle'; Summary = $true }; Key = { "$($_.Kind) $($_.Path -replace '^.*/bundle/') $($_.LineNumber)" } }
            )) {
            $given = $case.Parameters
            $remote = & $case.Command @given -Session $two -WarningAction SilentlyContinue
            foreach ($n in 'h1', 'h2') {
                $local = $case.Parameters.Clone()
                foreach ($p in 'Path', 'Difference') { if ($local[$p]) { $local[$p] = $local[$p] -replace '^~', $hosts[$n].Dir } }
                $expected = @(& $case.Command @local -WarningAction SilentlyContinue | ForEach-Object $case.Key)
                $got = @($remote | Where-Object PSComputerName -eq $hosts[$n].Address | ForEach-Object $case.Key)
                $expected.Count | Should -BeGreaterThan 0 -Because "$($case.Command) on $n finds something"
                $got | Should -Be $expected -Because "$($case.Command) on $n"
            }
        }
    }

    It 'gives the hosts a zone, dates, an encoding, a list of kinds and piped Start/End as they bind there' {
        $given = @{ Path = '~/bundle/secure'; TimeZone = '+09:00'; ReferenceDate = [DateTimeOffset] '2022-07-20T00:00:00+09:00'; Since = [DateTimeOffset] '2022-07-19T00:00:00+09:00'; Encoding = 'utf-8' }
        $remote = @(Get-LogEntry @given -Session $sessions[0] -WarningAction SilentlyContinue)
        $given.Path = Join-Path $hosts.h1.Bundle 'secure'
        $local = @(Get-LogEntry @given -WarningAction SilentlyContinue)
        $local.Count | Should -BeGreaterThan 0
        $remote.Count | Should -Be $local.Count

        $kinds = Get-LogAnomaly -Path '~/bundle' -Kind DisplacedTimestamps, MissingLines -Session $sessions[0] -WarningAction SilentlyContinue
        ($kinds.Kind | Sort-Object -Unique) | Should -Be @('DisplacedTimestamps', 'MissingLines')

        $window = [pscustomobject] @{ Start = [DateTimeOffset] $json.h1.stampRuns[0].trueStart; End = [DateTimeOffset] $json.h1.stampRuns[0].trueEnd }
        $remote = @($window | Test-YumUpdateWindow -Path '~/bundle' -Session $sessions[0] -WarningAction SilentlyContinue)
        $local = @($window | Test-YumUpdateWindow -Path $hosts.h1.Bundle -WarningAction SilentlyContinue)
        $local.Count | Should -BeGreaterThan 0
        $remote.Relation | Should -Be $local.Relation
        $remote.IncidentStart | ForEach-Object { [DateTimeOffset] $_ } | Should -Be $local.IncidentStart
    }

    It 'copies the module once into the user''s cache of hosts without it, and uses the installed copy of the same build' {
        foreach ($n in 'h1', 'h2') { @(Get-ChildItem (Join-Path $hosts[$n].Dir 'cache/opslogtools/modules') -Directory).Count | Should -Be 1 }
        Test-Path (Join-Path $hosts.h3.Dir 'cache/opslogtools') | Should -BeFalse
        $verbose = Get-LogEntry -Path '~/bundle/yum.log' -Session $sessions -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Where-Object { $_ -like '*module copied*' } | Should -BeNullOrEmpty
    }

    It 'with -NoModuleCopy, a host without this build is an error for that host only' {
        $fresh = Start-FleetHost $fleet h5
        try {
            $null = New-OpsLogSample -Path $fresh.Bundle -Seed 15
            $out = Get-LogEntry -Path '~/bundle/yum.log' -HostName $fresh.Address, $hosts.h3.Address @ssh -NoModuleCopy -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'FleetModuleMissing,*'
            $err[0].OriginInfo.PSComputerName | Should -Be $fresh.Address
            $out.PSComputerName | Select-Object -Unique | Should -Be $hosts.h3.Address
            Test-Path (Join-Path $fresh.Dir 'cache/opslogtools') | Should -BeFalse
        } finally { Stop-FleetHost $fresh }
    }

    It 'a refused key and a host without pwsh are errors for those hosts; the good host''s results still come' {
        $noPwsh = Start-FleetHost $fleet h4 -Subsystem '/nonexistent/pwsh -sshs'
        try {
            $out = Get-LogEntry -Path '~/bundle/yum.log' -HostName $hosts.h1.Address, $noPwsh.Address @ssh -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            @($out).Count | Should -Be ($json.h1.files | Where-Object path -eq 'yum.log').lineCount
            @($err).Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'FleetPwshMissing,*' -Because $err[0].Exception.Message
            $err[0].OriginInfo.PSComputerName | Should -Be $noPwsh.Address

            $out = Get-LogEntry -Path '~/bundle/yum.log' -HostName $hosts.h1.Address -UserName $fleet.User -KeyFilePath $fleet.Stranger -Options $fleet.SshOptions -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'FleetPermissionDenied,*' -Because $err[0].Exception.Message
            $err[0].Exception.Message | Should -BeLike "*$($hosts.h1.Address)*"
        } finally { Stop-FleetHost $noPwsh }
    }

    It 'stops the hosts when the pipeline ends early' {
        $first = Get-LogEntry -Path '~/bundle/cron*' -Session $sessions -WarningAction SilentlyContinue | Select-Object -First 2
        @($first).Count | Should -Be 2
        # The sessions are usable at once: their pipelines were stopped, not left running.
        $sessions | ForEach-Object { $_.Runspace.RunspaceAvailability } | Should -Not -Contain 'Busy'
    }

    It 'a host''s own errors come back with their id and the host' {
        $null = Get-LogEntry -Path '~/bundle/no-such-log' -Session $sessions[0] -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FileNotFound,*' -Because $err[0].Exception.Message
        $err[0].OriginInfo.PSComputerName | Should -Be $hosts.h1.Address
        $err[0].Exception.Message | Should -BeLike "$($hosts.h1.Address): *"
    }

    It 'a -HostName entry that is not [user@]host[:port] is an error for that entry; the others run' {
        $out = Get-LogEntry -Path '~/bundle/yum.log' -HostName '127.0.0.1:99999', '[::1', $hosts.h1.Address @ssh -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($err).Count | Should -Be 2
        $err | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'FleetBadHostName,*' }
        $out.PSComputerName | Select-Object -Unique | Should -Be $hosts.h1.Address
    }

    It 'refuses objects from the local pipeline: a fleet reads the hosts'' files' {
        $local = Get-LogEntry -Path (Join-Path $hosts.h1.Bundle 'yum.log')
        { $local | Get-LogAnomaly -Session $sessions[0] } | Should -Throw -ErrorId 'FleetNeedsPath,OpsLogTools.Commands.GetLogAnomalyCommand'
    }

    It 'an sshd stopped midway is an error for that host only' {
        Stop-FleetHost $hosts.h2
        $out = Get-LogEntry -Path '~/bundle/yum.log' -Session $sessions -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($out.PSComputerName | Select-Object -Unique | Sort-Object) | Should -Be (@($hosts.h1.Address, $hosts.h3.Address) | Sort-Object)
        @($err).Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -BeLike 'Fleet*'
        $err[0].OriginInfo.PSComputerName | Should -Be $hosts.h2.Address

        $out = Get-LogEntry -Path '~/bundle/yum.log' -HostName $hosts.h1.Address, $hosts.h2.Address @ssh -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $out.PSComputerName | Select-Object -Unique | Should -Be $hosts.h1.Address
        $err[0].FullyQualifiedErrorId | Should -BeLike 'FleetHostUnreachable,*' -Because $err[0].Exception.Message
        $err[0].OriginInfo.PSComputerName | Should -Be $hosts.h2.Address
    }
}

Describe 'Fleet parameters' {
    It 'the seven reading cmdlets and Export-OpsReport take them' {
        $fleetParameters = 'Session', 'HostName', 'UserName', 'KeyFilePath', 'Options', 'ThrottleLimit', 'NoModuleCopy'
        foreach ($name in 'Get-LogEntry', 'Get-LogAnomaly', 'Compare-LogTimeline', 'Get-LogTimeline', 'Find-BotRequest', 'Find-LoginActivity', 'Test-YumUpdateWindow', 'Export-OpsReport') {
            $command = Get-Command $name
            foreach ($p in $fleetParameters) { $command.Parameters.Keys | Should -Contain $p -Because $name }
            $command.Parameters.Session.ParameterType | Should -Be ([System.Management.Automation.Runspaces.PSSession[]])
            (Get-Help $name -Parameter HostName).Description.Text | Should -Not -BeNullOrEmpty
        }
    }
}

# No sshd needed: a fleet's findings as they come back (CliXml property bags tagged with PSComputerName), made here
# from the module's Sample bundle (two hosts with the same night) and a bundle generated with seed 7 whose incident is
# three days earlier (one host alone).
Describe 'Fleet report from saved findings' {
    BeforeAll {
        $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase 'Sample'
        $script:other = Join-Path $TestDrive 'db'
        New-OpsLogSample -Path $other -Seed 7 -IncidentStart ([datetime] '2022-07-16 21:10') | Out-Null
        $script:live = @(Get-LogAnomaly $sample 3>$null) + @(Find-BotRequest $sample 3>$null) + @(Test-YumUpdateWindow $sample 3>$null)
        $script:liveOther = @(Get-LogAnomaly $other 3>$null) + @(Find-BotRequest $other 3>$null) + @(Test-YumUpdateWindow $other 3>$null)
        $xml = Join-Path $TestDrive 'fleet.clixml'
        $tagged = foreach ($h in 'web1', 'web2', 'db') {
            $set = if ($h -eq 'db') { $liveOther } else { $live }
            [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($set, 3)) |
                Add-Member -NotePropertyName PSComputerName -NotePropertyValue $h -PassThru
        }
        $tagged | Export-Clixml -Path $xml -Depth 4
        $script:saved = Import-Clixml $xml
    }

    It 'a host''s section says what a report of the live findings says, but points a shared wrong clock at the shared time source' {
        $saved[0].PSObject.TypeNames[0] | Should -BeLike 'Deserialized.OpsLogTools.Core.Model.*'
        $fleetMd = Join-Path $TestDrive 'fleet.md'
        $liveMd = Join-Path $TestDrive 'live.md'
        $file = $saved | Export-OpsReport -OutFile $fleetMd
        $live | Export-OpsReport -OutFile $liveMd -Title 'Host web1' | Out-Null
        $lines = Get-Content $fleetMd
        $start = [array]::IndexOf($lines, '## Host web1')
        $end = [array]::IndexOf($lines, '## Host web2')
        $start | Should -BeGreaterThan 0
        $section = $lines[$start..($end - 1)] | Where-Object { $_ -notlike '*Generated*' -and $_ }
        $expected = Get-Content $liveMd | ForEach-Object { if ($_ -like '#*') { "#$_" } else { $_ } } | Where-Object { $_ -notlike '*Generated*' -and $_ }
        # Alone, the host is told to check its time sync; in the fleet web1's wrong clock is web2's too (the same
        # findings), so its section points at the time source they share instead. Every other line is the same.
        $sync = '*check the host''s time sync*'
        $source = '*check the time source this host shares with web2 *web1 and web2 saw the same wrong clock from*'
        @($expected | Where-Object { $_ -like $sync }).Count | Should -Be 1
        @($section | Where-Object { $_ -like $sync }).Count | Should -Be 0
        @($section | Where-Object { $_ -like $source }).Count | Should -Be 1
        [array]::IndexOf(@($section), @($section | Where-Object { $_ -like $source })[0]) | Should -Be ([array]::IndexOf(@($expected), @($expected | Where-Object { $_ -like $sync })[0]))
        ($section | Where-Object { $_ -notlike $source }) | Should -Be ($expected | Where-Object { $_ -notlike $sync })
        # db's wrong clock is its own: its section keeps the host's action.
        $db = $lines[[array]::IndexOf($lines, '## Host db')..($start - 1)]
        @($db | Where-Object { $_ -like $sync }).Count | Should -Be 1
        @($db | Where-Object { $_ -like '*check the time source*' }).Count | Should -Be 0
        # The counts are the hosts' together: web1 and web2 each as the live report, db as its own.
        $liveFile = $live | Export-OpsReport -OutFile (Join-Path $TestDrive 'web.md')
        $otherFile = $liveOther | Export-OpsReport -OutFile (Join-Path $TestDrive 'db.md')
        foreach ($count in 'Anomalies', 'Outages', 'Bots', 'UpdateRuns') { $file.$count | Should -Be (2 * $liveFile.$count + $otherFile.$count) -Because $count }
    }

    It 'the fleet view names web1 and web2''s clock as the time source and db''s as its own, in HTML with the fleet first' {
        $out = Join-Path $TestDrive 'fleet.html'
        $saved | Export-OpsReport -OutFile $out | Out-Null
        $page = [xml]::new()
        $reader = [System.Xml.XmlReader]::Create($out, [System.Xml.XmlReaderSettings]@{ DtdProcessing = 'Ignore' })
        try { $page.Load($reader) } finally { $reader.Dispose() }
        $sections = @($page.html.body.section)
        $sections[0].id | Should -Be 'fleet'
        ($sections | Select-Object -Skip 1).'data-host' | Should -Be @('db', 'web1', 'web2')
        $rows = @(($sections[0].div.table | Where-Object id -eq 'fleet-clock').tbody.tr)
        @($rows | Where-Object class -eq 'shared').Count | Should -Be 1
        ($rows | Where-Object class -eq 'shared').td[2] | Should -Be 'web1, web2'
        @($rows | Where-Object class -eq 'alone').td[2] | Sort-Object -Unique | Should -Be 'db'
        $bots = @(($sections[0].div.table | Where-Object id -eq 'fleet-bots').tbody.tr)
        $hostile = @($live | Where-Object { $_ -is [OpsLogTools.Core.Model.BotActivity] }).ClientIp | Sort-Object -Unique
        @($bots | ForEach-Object { $_.td[0].'#text' }) | Should -Contain $hostile[0]
        $updates = @(($sections[0].div.table | Where-Object id -eq 'fleet-updates').tbody.tr)
        $updates.Count | Should -Be @($saved | Where-Object { $_.PSObject.TypeNames[0] -like '*UpdateWindowResult' }).Count
        # Side by side: each web run has the other web host alongside.
        ($updates | Where-Object { $_.td[2] -eq 'web1' } | ForEach-Object { $_.td[6] }) | Should -Contain 'web2'
    }
}

# Objects that travel (issue 14, "Every output type round-trips"): every type the cmdlets write, and every type inside
# them, through ConvertTo-Json, Export-Csv/Import-Csv and Export-Clixml/Import-Clixml, on the bundled sample (the
# module's Sample folder, written by New-OpsLogSample at build time), on a bundle generated here with another seed, and
# on a small Debian-shaped bundle written here (journal export, audit.log, apt history, a chronyd clock step).
# The types are discovered: the cmdlets' [OutputType] in the OpsLogTools namespaces and every class of
# OpsLogTools.Core.Model, followed into their properties; a new type that reaches the pipeline and is not covered
# fails here. The default views are compared as rendered (Format-Table and Format-List) between the live objects and
# the deserialized ones: here with the module loaded, and in a fresh pwsh that has only the module's format files
# (Update-FormatData, no module, no assembly) and in one that has nothing.
BeforeDiscovery {
    # The types a user can meet on the pipeline: filled in BeforeAll; here only their names, for the test cases.
    Import-Module OpsLogTools -Force
    $model = [OpsLogTools.Core.Model.LogEntry].Assembly.GetTypes() | Where-Object { $_.IsPublic -and $_.IsClass -and $_.Namespace -eq 'OpsLogTools.Core.Model' }
    $declared = (Get-Command -Module OpsLogTools -CommandType Cmdlet).OutputType.Type | Where-Object { $_ -and $_.Namespace -like 'OpsLogTools*' }
    $script:typeCases = @($model) + @($declared) | Sort-Object FullName -Unique | ForEach-Object { @{ Name = $_.FullName } }
}

BeforeAll {
    Import-Module OpsLogTools -Force
    $script:savedRendering = $PSStyle.OutputRendering
    $PSStyle.OutputRendering = 'PlainText'
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:other = Join-Path $TestDrive 'other'
    $null = New-OpsLogSample -Path $other -Seed 4242 -HostTimeZone 'America/New_York'

    # A third bundle, written here, for the types the generator does not write (JournalEntry, AuditEntry, AptHistoryEntry,
    # and ClockEvent inside a LogAnomaly). Every file is hand-written in the shape its program writes:
    # - var/log/journal/web1.export: `journalctl -o export` (systemd's JOURNAL_EXPORT_FORMATS: KEY=value lines, an
    #   empty line between entries, and a binary field as its name, a newline, a 64-bit little-endian length and the raw
    #   bytes — here ESC[2J and a newline, which the list view must show as 0x… and never pass to the terminal);
    # - var/log/audit/audit.log: auditd's records of `date -s` setting the clock back an hour: SYSCALL (settimeofday,
    #   stamped by the wrong clock), the kernel's TIME_INJOFFSET with the step (kernel/auditsc.c audit_tk_injoffset), EOE;
    # - var/log/apt/history.log: one apt 2.6 record (Start-Date, Commandline, Requested-By, Install, End-Date);
    # - var/log/syslog: rsyslog lines stamped by a clock an hour ahead, chrony 4's "System clock wrong by" (still by the
    #   wrong clock) and "System clock was stepped by" (by the right one), then lines after the step.
    # Get-LogAnomaly finds the clock step (ClockStep with the auditd witness, and the syslog run with chronyd's two).
    $script:third = Join-Path $TestDrive 'debian'
    New-Item -ItemType Directory -Force (Join-Path $third var/log/journal), (Join-Path $third var/log/audit), (Join-Path $third var/log/apt) | Out-Null
    $boot = '5f3c1e0a9b2d4c6e8f7a1b3c5d7e9f01'
    $start = [DateTimeOffset]::Parse('2024-03-05T09:00:00+00:00').ToUnixTimeMilliseconds() * 1000
    $export = [IO.MemoryStream]::new()
    $write = { param([string] $s) $b = [Text.Encoding]::UTF8.GetBytes($s); $export.Write($b, 0, $b.Length) }
    for ($i = 0; $i -lt 3; $i++) {
        & $write "__CURSOR=s=0123456789abcdef0123456789abcdef;i=$($i + 1);b=$boot`n__REALTIME_TIMESTAMP=$($start + $i * 60000000)`n__MONOTONIC_TIMESTAMP=$(5000000 + $i * 60000000)`n_BOOT_ID=$boot`n_HOSTNAME=web1`nSYSLOG_IDENTIFIER=sshd`n_PID=$(700 + $i)`nPRIORITY=6`n_SYSTEMD_UNIT=ssh.service`nMESSAGE=Accepted publickey for alice from 192.0.2.$($i + 10) port 5220$i ssh2`n"
        if ($i -eq 1) {
            $raw = [byte[]](0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x6f, 0x6b)
            & $write "BINARY_NOTE`n"; $export.Write([BitConverter]::GetBytes([long]$raw.Length), 0, 8); $export.Write($raw, 0, $raw.Length); & $write "`n"
        }
        & $write "`n"
    }
    [IO.File]::WriteAllBytes((Join-Path $third var/log/journal/web1.export), $export.ToArray())
    $stamped = [DateTimeOffset]::Parse('2024-03-05T10:30:00+00:00').ToUnixTimeSeconds()
    [IO.File]::WriteAllText((Join-Path $third var/log/audit/audit.log), (@(
        "type=SYSCALL msg=audit($stamped.120:812): arch=c000003e syscall=164 success=yes exit=0 a0=7ffc8a1e9a60 a1=0 a2=0 a3=0 items=0 ppid=1402 pid=1500 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=`"date`" exe=`"/usr/bin/date`" key=`"time-change`""
        "type=TIME_INJOFFSET msg=audit($stamped.120:812): sec=-3600 nsec=0"
        "type=EOE msg=audit($stamped.120:812):") -join "`n") + "`n")
    [IO.File]::WriteAllText((Join-Path $third var/log/apt/history.log), "`nStart-Date: 2024-03-05  09:05:14`nCommandline: apt-get install -y chrony`nRequested-By: alice (1000)`nInstall: chrony:amd64 (4.3-2+deb12u1)`nEnd-Date: 2024-03-05  09:05:20`n")
    $syslog = [Text.StringBuilder]::new()
    for ($m = 0; $m -le 30; $m++) { $null = $syslog.Append(('Mar  5 10:{0:00}:00 web1 CRON[{1}]: (root) CMD (run-parts /etc/cron.hourly)' -f $m, (2000 + $m)) + "`n") }
    $null = $syslog.Append("Mar  5 10:30:00 web1 chronyd[912]: System clock wrong by -3600.000000 seconds`n")
    $null = $syslog.Append("Mar  5 09:30:01 web1 chronyd[912]: System clock was stepped by -3600.000000 seconds`n")
    for ($m = 31; $m -le 59; $m++) { $null = $syslog.Append(('Mar  5 09:{0:00}:00 web1 CRON[{1}]: (root) CMD (run-parts /etc/cron.hourly)' -f $m, (3000 + $m)) + "`n") }
    [IO.File]::WriteAllText((Join-Path $third var/log/syslog), $syslog.ToString())

    # A fourth bundle of binary login records (LoginRecordEntry), which the generator does not write: var/log/wtmp and
    # var/log/btmp in glibc's struct utmp, written by util-linux's `utmpdump -r` from its text form (the fields as
    # `utmpdump wtmp` prints them: type, pid, id, user, line, host, address, time): a boot, an IPv4 and an IPv6 login,
    # `date` setting the clock back (OLD_TIME then NEW_TIME: StepSeconds), a logout; in btmp one failed ssh login as
    # sshd records it (LOGIN_PROCESS on ssh:notty). Read in Tokyo's zone, so the times carry +09:00.
    # .ci/run installs util-linux when missing; without utmpdump the type is reported as skipped, not passed.
    $script:noUtmpdump = -not (Get-Command utmpdump -CommandType Application -ErrorAction SilentlyContinue)
    $script:logins = Join-Path $TestDrive 'logins'
    New-Item -ItemType Directory -Force (Join-Path $logins var/log) | Out-Null
    if (-not $noUtmpdump) {
        $wtmp = @(
            '[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2024-05-02T06:00:00,000000+00:00]'
            '[7] [04242] [ts/0] [alice   ] [pts/0       ] [198.51.100.23       ] [198.51.100.23  ] [2024-05-02T06:05:00,250000+00:00]'
            '[7] [04250] [ts/1] [bob     ] [pts/1       ] [2001:db8::7         ] [2001:db8::7    ] [2024-05-02T06:06:00,000000+00:00]'
            '[4] [00000] [    ] [date    ] [|           ] [                    ] [0.0.0.0        ] [2024-05-02T06:10:00,000000+00:00]'
            '[3] [00000] [    ] [date    ] [}           ] [                    ] [0.0.0.0        ] [2024-05-02T05:10:00,500000+00:00]'
            '[8] [04242] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] [2024-05-02T05:20:00,000000+00:00]'
        ) -join "`n"
        $btmp = '[6] [05100] [    ] [root    ] [ssh:notty   ] [203.0.113.9         ] [203.0.113.9    ] [2024-05-02T05:30:00,000000+00:00]'
        foreach ($pair in @(@($wtmp, 'wtmp'), @($btmp, 'btmp'))) {
            $pair[0] + "`n" | & bash -c "TZ=UTC utmpdump -r > '$(Join-Path $logins var/log $pair[1])' 2>/dev/null"
        }
    }

    # Model types that never reach the pipeline as objects, and why. A new one must be added here or be reachable.
    $script:notOnPipeline = @{
        'OpsLogTools.Core.Model.BlockRuleRefusal' = 'ConvertTo-BlockRule writes a refusal as an error record (error id, address as target), not as an object'
        'OpsLogTools.Core.Model.CronJob'          = 'read from crontabs inside Test-YumUpdateWindow; only its schedule text reaches UpdateRun.Schedule'
        'OpsLogTools.Core.Model.FileDamage'       = 'the readers turn damage into LogAnomaly (Corruption) objects'
        'OpsLogTools.Core.Model.ServiceEvent'     = 'the engines turn service events into LogAnomaly and RestartFinding objects'
    }

    # What each cmdlet writes on the two bundles, a few of each, then every object inside them (properties, list items).
    $take = 12
    $top = foreach ($bundle in $sample, $other) {
        Get-LogEntry $bundle 3>$null | Group-Object { $_.GetType().Name } | ForEach-Object { $_.Group | Select-Object -First $take }
        Get-LogAnomaly $bundle 3>$null
        Compare-LogTimeline -Reference (Join-Path $bundle httpd) -Difference $bundle -IncludeEqual 3>$null | Select-Object -First $take
        Get-LogTimeline $bundle 3>$null | Where-Object OffsetSeconds -ne 0 | Select-Object -First $take
        Get-LogTimeline $bundle 3>$null | Select-Object -First $take
        Get-LogTimeline $bundle -Summary 3>$null
        $bots = @(Find-BotRequest $bundle 3>$null)
        $bots
        $bots | Where-Object { -not $_.IsCdnEdge -and $_.Intent -eq 'Malicious' } | ConvertTo-BlockRule -Format Nginx 2>$null 3>$null
        Test-YumUpdateWindow $bundle 3>$null
        # Issue 16 (logins): the generator's sshd noise and the admin's logins.
        Find-LoginActivity $bundle -IncludeOrdinary 3>$null | Select-Object -First $take
    }
    $top += & {
        Get-LogEntry $third -TimeZone UTC 3>$null | Group-Object { $_.GetType().Name } | ForEach-Object { $_.Group | Select-Object -First $take }
        Get-LogAnomaly $third -TimeZone UTC 3>$null
        if (-not $noUtmpdump) { Get-LogEntry $logins -TimeZone Asia/Tokyo 3>$null }
    }
    $script:byType = @{}
    function script:Add-Found([object] $o, [int] $depth) {
        if ($null -eq $o -or $depth -gt 4) { return }
        $t = $o.GetType()
        if ($t.Namespace -notlike 'OpsLogTools*' -or $t.IsEnum) { return }
        # New-OpsLogSample's GroundTruth is an output type; the truth records inside it are its data, not objects a
        # user meets on their own (they travel inside it and are checked through it).
        if ($t.Namespace -eq 'OpsLogTools.Core.Sample' -and $depth -gt 0) { return }
        if (-not $byType.ContainsKey($t.FullName)) { $byType[$t.FullName] = [Collections.Generic.List[object]]::new() }
        if ($byType[$t.FullName].Count -lt 40) { $byType[$t.FullName].Add($o) }
        foreach ($p in $t.GetProperties([Reflection.BindingFlags]'Public, Instance')) {
            $v = $p.GetValue($o)
            if ($v -is [string] -or $null -eq $v -or $t.Namespace -eq 'OpsLogTools.Core.Sample') { continue }
            if ($v -is [Collections.IEnumerable] -and $v -isnot [Collections.IDictionary]) { foreach ($i in $v) { Add-Found $i ($depth + 1) } }
            else { Add-Found $v ($depth + 1) }
        }
    }
    foreach ($o in $top) { Add-Found $o 0 }
    $script:gt = New-OpsLogSample -Path (Join-Path $TestDrive 'gt') -Seed 7
    Add-Found $gt 0

    function script:Get-TimeProperty([type] $t) {
        $t.GetProperties([Reflection.BindingFlags]'Public, Instance') | Where-Object { $_.PropertyType -in [DateTimeOffset], [Nullable[DateTimeOffset]] } | ForEach-Object Name
    }
    function script:Get-EnumProperty([type] $t) {
        $t.GetProperties([Reflection.BindingFlags]'Public, Instance') | Where-Object {
            $pt = if ([Nullable]::GetUnderlyingType($_.PropertyType)) { [Nullable]::GetUnderlyingType($_.PropertyType) } else { $_.PropertyType }
            $pt.IsEnum } | ForEach-Object Name
    }
    function script:Get-Rendered($objects, [string] $shape) { ($objects | & $shape | Out-String -Width 400).TrimEnd() }

    # One Export-Clixml per type, read back here (module loaded) and in the two fresh pwsh processes below.
    $script:xmlDir = Join-Path $TestDrive 'clixml'
    New-Item -ItemType Directory $xmlDir | Out-Null
    foreach ($name in $byType.Keys) { $byType[$name] | Export-Clixml -LiteralPath (Join-Path $xmlDir "$name.xml") }

    # A fresh pwsh, however this one was started (a dotnet tool runs as dotnet pwsh.dll), without the module.
    $exe = [Environment]::ProcessPath
    $first = [Environment]::GetCommandLineArgs()[0]
    $script:pwsh = @($exe) + @(if ($first -like '*.dll') { $first })
    $base = (Get-Module OpsLogTools).ModuleBase
    function script:Invoke-Fresh([bool] $withFormat) {
        $formats = if ($withFormat) { "Update-FormatData -PrependPath '$base/OpsLogTools.Format.ps1xml', '$base/OpsLogTools.Timeline.Format.ps1xml'" } else { '' }
        $child = @"
`$ErrorActionPreference = 'Stop'
`$PSStyle.OutputRendering = 'PlainText'
`$env:PSModulePath = ''
$formats
`$out = @{}
foreach (`$file in Get-ChildItem -LiteralPath '$xmlDir' -Filter *.xml) {
    `$objects = Import-Clixml -LiteralPath `$file.FullName
    `$out[`$file.BaseName] = @{
        Table = (`$objects | Format-Table | Out-String -Width 400).TrimEnd()
        List = (`$objects | Format-List | Out-String -Width 400).TrimEnd()
        TypeName = `$objects[0].PSObject.TypeNames[0]
        Loaded = [bool](Get-Module OpsLogTools) -or [bool]('OpsLogTools.Core.Text.ConsoleText' -as [type])
    }
}
`$out | ConvertTo-Json -Depth 3 -Compress
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($child))
        $text = & $pwsh[0] @($pwsh | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded
        $LASTEXITCODE | Should -Be 0
        ($text -join "`n") | ConvertFrom-Json -AsHashtable
    }
    $script:freshWithFormat = Invoke-Fresh $true
    $script:freshBare = Invoke-Fresh $false
}

AfterAll {
    $PSStyle.OutputRendering = $savedRendering
}

Describe 'Every output type is covered' {
    It '<Name> reaches the pipeline on the sample bundles, or is listed with the reason it does not' -TestCases $typeCases {
        param($Name)
        if ($Name -eq 'OpsLogTools.Core.Model.LoginRecordEntry' -and $noUtmpdump) { Set-ItResult -Skipped -Because 'utmpdump (util-linux) is absent: no wtmp to read' }
        if ($notOnPipeline.ContainsKey($Name)) {
            $byType.ContainsKey($Name) | Should -BeFalse -Because "$Name is said not to reach the pipeline ($($notOnPipeline[$Name])) but was found there: test it"
        } else {
            $byType.ContainsKey($Name) | Should -BeTrue -Because "$Name is an output type: the sample bundles must produce one so it is round-tripped"
        }
    }

    It 'finds the written Debian bundle''s journal, audit, apt and clock-step objects (the third bundle holds what it should)' {
        $found = @(Get-LogAnomaly $third -TimeZone UTC 3>$null)
        $step = @($found | Where-Object Kind -eq ClockStep)
        $step.Count | Should -BeGreaterOrEqual 1
        @($step.ClockEvents | Where-Object { $_.Source -eq 'auditd' -and $_.StepSeconds -eq -3600 }).Count | Should -Be 1
        @($found.ClockEvents | Where-Object Source -eq chronyd).Count | Should -Be 2
        $journal = @($byType['OpsLogTools.Core.Model.JournalEntry'] | Where-Object { $_.Fields.ContainsKey('BINARY_NOTE') })
        $journal.Count | Should -Be 1
        # The binary field's ESC and newline never reach the terminal: the list view shows the bytes as hex.
        $shown = Get-Rendered $journal Format-List
        $shown | Should -Match 'BINARY_NOTE=0x1B5B324A0A6F6B'
        $shown | Should -Not -Match "`e"
        $byType['OpsLogTools.Core.Model.AptHistoryEntry'][0].Packages[0].Name | Should -Be 'chrony'
        @($byType['OpsLogTools.Core.Model.AuditEntry'].RecordType) | Should -Contain 'TIME_INJOFFSET'
    }

    It 'finds the written login records: every kind, both address families, the clock step, Tokyo times' -Skip:$noUtmpdump {
        $found = @($byType['OpsLogTools.Core.Model.LoginRecordEntry'])
        $found.Count | Should -Be 7
        @($found.Kind | Sort-Object -Unique) | Should -Be @('BootTime', 'DeadProcess', 'LoginProcess', 'NewTime', 'OldTime', 'UserProcess')
        @($found | ForEach-Object Address) | Should -Contain '2001:db8::7'   # (.Address on a list is Array.Address, the method)
        @($found | Where-Object { $null -eq $_.Address }).Count | Should -Be 4   # null, not empty text: JSON writes null
        ($found | Where-Object Kind -eq NewTime).StepSeconds | Should -Be -3599.5
        ($found | Where-Object User -eq alice).Timestamp | Should -Be ([DateTimeOffset]'2024-05-02T15:05:00.25+09:00')
        @($found.Timestamp.Offset | Sort-Object -Unique) | Should -Be @([TimeSpan]::FromHours(9))
        # What remoting gives back (one level, as Invoke-Command) keeps the step and the time as values.
        $back = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($found, 1))
        ($back | Where-Object Kind -eq NewTime).StepSeconds | Should -Be -3599.5
        ($back | Where-Object User -eq alice).Timestamp | Should -BeOfType [DateTimeOffset]
    }

    It 'has a serialization depth and views for every type found (live and Deserialized.)' {
        $views = foreach ($file in Get-ChildItem (Get-Module OpsLogTools).ModuleBase -Filter *.Format.ps1xml) { ([xml](Get-Content -Raw $file)).Configuration.ViewDefinitions.View }
        foreach ($name in $byType.Keys) {
            (Get-TypeData $name).SerializationDepth | Should -BeGreaterOrEqual 2 -Because "$name needs OpsLogTools.Types.ps1xml's SerializationDepth (remoting writes one level)"
            foreach ($n in $name, "Deserialized.$name") {
                @($views | Where-Object { @($_.ViewSelectedBy.TypeName) -contains $n -and $_.ListControl }).Count | Should -Be 1 -Because "$n needs a list view"
            }
            foreach ($n in $name, "Deserialized.$name") {
                @($views | Where-Object { @($_.ViewSelectedBy.TypeName) -contains $n -and $_.TableControl }).Count | Should -Be 1 -Because "$n needs a table view (an automatic table aligns a deserialized enum differently)"
            }
        }
    }
}

Describe 'ConvertTo-Json' {
    It '<Name>: converts at -Depth 5 with times as ISO 8601 with offset and enums as names' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $objects = $byType[$Name]
        $type = $objects[0].GetType()
        $json = $objects | ConvertTo-Json -Depth 5 -EnumsAsStrings -AsArray
        $json | Should -Not -Match '"System\.[A-Za-z.`]+\[' -Because 'no value is written as a type name'
        $back = ConvertFrom-Json $json -AsHashtable -DateKind String -NoEnumerate   # the array as it is, even of one
        $back.Count | Should -Be $objects.Count
        foreach ($p in Get-TimeProperty $type) {
            for ($i = 0; $i -lt $objects.Count; $i++) {
                if ($null -eq $objects[$i].$p) { continue }
                $back[$i][$p] | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$' -Because "$Name.$p"
                [DateTimeOffset]::Parse($back[$i][$p], [Globalization.CultureInfo]::InvariantCulture) | Should -Be $objects[$i].$p
                ([DateTimeOffset]::Parse($back[$i][$p], [Globalization.CultureInfo]::InvariantCulture)).Offset | Should -Be $objects[$i].$p.Offset
            }
        }
        foreach ($p in Get-EnumProperty $type) {
            if ($null -ne $objects[0].$p) { $back[0][$p] | Should -Be ([string]$objects[0].$p) -Because "$Name.$p is written by name" }
        }
    }

    It 'writes StatusCounts as an object keyed by status' {
        $bot = $byType['OpsLogTools.Core.Model.BotActivity'] | Sort-Object Requests -Descending | Select-Object -First 1
        $back = $bot | ConvertTo-Json -Depth 5 | ConvertFrom-Json -AsHashtable
        foreach ($k in $bot.StatusCounts.Keys) { $back.StatusCounts[$k] | Should -Be $bot.StatusCounts[$k] }
        $bot.StatusCounts[404] | Should -Be $bot.StatusCounts['404']   # PowerShell converts the number for the string key
    }
}

Describe 'Export-Csv and Import-Csv' {
    It '<Name>: one readable value per column (lists one item per line, counts as 404=3; times ISO 8601)' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $objects = $byType[$Name]
        $type = $objects[0].GetType()
        $path = Join-Path $TestDrive "$Name.csv"
        $objects | Export-Csv -LiteralPath $path
        $rows = @(Import-Csv -LiteralPath $path)
        $rows.Count | Should -Be $objects.Count
        (Get-Content -Raw -LiteralPath $path) | Should -Not -Match 'System\.(String|Collections|Object)|`1\[|\w\[\]"' -Because 'no cell holds a type name'
        for ($i = 0; $i -lt $objects.Count; $i++) {
            $o = $objects[$i]; $row = $rows[$i]
            foreach ($p in $type.GetProperties([Reflection.BindingFlags]'Public, Instance')) {
                $value = $o.($p.Name)
                $cell = $row.($p.Name)
                if ($null -eq $value) { $cell | Should -BeNullOrEmpty; continue }
                if ($value -is [DateTimeOffset]) {
                    [DateTimeOffset]::Parse($cell, [Globalization.CultureInfo]::InvariantCulture) | Should -Be $value -Because "$Name.$($p.Name)"
                    $cell | Should -Match '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$'
                } elseif ($value -is [Collections.IDictionary]) {
                    # CsvRows' order: shortest key first, then ordinal (statuses in numeric order; a Hashtable read back gives the same cell).
                    $keys = [Collections.Generic.List[string]]::new([string[]]@($value.Keys))
                    $keys.Sort([Comparison[string]] { param($x, $y) if ($x.Length -ne $y.Length) { $x.Length.CompareTo($y.Length) } else { [string]::CompareOrdinal($x, $y) } })
                    # Values: bytes (a journal's binary field) as 0x and hex, a list (a field given twice) as [a, b].
                    $show = { param($v) if ($v -is [byte[]]) { '0x' + [Convert]::ToHexString($v) } elseif ($v -is [Collections.IEnumerable] -and $v -isnot [string]) { '[' + (@(foreach ($y in $v) { & $show $y }) -join ', ') + ']' } else { [OpsLogTools.Core.Text.ConsoleText]::Visible([string]$v) } }
                    $expected = @(foreach ($k in $keys) { "$k=$(& $show $value[$k])" }) -join '; '
                    $cell | Should -Be $expected -Because "$Name.$($p.Name)"
                } elseif ($value -is [Collections.IEnumerable] -and $value -isnot [string]) {
                    $items = @($value)
                    if ($items.Count -eq 0) { $cell | Should -BeNullOrEmpty; continue }
                    @($cell -split "`n").Count | Should -Be $items.Count -Because "$Name.$($p.Name) keeps one item per line"
                    $last = if ($items[-1] -is [DateTimeOffset]) { $items[-1].ToString('yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz', [Globalization.CultureInfo]::InvariantCulture) } else { [OpsLogTools.Core.Text.ConsoleText]::Visible($items[-1].ToString()) }
                    ($cell -split "`n")[-1] | Should -Be $last
                } elseif ($value -is [string]) {
                    $cell.TrimStart("'") | Should -Be ([OpsLogTools.Core.Text.ConsoleText]::Visible($value).TrimStart("'"))
                } elseif ($value -is [Enum] -or $value -is [bool] -or $value.GetType().IsPrimitive) {
                    $cell | Should -Be ([string]$value)
                } else {
                    $cell | Should -Be ([OpsLogTools.Core.Text.ConsoleText]::Visible($value.ToString())) -Because "$Name.$($p.Name) is written as its text"
                }
            }
        }
    }

    It 'gives the same cells for objects read back by Import-Clixml' {
        foreach ($name in $byType.Keys) {
            $live = $byType[$name] | ConvertTo-Csv
            $back = Import-Clixml -LiteralPath (Join-Path $xmlDir "$name.xml") | ConvertTo-Csv
            # Only the type name line differs (none is written by default); nested objects come back as their text.
            $back | Should -Be $live -Because $name
        }
    }
}

Describe 'Export-Clixml and Import-Clixml' {
    It '<Name>: keeps type names, times as DateTimeOffset and enums as enums (module loaded)' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $objects = $byType[$Name]
        $type = $objects[0].GetType()
        $back = @(Import-Clixml -LiteralPath (Join-Path $xmlDir "$Name.xml"))
        $back.Count | Should -Be $objects.Count
        $back[0].PSObject.TypeNames[0] | Should -Be "Deserialized.$Name"
        $times = @(Get-TimeProperty $type)
        foreach ($p in $times) {
            for ($i = 0; $i -lt $objects.Count; $i++) {
                if ($null -eq $objects[$i].$p) { $back[$i].$p | Should -BeNullOrEmpty; continue }
                $back[$i].$p | Should -BeOfType [DateTimeOffset]
                $back[$i].$p | Should -Be $objects[$i].$p
                $back[$i].$p.Offset | Should -Be $objects[$i].$p.Offset
            }
        }
        if ($times) {
            # Sort-Object, Where-Object and comparisons written for live objects work unchanged.
            $p = $times[0]
            ($back | Sort-Object $p, { $_.PSObject.Properties.Value -join '|' } | ForEach-Object $p) | Should -Be ($objects | Sort-Object $p, { $_.PSObject.Properties.Value -join '|' } | ForEach-Object $p)
            $middle = ($objects | Sort-Object $p)[[int]($objects.Count / 2)].$p
            if ($null -ne $middle) { @($back | Where-Object { $_.$p -lt $middle }).Count | Should -Be @($objects | Where-Object { $_.$p -lt $middle }).Count }
        }
        foreach ($p in Get-EnumProperty $type) {
            if ($null -eq $objects[0].$p) { continue }
            $back[0].$p | Should -Be $objects[0].$p
            $name = [string]$objects[0].$p
            @($back | Where-Object $p -EQ $name).Count | Should -Be @($objects | Where-Object $p -EQ $name).Count -Because "Where-Object $p -eq '$name'"
            @($back | Group-Object $p | ForEach-Object Name) | Should -Be @($objects | Group-Object $p | ForEach-Object Name)
        }
    }

    It '<Name>: keeps times as times when written as remoting writes them (one level deep by default)' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $objects = $byType[$Name]
        $times = @(Get-TimeProperty $objects[0].GetType())
        foreach ($o in $objects | Select-Object -First 5) {
            # Remoting serializes with depth 1 unless the type asks for more (OpsLogTools.Types.ps1xml does).
            $back = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($o, 1))
            $back.PSObject.TypeNames[0] | Should -Be "Deserialized.$Name"
            foreach ($p in $times) { if ($null -ne $o.$p) { $back.$p | Should -BeOfType [DateTimeOffset]; $back.$p | Should -Be $o.$p } }
            Get-Rendered $back Format-Table | Should -Be (Get-Rendered $o Format-Table)
        }
    }

    It '<Name>: the default table and list views render the same on deserialized objects' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $objects = $byType[$Name]
        $back = Import-Clixml -LiteralPath (Join-Path $xmlDir "$Name.xml")
        Get-Rendered $back Format-Table | Should -Be (Get-Rendered $objects Format-Table)
        Get-Rendered $back Format-List | Should -Be (Get-Rendered $objects Format-List)
    }

    It '<Name>: renders the same in a fresh pwsh with only the module''s format files (no module, no assembly)' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $fresh = $freshWithFormat[$Name]
        $fresh.Loaded | Should -BeFalse
        $fresh.TypeName | Should -Be "Deserialized.$Name"
        $fresh.Table | Should -Be (Get-Rendered $byType[$Name] Format-Table)
        $fresh.List | Should -Be (Get-Rendered $byType[$Name] Format-List)
    }

    It '<Name>: in a fresh pwsh with nothing, still shows every property and its values' -TestCases $typeCases {
        param($Name)
        if (-not $byType.ContainsKey($Name)) { return }
        $fresh = $freshBare[$Name]
        $fresh.Loaded | Should -BeFalse
        $fresh.TypeName | Should -Be "Deserialized.$Name"
        $first = $byType[$Name][0]
        foreach ($p in $first.GetType().GetProperties([Reflection.BindingFlags]'Public, Instance')) {
            $fresh.List | Should -Match ('(?m)^' + [regex]::Escape($p.Name) + '\s*:') -Because "$Name.$($p.Name) is shown by the default list"
        }
    }
}

Describe 'Console views' {
    It 'prints times whole (26 characters) and the re-timed marker of Get-LogTimeline' {
        $text = Get-Rendered ($byType['OpsLogTools.Core.Model.TimelineEvent'] | Where-Object OffsetSeconds -ne 0 | Select-Object -First 3) Format-Table
        $text | Should -Match '\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d\*'
        $text | Should -Not -Match '…'
        foreach ($name in $byType.Keys) {
            Get-Rendered $byType[$name] Format-Table | Should -Not -Match '\d\d:\d\d:\d\d [+-]\d\d:?\d?…' -Because "$name shows its times whole"
        }
    }

    It 'shows bots'' FirstSeen, LastSeen and their evidence in the host''s zone (the origin log''s offset), not CloudFront''s UTC' {
        foreach ($bundle in $sample, $other) {
            $hostOffset = (Get-LogEntry (Join-Path $bundle httpd) 3>$null | Where-Object { $_ -is [OpsLogTools.Core.Model.AccessLogEntry] } | Select-Object -First 1).Timestamp.Offset
            $hostOffset | Should -Not -Be ([TimeSpan]::Zero) -Because 'the generated hosts are not in UTC'
            $zzz = [DateTimeOffset]::new(2022, 1, 1, 0, 0, 0, $hostOffset).ToString('zzz')
            $bots = @(Find-BotRequest $bundle 3>$null)
            $bots.Count | Should -BeGreaterThan 0
            foreach ($b in $bots) {
                $b.FirstSeen.Offset | Should -Be $hostOffset -Because "$($b.ClientIp) in $bundle"
                $b.LastSeen.Offset | Should -Be $hostOffset
                ($b.Evidence | Where-Object { $_ -like 'active *' }) | Should -BeLike "*$zzz to *$zzz"
            }
        }
    }

    It 'shows Export-OpsReport''s result with its path, size and counts, and keeps it a FileInfo' {
        $out = Join-Path $TestDrive 'report.html'
        $r = Export-OpsReport -Path $sample -OutFile $out 3>$null
        $r | Should -BeOfType [IO.FileInfo]
        $r.FullName | Should -Be $out
        $r.PSPath | Should -BeLike '*FileSystem::*report.html'
        $r.PSObject.TypeNames[0] | Should -Be 'OpsLogTools.ReportFile'
        $r.Anomalies | Should -BeGreaterThan 0
        $r.Bots | Should -BeGreaterThan 0
        $text = Get-Rendered $r Format-Table
        $text | Should -Match 'Anomalies'
        $text | Should -Match ([regex]::Escape($out))
        $text | Should -Match "\b$($r.Length)\b"
        (Get-Content -Raw $r) | Should -Match '<html'
    }
}

Describe 'Round trips on real logs' -Skip:(-not (Test-Path -LiteralPath (Join-Path $PSScriptRoot '../../../shared/realdata') -PathType Container) -and -not $env:OPSLOGTOOLS_REALDATA) {
    # Logs no one on this project wrote (../shared/realdata, see its SOURCES.md): plaso's and lnav's test data, the
    # Apache access log and syslog files among them. Their text is what it is (tabs, odd bytes): the views, CSV cells
    # and deserialized objects must carry it the same way.
    BeforeAll {
        $root = if ($env:OPSLOGTOOLS_REALDATA) { $env:OPSLOGTOOLS_REALDATA } else { Join-Path $PSScriptRoot '../../../shared/realdata' }
        $files = @(
            'plaso/test_data/apache_access.log'
            'plaso/test_data/syslog'
            'lnav/test/logfile_access_log.0'
            'lnav/test/logfile_syslog.0'
        ) | ForEach-Object { Join-Path $root $_ } | Where-Object { Test-Path -LiteralPath $_ -PathType Leaf }
        $script:realFiles = $files
        $script:real = @(
            Get-LogEntry -LiteralPath $files -ReferenceDate '2026-01-01T00:00:00+00:00' 3>$null 2>$null
            Find-BotRequest -LiteralPath $files -IncludeBenign 3>$null 2>$null
            Get-LogTimeline -LiteralPath $files -ReferenceDate '2026-01-01T00:00:00+00:00' 3>$null 2>$null | Select-Object -First 40
        )
    }

    It 'reads some of them' {
        $realFiles.Count | Should -BeGreaterThan 0
        $real.Count | Should -BeGreaterThan 10
    }

    It 'round-trips every object through CliXml with equal times and equal views, and through JSON and CSV' {
        foreach ($group in $real | Group-Object { $_.GetType().FullName }) {
            $objects = $group.Group
            $xml = Join-Path $TestDrive "real-$($group.Name).xml"
            $objects | Export-Clixml -LiteralPath $xml
            $back = @(Import-Clixml -LiteralPath $xml)
            $back[0].PSObject.TypeNames[0] | Should -Be "Deserialized.$($group.Name)"
            foreach ($p in Get-TimeProperty $objects[0].GetType()) {
                for ($i = 0; $i -lt $objects.Count; $i++) { if ($null -ne $objects[$i].$p) { $back[$i].$p | Should -Be $objects[$i].$p } }
            }
            Get-Rendered $back Format-Table | Should -Be (Get-Rendered $objects Format-Table) -Because $group.Name
            Get-Rendered $back Format-List | Should -Be (Get-Rendered $objects Format-List) -Because $group.Name
            { $objects | ConvertTo-Json -Depth 5 -EnumsAsStrings } | Should -Not -Throw
            $csv = $objects | ConvertTo-Csv
            ($csv -join "`n") | Should -Not -Match 'System\.(String|Collections|Object)|`1\['
            @($csv | ConvertFrom-Csv).Count | Should -Be $objects.Count
            ($back | ConvertTo-Csv) | Should -Be $csv
        }
    }
}

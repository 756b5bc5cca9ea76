# Get-LogEntry on binary login records as a user runs it: a wtmp that util-linux's utmpdump -r writes from its text
# form (a boot, a login, a date clock change, a logout), then the same file with a slot zeroed as a log wiper leaves it
# (skipped where utmpdump is absent; .ci/run installs util-linux when missing).
BeforeDiscovery {
    $script:noUtmpdump = -not (Get-Command utmpdump -CommandType Application -ErrorAction SilentlyContinue)
}

BeforeAll {
    Import-Module OpsLogTools -Force
    function New-Wtmp([string] $Path) {
        $text = @(
            '[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-18-amd64      ] [0.0.0.0        ] [2024-05-02T06:00:00,000000+00:00]'
            '[7] [04242] [ts/0] [alice   ] [pts/0       ] [198.51.100.23       ] [198.51.100.23  ] [2024-05-02T06:05:00,250000+00:00]'
            '[4] [00000] [    ] [date    ] [|           ] [                    ] [0.0.0.0        ] [2024-05-02T06:10:00,000000+00:00]'
            '[3] [00000] [    ] [date    ] [}           ] [                    ] [0.0.0.0        ] [2024-05-02T05:10:00,500000+00:00]'
            '[8] [04242] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] [2024-05-02T05:20:00,000000+00:00]'
        ) -join "`n"
        $bash = "TZ=UTC utmpdump -r > '$Path' 2>/dev/null"
        $text + "`n" | & bash -c $bash
    }
}

Describe 'Get-LogEntry on wtmp' -Skip:$noUtmpdump {
    It 'reads login records with kinds, users, the clock step and host-zone times' {
        $wtmp = Join-Path $TestDrive 'wtmp'
        New-Wtmp $wtmp
        $e = @(Get-LogEntry $wtmp -TimeZone Asia/Tokyo -WarningVariable w -WarningAction SilentlyContinue)
        $w.Count | Should -Be 0
        $e.Count | Should -Be 5
        $e[0].GetType().Name | Should -Be 'LoginRecordEntry'
        @($e.Kind) | Should -Be @('BootTime', 'UserProcess', 'OldTime', 'NewTime', 'DeadProcess')
        $e[1].User | Should -Be 'alice'
        $e[1].Address | Should -Be '198.51.100.23'
        $e[1].Timestamp | Should -Be ([DateTimeOffset]'2024-05-02T15:05:00.25+09:00')
        $e[1].Timestamp.Offset | Should -Be ([TimeSpan]::FromHours(9))
        $e[3].StepSeconds | Should -Be -3599.5
        ($e | Format-Table | Out-String -Width 250) | Should -Match 'alice logged in on pts/0 from 198\.51\.100\.23'
    }

    It 'warns about a zeroed record with the file and byte offset' {
        $wtmp = Join-Path $TestDrive 'wtmp'
        New-Wtmp $wtmp
        $bytes = [IO.File]::ReadAllBytes($wtmp)
        [Array]::Clear($bytes, 384, 384)
        [IO.File]::WriteAllBytes($wtmp, $bytes)
        $e = @(Get-LogEntry $wtmp -WarningVariable w -WarningAction SilentlyContinue)
        $e.Count | Should -Be 4
        $w.Count | Should -Be 1
        "$($w[0])" | Should -BeLike "*wtmp: zeroed login record at byte offset 384 (0x180)*"
    }
}

# lastlog written here slot by slot after glibc's lastlog.h (292 bytes a uid), sparse as login leaves it: no tool is needed.
Describe 'Get-LogEntry on lastlog' {
    BeforeAll {
        function New-Lastlog([string] $Path, [object[]] $Slots) {
            $file = [IO.File]::Create($Path)
            try {
                foreach ($s in $Slots) {
                    $slot = [byte[]]::new(292)
                    [BitConverter]::GetBytes([int]$s.Time.ToUnixTimeSeconds()).CopyTo($slot, 0)
                    [Text.Encoding]::ASCII.GetBytes($s.Line).CopyTo($slot, 4)
                    [Text.Encoding]::ASCII.GetBytes($s.Host).CopyTo($slot, 36)
                    $file.Position = [long]$s.Uid * 292
                    $file.Write($slot, 0, 292)
                }
            } finally { $file.Dispose() }
        }
    }

    It 'reads each user''s last login from a directory, by uid, in the zone asked for' {
        $dir = Join-Path $TestDrive 'll'
        $null = New-Item -ItemType Directory $dir
        New-Lastlog (Join-Path $dir 'lastlog') @(
            @{ Uid = 1000; Time = [DateTimeOffset]'2024-07-14T21:03:09Z'; Line = 'pts/0'; Host = '198.51.100.7' }
            @{ Uid = 1001; Time = [DateTimeOffset]'2024-07-15T02:59:01Z'; Line = 'pts/1'; Host = 'client7.example.net' }
            @{ Uid = 65534; Time = [DateTimeOffset]'2024-07-15T03:00:00Z'; Line = 'tty1'; Host = '' }
        )
        $e = @(Get-LogEntry $dir -TimeZone Asia/Tokyo -WarningVariable w -WarningAction SilentlyContinue)
        $w.Count | Should -Be 0
        @($e.UserId) | Should -Be @(1000, 1001, 65534)
        @($e.Kind | Select-Object -Unique) | Should -Be 'LastLogin'
        $e[0].Address | Should -Be '198.51.100.7'
        $e[1].Address | Should -BeNullOrEmpty
        $e[0].Timestamp | Should -Be ([DateTimeOffset]'2024-07-15T06:03:09+09:00')
        $e[0].Timestamp.Offset | Should -Be ([TimeSpan]::FromHours(9))
        $e[2].Offset | Should -Be (65534 * 292)
        ($e | Format-Table | Out-String -Width 250) | Should -Match 'uid 1001 last logged in on pts/1 from client7\.example\.net'
        ($e[0] | Format-List | Out-String -Width 250) | Should -Match 'UserId\s+: 1000'
    }

    It 'warns about a slot that is no record and reads the others' {
        $ll = Join-Path $TestDrive 'lastlog'
        New-Lastlog $ll @(
            @{ Uid = 0; Time = [DateTimeOffset]'2024-07-14T21:03:09Z'; Line = 'pts/0'; Host = '198.51.100.7' }
            @{ Uid = 5; Time = [DateTimeOffset]'2024-07-14T22:00:00Z'; Line = 'pts/1'; Host = '' }
        )
        $bytes = [IO.File]::ReadAllBytes($ll)
        [Text.Encoding]::ASCII.GetBytes('x' * 292).CopyTo($bytes, 2 * 292)
        [IO.File]::WriteAllBytes($ll, $bytes)
        $e = @(Get-LogEntry $ll -WarningVariable w -WarningAction SilentlyContinue)
        @($e.UserId) | Should -Be @(0, 5)
        $w.Count | Should -Be 1
        "$($w[0])" | Should -BeLike "*lastlog: the bytes at offset 584 (0x248) (uid 2) are no lastlog record*"
    }
}

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

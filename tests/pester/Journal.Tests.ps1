# Get-LogEntry on the systemd journal as a user runs it: an export stream written here (no systemd needed), and real
# journal files that Debian's systemd-journal-remote writes from such streams into a journal directory with a
# machine-id folder, as /var/log/journal holds them (skipped where the tool is absent; .ci/run installs it).
BeforeDiscovery {
    $script:remote = '/lib/systemd/systemd-journal-remote'
    $script:noRemote = -not (Test-Path $remote)
}

BeforeAll {
    Import-Module OpsLogTools -Force
    $script:remote = '/lib/systemd/systemd-journal-remote'

    # An export stream of one boot: $Count entries a minute apart from $Start (microseconds since the epoch).
    function New-ExportStream([string] $Path, [int] $Count, [string] $BootId, [long] $Start, [string] $Unit) {
        $text = [Text.StringBuilder]::new()
        for ($i = 0; $i -lt $Count; $i++) {
            $null = $text.Append("__REALTIME_TIMESTAMP=$($Start + $i * 60000000)`n__MONOTONIC_TIMESTAMP=$(5000000 + $i * 60000000)`n")
            $null = $text.Append("_BOOT_ID=$BootId`n_HOSTNAME=web1`nSYSLOG_IDENTIFIER=sshd`n_PID=$(100 + $i)`nPRIORITY=6`n_SYSTEMD_UNIT=$Unit`n")
            $null = $text.Append("MESSAGE=entry $i of $BootId`n`n")
        }
        [IO.File]::WriteAllText($Path, $text.ToString())
    }
}

Describe 'Get-LogEntry on systemd journals' {
    It 'reads a journalctl -o export stream as JournalEntry objects' {
        $export = Join-Path $TestDrive 'boot.export'
        New-ExportStream $export 5 ('ab' * 16) 1658264400000000 'sshd.service'
        $e = @(Get-LogEntry $export -TimeZone Asia/Tokyo)
        $e.Count | Should -Be 5
        $e[0] | Should -BeOfType ([OpsLogTools.Core.Model.JournalEntry])
        $e[0].Format | Should -Be 'JournalExport'
        $e[0].Timestamp | Should -Be ([DateTimeOffset]::FromUnixTimeMilliseconds(1658264400000))
        $e[0].Timestamp.Offset | Should -Be ([TimeSpan]::FromHours(9))
        $e[0].BootId | Should -Be ('ab' * 16)
        $e[0].Unit | Should -Be 'sshd.service'
        $e[0].Priority | Should -Be 6
        $e[1].MonotonicTime | Should -Be ([TimeSpan]::FromSeconds(65))
        $e[4].Message | Should -Be "entry 4 of $('ab' * 16)"
        $e[0].Fields['_PID'] | Should -Be '100'
        ($e[0] | Format-List | Out-String) | Should -Match 'Fields\s+: _HOSTNAME=web1; _PID=100;'
    }

    It 'reads a journal directory (machine-id folder, archived and live files) merged in time order' -Skip:$noRemote {
        $machine = Join-Path $TestDrive 'journal/0123456789abcdef0123456789abcdef'
        New-Item -ItemType Directory $machine -Force | Out-Null
        New-ExportStream (Join-Path $TestDrive 'a.export') 30 ('a1' * 16) 1658264400000000 'httpd.service'
        New-ExportStream (Join-Path $TestDrive 'b.export') 20 ('b2' * 16) 1658270000000000 'sshd.service'
        & $remote "--output=$machine/system@0123456789abcdef0123456789abcdef-0000000000000001-0005e4275d41bcc0.journal" (Join-Path $TestDrive 'a.export') 2>$null
        & $remote "--output=$machine/system.journal" (Join-Path $TestDrive 'b.export') 2>$null
        $e = @(Get-LogEntry (Join-Path $TestDrive 'journal') -TimeZone UTC)
        $e.Count | Should -Be 50
        @($e | Where-Object { $_ -isnot [OpsLogTools.Core.Model.JournalEntry] }).Count | Should -Be 0
        @($e.Format | Sort-Object -Unique) | Should -Be 'Journal'
        @($e.BootId | Select-Object -Unique) | Should -Be @(('a1' * 16), ('b2' * 16))
        for ($i = 1; $i -lt $e.Count; $i++) { $e[$i].Timestamp | Should -BeGreaterThan $e[$i - 1].Timestamp }
        $e[0].Offset | Should -BeGreaterThan 0
        $e[0].LineNumber | Should -Be 1
        ($e | Select-Object -First 3 | Format-Table | Out-String) | Should -Match 'httpd\.service'
    }
}

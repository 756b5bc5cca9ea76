# Issue 17 as a new user on a Debian host meets it: Get-LogEntry on a /var/log of dpkg, apt and unattended-upgrades logs,
# the warning for a directory with no recognised log, and Test-PackageUpdateWindow (the alias) on apt runs and an
# apt-daily-upgrade.timer. The files are written here in Debian 12's shapes (dpkg 1.21, apt 2.6.1 and its
# apt-daily-upgrade.timer as installed under /lib/systemd/system, unattended-upgrades 2.9, rsyslog's auth.log).
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:bundle = Join-Path $TestDrive 'debian'
    $files = @{
        'var/log/dpkg.log' = "2024-01-10 06:25:20 startup archives unpack`n2024-01-10 06:25:21 upgrade tzdata:all 2023c-5+deb12u1 2024a-0+deb12u1`n2024-01-10 06:25:25 upgrade rsyslog:amd64 8.2302.0-1 8.2302.0-1+deb12u1`n2024-01-10 14:02:05 install nginx:amd64 <none> 1.22.1-9`n"
        'var/log/apt/history.log' = "`nStart-Date: 2024-01-10  06:25:14`nCommandline: /usr/bin/unattended-upgrade`nUpgrade: tzdata:all (2023c-5+deb12u1, 2024a-0+deb12u1), rsyslog:amd64 (8.2302.0-1, 8.2302.0-1+deb12u1)`nEnd-Date: 2024-01-10  06:25:40`n`nStart-Date: 2024-01-10  14:02:01`nCommandline: apt install nginx`nRequested-By: alice (1000)`nInstall: nginx:amd64 (1.22.1-9)`nEnd-Date: 2024-01-10  14:02:09`n"
        'var/log/apt/term.log' = "Log started: 2024-01-10  06:25:20`nSetting up tzdata (2024a-0+deb12u1) ...`nLog ended: 2024-01-10  06:25:39`n"
        'var/log/unattended-upgrades/unattended-upgrades.log' = "2024-01-10 06:25:12,513 INFO Starting unattended upgrades script`n2024-01-10 06:25:13,020 INFO Packages that will be upgraded: rsyslog tzdata`n"
        'var/log/auth.log' = "Jan 10 14:02:00 web1 sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt install nginx`n"
        'lib/systemd/system/apt-daily-upgrade.timer' = "[Unit]`nDescription=Daily apt upgrade and clean activities`nAfter=apt-daily.timer`n`n[Timer]`nOnCalendar=*-*-* 6:00`nRandomizedDelaySec=60m`nPersistent=true`n`n[Install]`nWantedBy=timers.target`n"
    }
    foreach ($f in $files.GetEnumerator()) {
        $full = Join-Path $bundle $f.Key
        New-Item -ItemType Directory -Force (Split-Path $full) | Out-Null
        [IO.File]::WriteAllText($full, $f.Value)
    }
    $script:zone = 'Europe/Berlin'
}

Describe 'Get-LogEntry on a Debian /var/log' {
    It 'reads dpkg.log, apt history and term.log, and unattended-upgrades.log, with a year and the zone given' {
        $all = Get-LogEntry -Path (Join-Path $bundle 'var/log') -TimeZone $zone -WarningVariable w -WarningAction SilentlyContinue
        $w | Should -BeNullOrEmpty
        ($all | Group-Object Format | Sort-Object Name | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ',' |
            Should -Be 'AptHistory=2,AptTerm=3,Dpkg=4,Syslog=1,UnattendedUpgrades=2'
        $record = $all | Where-Object Format -eq AptHistory | Select-Object -Last 1
        $record | Should -BeOfType ([OpsLogTools.Core.Model.AptHistoryEntry])
        $record.User | Should -Be 'alice'
        $record.Timestamp | Should -Be ([DateTimeOffset]'2024-01-10T14:02:01+01:00')
        ($record | Format-List | Out-String) | Should -Match 'RequestedBy\s+: alice \(1000\)'
    }

    It 'warns, naming the directory, when a directory holds no recognised log' {
        $empty = Join-Path $TestDrive 'nothing'
        New-Item -ItemType Directory -Force $empty | Out-Null
        [IO.File]::WriteAllText((Join-Path $empty 'notes.txt'), "not a log`n")
        $out = @(Get-LogEntry -Path $empty -WarningVariable w -WarningAction SilentlyContinue)
        $out.Count | Should -Be 0
        $w.Count | Should -Be 1
        "$w" | Should -BeLike "$empty*no recognised log in this directory*1 of its 1 file(s)*"
    }
}

Describe 'Test-PackageUpdateWindow on apt runs' {
    It 'is an alias of Test-YumUpdateWindow, exported by the manifest' {
        (Get-Alias Test-PackageUpdateWindow).ResolvedCommandName | Should -Be 'Test-YumUpdateWindow'
        (Get-Module OpsLogTools).ExportedAliases.Keys | Should -Contain 'Test-PackageUpdateWindow'
    }

    It 'gives each apt run its trigger, timer, user, versions and relation to the incident' {
        $results = Test-PackageUpdateWindow -Path $bundle -TimeZone $zone -At '2024-01-10T06:40:00+01:00' -WarningAction SilentlyContinue
        $results.Count | Should -Be 2
        $auto, $manual = $results | Sort-Object { $_.Run.Start }
        $auto.Run.Trigger | Should -Be 'SystemdTimer'
        $auto.Run.Schedule | Should -Be 'apt-daily-upgrade.timer (OnCalendar=*-*-* 6:00, RandomizedDelaySec=1h, Persistent)'
        $auto.Run.ScheduleEvidence -join "`n" | Should -Match 'apt-daily-upgrade\.timer:6: OnCalendar=\*-\*-\* 6:00 \(elapsed 2024-01-10 06:00 \+01:00'
        $auto.Relation | Should -Be 'Before'
        ($auto.Run.Packages | ForEach-Object { "$($_.Name):$($_.FromVersion)" }) -join ' ' | Should -Be 'tzdata:2023c-5+deb12u1 rsyslog:8.2302.0-1'
        ($auto.RelevantPackages.Package.Name | Sort-Object) -join ',' | Should -Be 'rsyslog,tzdata'
        $manual.Run.Trigger | Should -Be 'Manual'
        $manual.Run.User | Should -Be 'alice'
        $manual.Run.Command | Should -Be 'apt install nginx'
        $manual.Relation | Should -Be 'After'
    }
}

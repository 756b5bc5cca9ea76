# Find-LoginActivity (issue 16, intrusion evidence) as a user runs it: on the bundled sample (the generator's sshd
# noise from the internet: user-enumerating sources, never a success), and on a secure file written here in the shape
# OpenSSH 9 and pam_unix write it: a source guessing root's password over two connections and then logging in, a
# private address failing and logging in, the admin's key logins.
BeforeAll {
    Import-Module OpsLogTools -Force
    $script:sample = Join-Path (Get-Module OpsLogTools).ModuleBase Sample
    $script:dir = Join-Path $TestDrive 'host'
    New-Item -ItemType Directory $dir | Out-Null
    $lines = [Collections.Generic.List[string]]::new()
    $lines.Add('Mar  4 09:00:01 web1 sshd[900]: Accepted publickey for deploy from 198.51.100.20 port 50000 ssh2: ED25519 SHA256:k')
    foreach ($c in 0, 1) {
        $sshdPid = 1000 + $c
        $lines.Add(('Mar  5 02:0{0}:00 web1 sshd[{1}]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=45.13.7.9  user=root' -f $c, $sshdPid))
        foreach ($i in 1..3) { $lines.Add(('Mar  5 02:0{0}:{1:00} web1 sshd[{2}]: Failed password for root from 45.13.7.9 port 4100{0} ssh2' -f $c, ($i * 3), $sshdPid)) }
        $lines.Add(('Mar  5 02:0{0}:10 web1 sshd[{1}]: Connection closed by authenticating user root 45.13.7.9 port 4100{0} [preauth]' -f $c, $sshdPid))
        $lines.Add(('Mar  5 02:0{0}:10 web1 sshd[{1}]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=45.13.7.9  user=root' -f $c, $sshdPid))
    }
    $lines.Add('Mar  5 02:05:00 web1 sshd[1010]: Accepted password for root from 45.13.7.9 port 41010 ssh2')
    foreach ($i in 1..6) { $lines.Add(('Mar  5 05:00:0{0} web1 sshd[{1}]: Failed password for admin from 192.168.7.7 port 5000{0} ssh2' -f $i, (1100 + $i))) }
    $lines.Add('Mar  5 05:01:00 web1 sshd[1200]: Accepted password for admin from 192.168.7.7 port 50010 ssh2')
    [IO.File]::WriteAllText((Join-Path $dir secure), (($lines -join "`n") + "`n"))
    $script:found = @(Find-LoginActivity -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z')
}

Describe 'Find-LoginActivity' {
    It 'finds the guessing that ended in a login first, exactly (source, user, time, attempts)' {
        $top = $found[0]
        $top.Kind | Should -Be 'SuccessAfterFailures'
        $top.Source | Should -Be '45.13.7.9'
        $top.SuccessfulUsers | Should -Be @('root')
        $top.Failures | Should -Be 6
        $top.Successes | Should -Be 1
        $top.Attempts | Should -Be 7
        $top.FirstSuccess | Should -Be ([DateTimeOffset]'2024-03-05T02:05:00Z')
        $top.Witnesses | Should -Be @('secure')
        $top.Evidence[-1] | Should -BeLike '*secure:*: Accepted password for root from 45.13.7.9 port 41010 ssh2'
    }

    It 'lists the private address''s success after guessing too, and leaves the admin''s key logins out by default' {
        ($found | Where-Object Source -eq '192.168.7.7').Kind | Should -Be 'SuccessAfterFailures'
        $found.Source | Should -Not -Contain '198.51.100.20'
        (Find-LoginActivity -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z' -IncludeOrdinary |
            Where-Object Source -eq '198.51.100.20').Kind | Should -Be 'Login'
    }

    It 'gives the same findings from Get-LogEntry''s entries on the pipeline' {
        $piped = @(Get-LogEntry -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z' | Find-LoginActivity)
        ($piped | ForEach-Object { "$($_.Kind) $($_.Source) $($_.Attempts)" }) | Should -Be ($found | ForEach-Object { "$($_.Kind) $($_.Source) $($_.Attempts)" })
    }

    It 'marks a login from a new source in the incident window' {
        $n = @(Find-LoginActivity -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z' -IncidentStart '2024-03-05T01:30:00Z' -IncidentEnd '2024-03-05T02:30:00Z')
        ($n | Where-Object Source -eq '45.13.7.9').DuringIncident | Should -BeTrue
        # 05:00 is past the window and its hour of margin.
        ($n | Where-Object Source -eq '192.168.7.7').DuringIncident | Should -BeFalse
    }

    It 'takes the incident window from Get-LogAnomaly findings on the pipeline' {
        # Two findings (as Get-LogAnomaly writes them) spanning 01:30-02:30: the window is their union.
        $runs = [OpsLogTools.Core.Model.LogAnomaly]@{ Kind = 'DisplacedTimestamps'; Start = [DateTimeOffset]'2024-03-05T01:30:00Z'; End = [DateTimeOffset]'2024-03-05T01:50:00Z' },
            [OpsLogTools.Core.Model.LogAnomaly]@{ Kind = 'DisplacedTimestamps'; Start = [DateTimeOffset]'2024-03-05T02:00:00Z'; End = [DateTimeOffset]'2024-03-05T02:30:00Z' }
        $piped = @($runs | Find-LoginActivity -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z' -Verbose 4>&1)
        ($piped | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like 'incident window from the piped findings: 2024-03-05 01:30:00 +00:00 to 2024-03-05 02:30:00 +00:00' }) | Should -Not -BeNullOrEmpty
        $found2 = @($piped | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] })
        ($found2 | Where-Object Source -eq '45.13.7.9').DuringIncident | Should -BeTrue
        ($found2 | Where-Object Source -eq '192.168.7.7').DuringIncident | Should -BeFalse
        # Without the findings nothing is during an incident.
        $found | ForEach-Object { $_.DuringIncident | Should -BeFalse }
    }

    It 'refuses an empty incident window' {
        { Find-LoginActivity -LiteralPath (Join-Path $dir secure) -IncidentStart '2024-03-05T02:00:00Z' -IncidentEnd '2024-03-05T01:00:00Z' } |
            Should -Throw -ErrorId 'EmptyIncidentWindow,OpsLogTools.Commands.FindLoginActivityCommand'
    }

    It 'finds the sample''s internet noise as attacks that never succeeded' {
        $s = @(Find-LoginActivity $sample 3>$null)
        $s.Count | Should -BeGreaterThan 0
        $s | ForEach-Object { $_.IsAttack | Should -BeTrue; $_.Successes | Should -Be 0 }
        $s.Kind | Should -Not -Contain 'SuccessAfterFailures'
    }

    It 'shows every property in its list view, and the table fits' {
        $text = $found[0] | Format-List | Out-String -Width 200
        foreach ($p in $found[0].PSObject.Properties.Name) { $text | Should -Match "(?m)^$p\s*:" }
        ($found | Format-Table | Out-String -Width 200) | Should -Match 'SuccessAfterFailures\s+45\.13\.7\.9'
    }
}

Describe 'ConvertTo-BlockRule on login findings' {
    It 'writes rules for the attacking sources and refuses the private address' {
        $rules = @($found | ConvertTo-BlockRule -Format Nftables -ErrorVariable refused -ErrorAction SilentlyContinue)
        # (.Address on an array is the array's own Address method: take the property per item.)
        ($rules | ForEach-Object Address) | Should -Be @('45.13.7.9/32')
        $refused.FullyQualifiedErrorId | Should -Be @('PrivateAddress,OpsLogTools.Commands.ConvertToBlockRuleCommand')
    }

    It 'refuses ordinary logins unless -Force' {
        $ordinary = Find-LoginActivity -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z' -IncludeOrdinary | Where-Object Kind -eq Login
        @($ordinary | ConvertTo-BlockRule -Format Nginx -ErrorAction SilentlyContinue).Count | Should -Be 0
        # The admin's address is in TEST-NET-2: refused even with -Force (documentation space); the public one is written.
        @($ordinary | ConvertTo-BlockRule -Format Nginx -Force -ErrorVariable refused -ErrorAction SilentlyContinue).Count | Should -Be 0
        $refused.FullyQualifiedErrorId | Should -Be @('ReservedAddress,OpsLogTools.Commands.ConvertToBlockRuleCommand')
        $public = Find-LoginActivity -LiteralPath (Join-Path $dir secure) -TimeZone UTC -ReferenceDate '2024-03-06T00:00:00Z' -IncludeOrdinary | Where-Object Source -eq '45.13.7.9'
        @($public | ConvertTo-BlockRule -Format Nginx) | ForEach-Object Address | Should -Be @('45.13.7.9/32')
    }
}

Describe 'New-OpsLogSample -SshAttack' {
    It 'plants an attack Find-LoginActivity finds exactly (<zone>)' -ForEach @(
        @{ zone = 'Asia/Tokyo'; seed = 20220719 }
        @{ zone = 'America/New_York'; seed = 4711 }
    ) {
        $dir = Join-Path $TestDrive "attack-$seed"
        $truth = New-OpsLogSample -Path $dir -Seed $seed -HostTimeZone $zone -SshAttack
        $a = $truth.SshAttack
        $a.Source | Should -Not -BeNullOrEmpty
        $a.LoginWitnesses | Should -Be @('secure', 'wtmp', 'audit/audit.log')
        "$a" | Should -BeLike "$($a.Source) root: $($a.Attempts) attempt(s) from *, $($a.Failures) failed, then logged in at *"
        $top = @(Find-LoginActivity $dir 3>$null)[0]
        $top.Kind | Should -Be 'SuccessAfterFailures'
        $top.Source | Should -Be $a.Source
        $top.SuccessfulUsers | Should -Be @($a.User)
        $top.Attempts | Should -Be $a.Attempts
        $top.FirstSeen | Should -Be $a.FirstAttempt
        $top.FirstSuccess | Should -Be $a.LoginTime
        $top.Witnesses | Should -Contain 'wtmp'
        $top.Witnesses | Should -Contain 'audit.log'
        # Every witness keeps the login: no hole.
        @(Get-LogAnomaly $dir -Kind MissingLines 3>$null | Where-Object Summary -like 'login from*').Count | Should -Be 0
    }

    It 'reports the login wiped from secure as a hole wtmp and audit.log show' {
        $dir = Join-Path $TestDrive 'wiped'
        $truth = New-OpsLogSample -Path $dir -Seed 99 -HostTimeZone Europe/Berlin -SshAttack -WipeLogin
        $truth.SshAttack.LoginWipedFrom | Should -Be 'secure'
        $hole = @(Get-LogAnomaly $dir -Kind MissingLines 3>$null | Where-Object Summary -like 'login from*')
        $hole.Count | Should -Be 1
        $hole[0].Path | Should -Be (Join-Path $dir 'secure')
        $hole[0].Summary | Should -BeLike "login from $($truth.SshAttack.Source) at $($truth.SshAttack.LoginTime.ToString('yyyy-MM-dd HH:mm:ss zzz')) is in * but not in secure, which was recording around it"
        ($hole[0].RelatedPaths | ForEach-Object { Split-Path -Leaf $_ } | Sort-Object) | Should -Be @('audit.log', 'wtmp')
        $hole[0].Tampering | Should -Be 'Likely'
        # From wtmp (microseconds) and audit.log (milliseconds) now: the same second as the truth's.
        (@(Find-LoginActivity $dir 3>$null)[0]).FirstSuccess.ToUnixTimeSeconds() | Should -Be $truth.SshAttack.LoginTime.ToUnixTimeSeconds()
    }

    It 'refuses -WipeLogin without -SshAttack' {
        { New-OpsLogSample -Path (Join-Path $TestDrive 'nowipe') -WipeLogin } |
            Should -Throw -ErrorId 'WipeLoginNeedsSshAttack,OpsLogTools.Commands.NewOpsLogSampleCommand'
    }
}

# What the cmdlets read and refuse, as a user meets it on a copied or live /var/log (issue 12, items 2 and 6):
# FIFOs, directory links, permissions. Fixtures are made here (mkfifo, symbolic links, chmod).
#
# Permission tests: root reads through any mode bits (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), and CI runs as root.
# So the cmdlet is run in a child pwsh: as root, with those two capabilities dropped from its bounding and
# inheritable sets by setpriv(1) (util-linux), which makes mode bits bind root as they bind any user; as another
# user, as it is. Where neither works (root without setpriv) the test is skipped and says why.
BeforeAll {
    Import-Module OpsLogTools -Force

    $script:line = 'Jul 19 21:10:03 ip-172-26-1-10 systemd[1]: Started Session 12 of user ec2-user.'
    $script:isRoot = (& id -u) -eq '0'
    $script:setpriv = Get-Command setpriv -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1

    # Runs Get-LogEntry once per case ('-Path X' or '-LiteralPath X') in one child pwsh that mode bits apply to;
    # returns per case its entries count and errors, or $null where no such child can be run.
    function Invoke-WithoutOverride([object[]] $Cases) {
        if ($script:isRoot -and -not $script:setpriv) { return $null }
        $calls = foreach ($case in $Cases) {
            $param = if ($case.Literal) { '-LiteralPath' } else { '-Path' }
            "Invoke-Case $param '$($case.Path -replace "'", "''")'"
        }
        $child = @"
`$ProgressPreference = 'SilentlyContinue'
Import-Module OpsLogTools
function Invoke-Case {
    `$errs = @()
    `$entries = @(Get-LogEntry @args -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    [pscustomobject]@{
        Entries = `$entries.Count
        Errors = @(`$errs | ForEach-Object { [pscustomobject]@{ Id = `$_.FullyQualifiedErrorId.Split(',')[0]; Target = [string]`$_.TargetObject; Message = `$_.Exception.Message } })
    }
}
@(
$($calls -join "`n")
) | ConvertTo-Json -Depth 4 -Compress -AsArray
"@
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes($child))
        # This pwsh, however it was started (a dotnet tool runs as dotnet pwsh.dll).
        $exe = [Environment]::ProcessPath
        $first = [Environment]::GetCommandLineArgs()[0]
        $pwsh = @($exe) + @(if ($first -like '*.dll') { $first })
        $run = if ($script:isRoot) {
            @($script:setpriv.Source, '--inh-caps=-dac_override,-dac_read_search', '--bounding-set=-dac_override,-dac_read_search', '--') + $pwsh
        } else { $pwsh }
        $out = & $run[0] @($run | Select-Object -Skip 1) -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1
        if ($LASTEXITCODE -ne 0) { throw "child pwsh failed ($LASTEXITCODE): $out" }
        ,@(($out | Select-Object -Last 1) | ConvertFrom-Json)
    }
}

Describe 'Access: errors, not silence' {
    BeforeAll {
        $script:bundle = Join-Path $TestDrive 'bundle'
        New-Item -ItemType Directory (Join-Path $bundle 'locked') -Force | Out-Null
        Set-Content (Join-Path $bundle 'messages') $line
        Set-Content (Join-Path $bundle 'locked/secure') $line
        $script:closed = Join-Path $TestDrive 'closed'
        New-Item -ItemType Directory $closed -Force | Out-Null
        Set-Content (Join-Path $closed 'messages') $line
        & chmod 000 (Join-Path $bundle 'locked')
        & chmod 600 $closed   # listable, not searchable: the file inside cannot be reached
        $script:target = Join-Path $closed 'messages'
        $script:runs = Invoke-WithoutOverride @(
            @{ Path = $bundle }
            @{ Path = $target }
            @{ Path = $target; Literal = $true }
        )
    }
    AfterAll {
        & chmod 755 (Join-Path $bundle 'locked') $closed
    }

    It 'reports an unreadable subdirectory with DirectoryUnreadable and its path, and reads the rest' {
        if ($null -eq $runs) { Set-ItResult -Skipped -Because 'running as root without setpriv(1): mode bits do not apply to root'; return }
        $r = $runs[0]
        $r.Entries | Should -Be 1
        $e = @($r.Errors)
        $e.Count | Should -Be 1
        $e[0].Id | Should -Be 'DirectoryUnreadable'
        $e[0].Target | Should -Be (Join-Path $bundle 'locked')
        $e[0].Message | Should -Match 'permission denied'
    }

    It 'reports a file in an unsearchable directory as permission denied, not as missing (-Path and -LiteralPath)' {
        if ($null -eq $runs) { Set-ItResult -Skipped -Because 'running as root without setpriv(1): mode bits do not apply to root'; return }
        foreach ($r in $runs[1], $runs[2]) {
            $e = @($r.Errors)
            $e.Count | Should -Be 1
            $e[0].Id | Should -Be 'FileUnreadable'
            $e[0].Target | Should -Be $target
            $e[0].Message | Should -Match 'permission denied'
            $e[0].Message | Should -Not -Match 'not found|does not exist'
        }
    }
}

Describe 'Only regular files, no links followed inside a directory' {
    It 'names a FIFO given directly in a NotRegularFile error and reads the rest' {
        $dir = Join-Path $TestDrive 'fifo'
        New-Item -ItemType Directory $dir -Force | Out-Null
        Set-Content (Join-Path $dir 'messages') $line
        & mkfifo (Join-Path $dir 'pipe')
        $errs = @()
        $entries = @(Get-LogEntry -LiteralPath (Join-Path $dir 'pipe'), (Join-Path $dir 'messages') -ErrorVariable errs -ErrorAction SilentlyContinue)
        $entries.Count | Should -Be 1
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'NotRegularFile,*'
        $errs[0].TargetObject | Should -Be (Join-Path $dir 'pipe')
        # Found in a directory, it is passed over with a verbose line (and the read ends).
        $verbose = Get-LogEntry -Path $dir -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($verbose.Message -join "`n") | Should -Match 'passed over pipe: a FIFO \(named pipe\)'
    }

    It 'reads a directory with self -> . and sub/up -> .. once' {
        $dir = Join-Path $TestDrive 'links'
        New-Item -ItemType Directory (Join-Path $dir 'sub') -Force | Out-Null
        Set-Content (Join-Path $dir 'messages') $line, $line
        $links = (Join-Path $dir 'self'), (Join-Path $dir 'sub/up')
        New-Item -ItemType SymbolicLink -Path $links[0] -Target '.' | Out-Null
        New-Item -ItemType SymbolicLink -Path $links[1] -Target '..' | Out-Null
        try {
            @(Get-LogEntry -Path $dir).Count | Should -Be 2
        }
        finally {
            # Pester's own TestDrive cleanup follows these two links without end: unlinked here first.
            $links | ForEach-Object { [IO.File]::Delete($_) }
        }
    }
}

Describe 'Damage is never silent' {
    It 'warns about a gzip of nothing but NUL bytes, named or found, and Get-LogAnomaly reports it as Corruption' {
        $dir = Join-Path $TestDrive 'nul'
        New-Item -ItemType Directory $dir -Force | Out-Null
        Set-Content (Join-Path $dir 'messages') $line
        $gz = Join-Path $dir 'messages-20220717.gz'
        $file = [IO.File]::Create($gz)
        $zip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::Optimal)
        $zip.Write([byte[]]::new(1MB), 0, 1MB)
        $zip.Dispose(); $file.Dispose()

        $entries = @(Get-LogEntry -Path $gz -WarningVariable named -WarningAction SilentlyContinue)
        $entries.Count | Should -Be 0
        ($named -join "`n") | Should -Match ([regex]::Escape($gz) + ': no log lines: all 1,048,576 bytes \(decompressed\) are NUL bytes')
        $null = Get-LogEntry -Path $dir -WarningVariable found -WarningAction SilentlyContinue
        ($found -join "`n") | Should -Match ([regex]::Escape($gz) + ': no log lines')

        $finding = @(Get-LogAnomaly -Path $dir -Kind Corruption -WarningAction SilentlyContinue) | Where-Object Path -eq $gz
        @($finding).Count | Should -Be 1
        ($finding.Evidence -join ' ') | Should -Match '1,048,576 bytes \(decompressed\) are NUL bytes'
    }
}

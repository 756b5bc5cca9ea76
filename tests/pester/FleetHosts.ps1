# Test fleet for Fleet.Tests.ps1: sshd instances on 127.0.0.1 loopback ports only, each a "host" with its own config,
# host key, working folder (its bundle is ./bundle there) and module cache, all in one temp folder. Key auth with a
# throwaway key; the powershell subsystem is a wrapper around the pwsh of the tool manifest (dotnet + pwsh.dll: the
# tool has no pwsh executable of its own). Nothing outside the temp folder is written but /run/sshd, the privilege
# separation folder Debian's sshd insists on (made only when missing, as its systemd unit would).

function Get-FleetSshdPath {
    foreach ($p in '/usr/sbin/sshd', '/usr/bin/sshd') { if (Test-Path $p) { return $p } }
    $null
}

# Why the fleet tests cannot run here, or $null when they can.
function Get-FleetSkipReason {
    if (-not $IsLinux) { return 'the test fleet runs Debian''s sshd: Linux only' }
    if (-not (Get-FleetSshdPath)) { return 'sshd is not installed (Debian openssh-server; .ci/run installs it when it runs as root)' }
    if (-not (Get-Command ssh -ErrorAction Ignore)) { return 'the ssh client is not installed (Debian openssh-client)' }
    if (-not (Get-Command ssh-keygen -ErrorAction Ignore)) { return 'ssh-keygen is not installed (Debian openssh-client)' }
    $null
}

function Get-FreeLoopbackPort {
    $l = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $l.Start()
    try { $l.LocalEndpoint.Port } finally { $l.Stop() }
}

# The command line that starts the pwsh this test runs in: `dotnet pwsh.dll` for the tool, pwsh itself otherwise.
function Get-PwshCommandLine {
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'pwsh') { return "'$process'" }
    "'$process' '$(Join-Path $PSHOME 'pwsh.dll')'"
}

function New-FleetRoot {
    $root = Join-Path ([IO.Path]::GetTempPath()) "opslog-fleet-$PID-$([guid]::NewGuid().ToString('n').Substring(0, 8))"
    $null = New-Item -ItemType Directory $root
    & chmod 700 $root
    $key = Join-Path $root 'client_key'
    & ssh-keygen -q -t ed25519 -N '' -C opslog-fleet-test -f $key
    $stranger = Join-Path $root 'stranger_key'
    & ssh-keygen -q -t ed25519 -N '' -C opslog-fleet-stranger -f $stranger
    Copy-Item "$key.pub" (Join-Path $root 'authorized_keys')
    $knownHosts = Join-Path $root 'known_hosts'
    $null = New-Item -ItemType File $knownHosts
    [pscustomobject] @{
        Root       = $root
        KeyFile    = $key
        Stranger   = $stranger
        KnownHosts = $knownHosts
        User       = [Environment]::UserName
        # Only this folder's known_hosts is trusted; no agent, no other identity, never a prompt.
        SshOptions = @{ UserKnownHostsFile = $knownHosts; GlobalKnownHostsFile = '/dev/null'; StrictHostKeyChecking = 'yes'; IdentitiesOnly = 'yes'; BatchMode = 'yes' }
    }
}

# Starts one host: sshd -D on 127.0.0.1:<free port>. -Subsystem overrides the wrapper (a missing pwsh);
# -ModulePath puts a module folder on the host's PSModulePath (an installed copy).
function Start-FleetHost {
    param($Fleet, [string] $Name, [string] $Subsystem, [string] $ModulePath)
    $dir = Join-Path $Fleet.Root $Name
    $null = New-Item -ItemType Directory -Force $dir, (Join-Path $dir 'cache')
    $hostKey = Join-Path $dir 'host_key'
    & ssh-keygen -q -t ed25519 -N '' -f $hostKey
    $wrapper = Join-Path $dir 'pwsh-subsystem.sh'
    $lines = @('#!/bin/sh', "cd '$dir' || exit 1", "export HOME='$dir' XDG_CACHE_HOME='$dir/cache'")
    if ($ModulePath) { $lines += "export PSModulePath='$ModulePath'" }
    $lines += "exec $(Get-PwshCommandLine) -sshs -NoLogo -NoProfile"
    Set-Content -LiteralPath $wrapper -Value $lines
    & chmod 755 $wrapper
    if (-not $Subsystem) { $Subsystem = $wrapper }
    $port = Get-FreeLoopbackPort
    $config = Join-Path $dir 'sshd_config'
    Set-Content -LiteralPath $config -Value @(
        "Port $port"
        'ListenAddress 127.0.0.1'
        "HostKey $hostKey"
        "PidFile $dir/sshd.pid"
        "AuthorizedKeysFile $($Fleet.Root)/authorized_keys"
        'PubkeyAuthentication yes'
        'PasswordAuthentication no'
        'KbdInteractiveAuthentication no'
        # CI runs as root; keys only.
        'PermitRootLogin prohibit-password'
        "AllowUsers $($Fleet.User)"
        # The keys live in a temp folder under the world-writable /tmp, which StrictModes refuses.
        'StrictModes no'
        'UsePAM no'
        "Subsystem powershell $Subsystem"
    )
    if (-not (Test-Path /run/sshd)) { $null = New-Item -ItemType Directory /run/sshd; & chmod 755 /run/sshd }
    $log = Join-Path $dir 'sshd.log'
    $process = Start-Process -FilePath (Get-FleetSshdPath) -ArgumentList '-D', '-e', '-f', $config -RedirectStandardError $log -PassThru
    $hostPub = (Get-Content -Raw "$hostKey.pub").Trim() -split ' '
    Add-Content -LiteralPath $Fleet.KnownHosts -Value "[127.0.0.1]:$port $($hostPub[0]) $($hostPub[1])"
    $deadline = [DateTime]::UtcNow.AddSeconds(20)
    while ($true) {
        $c = [System.Net.Sockets.TcpClient]::new()
        try { $c.Connect([System.Net.IPAddress]::Loopback, $port); break } catch { } finally { $c.Dispose() }
        if ($process.HasExited) { throw "sshd for $Name exited: $(Get-Content -Raw $log)" }
        if ([DateTime]::UtcNow -gt $deadline) { throw "sshd for $Name did not listen on 127.0.0.1:$port" }
        Start-Sleep -Milliseconds 100
    }
    [pscustomobject] @{ Name = $Name; Port = $port; Address = "127.0.0.1:$port"; Dir = $dir; Bundle = Join-Path $dir 'bundle'; Process = $process; Log = $log }
}

# Stops one host's sshd and the per-connection sshd it forked (found by parent id), so open sessions break too.
function Stop-FleetHost {
    param($FleetHost)
    $ids = [Collections.Generic.List[int]]::new()
    $ids.Add($FleetHost.Process.Id)
    for ($i = 0; $i -lt $ids.Count; $i++) {
        foreach ($stat in Get-ChildItem /proc -Directory -ErrorAction Ignore | Where-Object Name -match '^\d+$') {
            $text = Get-Content -Raw -LiteralPath (Join-Path $stat.FullName 'stat') -ErrorAction Ignore
            if ($text -and $text -match '\) \S+ (\d+) ' -and [int] $Matches[1] -eq $ids[$i]) { $ids.Add([int] $stat.Name) }
        }
    }
    foreach ($id in $ids) { Stop-Process -Id $id -Force -ErrorAction Ignore }
    $null = $FleetHost.Process.WaitForExit(10000)
}

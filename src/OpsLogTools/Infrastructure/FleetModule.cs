using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security.Cryptography;
using System.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// The module folder this session runs from, and how a host gets the same build: an installed OpsLogTools of the same
/// version whose files hash the same, else a copy in the user's cache on the host
/// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, <c>%LOCALAPPDATA%</c> on Windows, <c>/opslogtools/modules/FINGERPRINT</c>),
/// else, unless -NoModuleCopy, the folder is copied there for the run. Nothing is installed system-wide. The
/// fingerprint is a SHA-256 over every file's relative path and SHA-256; the bundled sample (data, not code) is
/// neither hashed nor copied.
/// </summary>
internal sealed class FleetModule
{
    private const string SampleFolder = "Sample/";

    // The same fingerprint as Fingerprint() below, computed on the host for an installed copy; then the cache.
    private const string ResolveScript = """
        param([string] $Version, [string] $Fingerprint)
        $ErrorActionPreference = 'Stop'
        function Get-OpsFingerprint([string] $Base) {
            $rel = [string[]] @(Get-ChildItem -LiteralPath $Base -Recurse -File -Force | ForEach-Object {
                [IO.Path]::GetRelativePath($Base, $_.FullName).Replace('\', '/') } | Where-Object { -not $_.StartsWith('Sample/') })
            [Array]::Sort($rel, [StringComparer]::Ordinal)
            $sb = [Text.StringBuilder]::new()
            foreach ($r in $rel) {
                $h = [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([IO.File]::ReadAllBytes((Join-Path $Base $r))))
                [void] $sb.Append($r).Append("`n").Append($h).Append("`n")
            }
            [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($sb.ToString())))
        }
        $cacheBase = if ($env:XDG_CACHE_HOME) { $env:XDG_CACHE_HOME } elseif ($IsWindows) { $env:LOCALAPPDATA } else { Join-Path $HOME '.cache' }
        $cacheRoot = Join-Path $cacheBase 'opslogtools/modules'
        $cached = Join-Path $cacheRoot "$Fingerprint/OpsLogTools/OpsLogTools.psd1"
        $found = $null
        if (Test-Path -LiteralPath $cached) { $found = $cached }
        else {
            foreach ($m in Get-Module -ListAvailable -Name OpsLogTools | Where-Object { $_.Version -eq [version] $Version }) {
                if ((Get-OpsFingerprint $m.ModuleBase) -eq $Fingerprint) { $found = $m.Path; break }
            }
        }
        [pscustomobject] @{ ModulePath = $found; CacheRoot = $cacheRoot }
        """;

    // Written beside the final folder and moved into place, so a run that dies mid-copy or two runs at once never leave
    // a half-written module where the next run would trust it.
    private const string CopyScript = """
        param([string] $CacheRoot, [string] $Fingerprint, $Files)
        $ErrorActionPreference = 'Stop'
        if (-not (Test-Path -LiteralPath $CacheRoot)) {
            if ($IsWindows) { $null = [IO.Directory]::CreateDirectory($CacheRoot) }
            else { $null = [IO.Directory]::CreateDirectory($CacheRoot, [IO.UnixFileMode] 'UserRead, UserWrite, UserExecute') }
        }
        $final = Join-Path $CacheRoot $Fingerprint
        $tmp = Join-Path $CacheRoot ".$Fingerprint.$([guid]::NewGuid().ToString('n'))"
        try {
            foreach ($f in $Files) {
                $p = Join-Path $tmp "OpsLogTools/$($f.Path)"
                $null = [IO.Directory]::CreateDirectory([IO.Path]::GetDirectoryName($p))
                [IO.File]::WriteAllBytes($p, [byte[]] $f.Bytes)
            }
            if (-not (Test-Path -LiteralPath $final)) { [IO.Directory]::Move($tmp, $final) }
        } finally {
            if (Test-Path -LiteralPath $tmp) { Remove-Item -LiteralPath $tmp -Recurse -Force }
        }
        Join-Path $final 'OpsLogTools/OpsLogTools.psd1'
        """;

    private readonly List<string> _files;

    private FleetModule(string moduleBase, string version, List<string> files, string fingerprint)
    {
        ModuleBase = moduleBase;
        Version = version;
        _files = files;
        Fingerprint = fingerprint;
    }

    public string ModuleBase { get; }

    public string Version { get; }

    public string Fingerprint { get; }

    /// <summary>The module folder of a loaded module, hashed.</summary>
    public static FleetModule Of(PSModuleInfo module)
    {
        string root = Path.GetFullPath(module.ModuleBase);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(r => !r.StartsWith(SampleFolder, StringComparison.Ordinal))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        var sb = new StringBuilder();
        foreach (string r in files)
        {
            sb.Append(r).Append('\n').Append(Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, r))))).Append('\n');
        }
        string fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
        return new FleetModule(root, module.Version.ToString(), files, fingerprint);
    }

    /// <summary>
    /// The path of the module manifest to import on the host, copying the module there when needed and allowed;
    /// null when the host has no copy and -NoModuleCopy forbids one.
    /// </summary>
    public string? Resolve(Runspace runspace, bool allowCopy, CancellationToken cancellation, out bool copied)
    {
        copied = false;
        var found = Invoke(runspace, cancellation, ResolveScript, Version, Fingerprint).FirstOrDefault()
            ?? throw new InvalidOperationException("the host did not answer the module check");
        if (found.Properties["ModulePath"]?.Value is string path && path.Length > 0) return path;
        if (!allowCopy) return null;
        string cacheRoot = found.Properties["CacheRoot"]?.Value as string ?? throw new InvalidOperationException("the host named no cache folder");
        var files = new List<PSObject>();
        foreach (string r in _files)
        {
            var file = new PSObject();
            file.Properties.Add(new PSNoteProperty("Path", r));
            file.Properties.Add(new PSNoteProperty("Bytes", File.ReadAllBytes(Path.Combine(ModuleBase, r))));
            files.Add(file);
        }
        var result = Invoke(runspace, cancellation, CopyScript, cacheRoot, Fingerprint, files).FirstOrDefault();
        copied = true;
        return result?.BaseObject as string ?? throw new InvalidOperationException("the copy named no module path");
    }

    private static List<PSObject> Invoke(Runspace runspace, CancellationToken cancellation, string script, params object[] arguments)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script);
        foreach (object a in arguments) ps.AddArgument(a);
        using var stop = cancellation.Register(() => ps.BeginStop(null, null));
        var output = ps.Invoke(null, new PSInvocationSettings { Host = new FleetSilentHost() }).ToList();
        if (ps.HadErrors && ps.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException(ps.Streams.Error[0].Exception.Message);
        }
        return output;
    }
}

namespace OpsLogTools.Infrastructure;

/// <summary>Error ids of fleet runs, one per way a host can fail; each error names its host.</summary>
internal static class FleetErrorIds
{
    /// <summary>ssh could not connect (refused, no route, name unknown, timeout).</summary>
    public const string HostUnreachable = "FleetHostUnreachable";
    /// <summary>ssh connected but the key or user was refused.</summary>
    public const string PermissionDenied = "FleetPermissionDenied";
    /// <summary>The host has no powershell subsystem (no pwsh, or sshd not set up for it).</summary>
    public const string PwshMissing = "FleetPwshMissing";
    /// <summary>A -Session that is not open.</summary>
    public const string SessionNotOpen = "FleetSessionNotOpen";
    /// <summary>-NoModuleCopy and the host holds no copy of this build of the module.</summary>
    public const string ModuleMissing = "FleetModuleMissing";
    /// <summary>Copying or importing the module on the host failed.</summary>
    public const string ModuleCopyFailed = "FleetModuleCopyFailed";
    /// <summary>The command failed on the host as a whole (a terminating error there).</summary>
    public const string HostFailed = "FleetHostFailed";
    /// <summary>A fleet run was asked to read objects from the local pipeline instead of the hosts' files.</summary>
    public const string NeedsPath = "FleetNeedsPath";
    /// <summary>A -HostName entry that is not [user@]host[:port].</summary>
    public const string BadHostName = "FleetBadHostName";
    /// <summary>-Session and -HostName together.</summary>
    public const string SessionAndHostName = "FleetSessionAndHostName";
}

namespace OpsLogTools.Core.Model;

/// <summary>What a package manager did to one package.</summary>
public enum PackageAction
{
    /// <summary>Newly installed (yum <c>Installed</c>/<c>Dep-Installed</c>, dnf <c>Install</c>/<c>Installed</c>/<c>Reinstall</c>).</summary>
    Installed,
    /// <summary>Replaced by another version (yum <c>Updated</c>, dnf <c>Upgrade</c>/<c>Downgrade</c>).</summary>
    Updated,
    /// <summary>Removed (yum <c>Erased</c>, dnf <c>Erase</c>/<c>Removed</c>/<c>Obsoleted</c>).</summary>
    Erased,
}

namespace OpsLogTools.Core.Model;

/// <summary>What a package manager did to one package, in the words yum.log uses.</summary>
public enum PackageAction
{
    /// <summary>A package that was not there before (yum <c>Installed</c>, <c>Dep-Installed</c>; dnf <c>Install</c>, <c>Installed</c>, <c>Obsolete</c>).</summary>
    Installed,
    /// <summary>The new version of an updated package (yum <c>Updated</c>; dnf <c>Upgrade</c>).</summary>
    Updated,
    /// <summary>A package removed on its own (yum <c>Erased</c>; dnf <c>Erase</c>, <c>Remove</c>).</summary>
    Erased,
    /// <summary>The older version a package went back to (dnf <c>Downgrade</c>).</summary>
    Downgraded,
    /// <summary>The same version put back (dnf <c>Reinstall</c>).</summary>
    Reinstalled,
    /// <summary>
    /// The outgoing side of an update, downgrade, reinstall or obsoletion (yum <c>Cleanup</c>, <c>Obsoleted</c>;
    /// dnf <c>Upgraded</c>, <c>Downgraded</c>, <c>Reinstalled</c>, <c>Obsoleted</c>, <c>Cleanup</c>): counted apart so an
    /// update is not counted twice.
    /// </summary>
    Replaced,
}

namespace OpsLogTools.Core.Model;

/// <summary>How sure we are that a cron job updates packages.</summary>
public enum UpdateJobMatch
{
    /// <summary>Nothing in the command points at a package update.</summary>
    None,
    /// <summary>A script whose name suggests an update (<c>update.sh</c>, <c>auto-upgrade</c>): check what it runs.</summary>
    Possible,
    /// <summary>The command runs an update itself (<c>yum -y update</c>, <c>dnf upgrade</c>, <c>yum-cron</c>, <c>dnf-automatic</c>).</summary>
    Certain,
}

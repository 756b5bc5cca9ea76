using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// The fleet parameters of the reading cmdlets (dynamic parameters, so Export-OpsReport, which reports on objects,
/// does not offer them): where to run, over PowerShell remoting on SSH. With none of them the cmdlet reads locally.
/// </summary>
public sealed class FleetParameters
{
    /// <summary>Invoke-Command's default throttle.</summary>
    public const int DefaultThrottleLimit = 32;

    /// <summary>Open sessions (New-PSSession -HostName ... -KeyFilePath ...) to run on; each host reads its own paths.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public PSSession[]? Session { get; set; }

    /// <summary>Hosts to run on over SSH, as [user@]host[:port]; a session is opened per host for the run and closed after it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? HostName { get; set; }

    /// <summary>The SSH user for -HostName entries that name none (default: the current user).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    /// <summary>The SSH private key for -HostName (default: ssh's own choice: ssh-agent, ~/.ssh/id_*).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KeyFilePath { get; set; }

    /// <summary>SSH options for -HostName, as New-PSSession -Options takes them (@{ UserKnownHostsFile = '...' }).</summary>
    [Parameter]
    public Hashtable? Options { get; set; }

    /// <summary>How many hosts run at once (default 32, as Invoke-Command).</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

    /// <summary>Do not copy the module to hosts that lack it (or hold another build): such a host is an error.</summary>
    [Parameter]
    public SwitchParameter NoModuleCopy { get; set; }

    /// <summary>True when the run goes to other hosts.</summary>
    internal bool IsSet => Session is { Length: > 0 } || HostName is { Length: > 0 };

    /// <summary>The names of these parameters, which never travel to the hosts.</summary>
    internal static readonly string[] Names =
        [nameof(Session), nameof(HostName), nameof(UserName), nameof(KeyFilePath), nameof(Options), nameof(ThrottleLimit), nameof(NoModuleCopy)];
}

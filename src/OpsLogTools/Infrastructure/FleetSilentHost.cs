using System.Globalization;
using System.Management.Automation.Host;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// The host a fleet invocation runs under: no user interface. A remote pipeline started with the session's own host
/// also writes its warnings and verbose lines straight to that host's console, unprefixed, beside the streams this
/// runner relays with the host's name; with no UI the hosts' messages come only through the streams.
/// </summary>
internal sealed class FleetSilentHost : PSHost
{
    public override string Name => "OpsLogToolsFleet";

    public override Version Version { get; } = typeof(FleetSilentHost).Assembly.GetName().Version ?? new Version(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface? UI => null;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    public override void SetShouldExit(int exitCode)
    {
    }

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}

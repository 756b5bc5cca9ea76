using System.Management.Automation;
using OpsLogTools.Core.Sample;
using OpsLogTools.Infrastructure;

namespace OpsLogTools.Commands;

/// <summary>
/// <para type="synopsis">Writes a sample incident bundle (syslog, cron, secure, yum, Apache, CloudFront) with planted faults and its ground truth.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "OpsLogSample", SupportsShouldProcess = true)]
[OutputType(typeof(GroundTruth))]
public sealed class NewOpsLogSampleCommand : PSCmdlet
{
    /// <summary>Directory to write the bundle to (created when missing).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = "";

    /// <summary>Seed of the generator: the same seed writes the same bytes.</summary>
    [Parameter]
    public int Seed { get; set; } = IncidentScenario.Default.Seed;

    /// <summary>When the incident begins, in the host's wall-clock time.</summary>
    [Parameter]
    public DateTime? IncidentStart { get; set; }

    /// <summary>The host's UTC offset (e.g. 09:00, -05:00).</summary>
    [Parameter]
    public TimeSpan? HostZone { get; set; }

    /// <summary>The host's zone with daylight-saving rules (an IANA id such as America/New_York); wins over -HostZone.</summary>
    [Parameter]
    [Infrastructure.TimeZoneTransformation]
    [ArgumentCompleter(typeof(Infrastructure.TimeZoneCompleter))]
    public TimeZoneInfo? HostTimeZone { get; set; }

    /// <summary>A complete scenario object (IncidentScenario) for full control; the other switches apply on top.</summary>
    [Parameter]
    public IncidentScenario? Scenario { get; set; }

    /// <summary>Plant nothing: a quiet, healthy host (for checking that tools raise no false alarms).</summary>
    [Parameter]
    public SwitchParameter NothingPlanted { get; set; }

    /// <summary>Plant a whole-hours time-zone shift (rsyslog writing UTC on a local-time host) instead of the wrong clock.</summary>
    [Parameter]
    public SwitchParameter TimeZoneShift { get; set; }

    /// <summary>
    /// Plant a constant offset over every line of messages, cron and secure (rsyslog stamping stamped-minus-true
    /// <c>WholeFileOffset</c> all along, no step) instead of the wrong clock, e.g. -09:00 for UTC written on a JST host.
    /// </summary>
    [Parameter]
    public TimeSpan? WholeFileOffset { get; set; }

    /// <summary>
    /// The host's distribution: AmazonLinux2 (the seed: yum from cron, yum.log) or Debian (unattended-upgrades from
    /// apt-daily-upgrade.timer, apt/history.log, dpkg.log, a manual sudo apt install). Default: the scenario's (AmazonLinux2).
    /// </summary>
    [Parameter]
    public HostFamily? HostFamily { get; set; }

    /// <summary>
    /// Plant an SSH password-guessing attack from one address that ends in a root login (secure or auth.log, with sshd's
    /// btmp and wtmp records and auditd's audit.log written too); GroundTruth.SshAttack tells its source, user, times and attempts.
    /// </summary>
    [Parameter]
    public SwitchParameter SshAttack { get; set; }

    /// <summary>With -SshAttack: the intruder wiped the login's lines from secure (auth.log); wtmp and audit.log keep it.</summary>
    [Parameter]
    public SwitchParameter WipeLogin { get; set; }

    /// <summary>Have the origin's access log record X-Forwarded-For.</summary>
    [Parameter]
    public SwitchParameter OriginLogsForwardedFor { get; set; }

    /// <summary>Write into a directory that is not empty.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void EndProcessing()
    {
        string directory = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any() && !Force)
        {
            ThrowTerminatingError(VisibleErrors.Record(
                new IOException($"'{directory}' is not empty. Use -Force to write into it anyway."),
                "DirectoryNotEmpty", ErrorCategory.ResourceExists, directory));
        }

        var scenario = NothingPlanted ? IncidentScenario.NothingPlanted(Seed) : (Scenario ?? IncidentScenario.Default) with { Seed = Seed };
        if (Scenario is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(Seed))) scenario = scenario with { Seed = Scenario.Seed };
        if (IncidentStart is { } start) scenario = scenario with { IncidentStart = DateTime.SpecifyKind(start, DateTimeKind.Unspecified) };
        if (HostZone is { } zone) scenario = scenario with { HostZone = zone };
        if (HostTimeZone is { } rules)
        {
            // An offset given as a zone ("+09:00") has no rules and no system id: it is a fixed HostZone.
            scenario = TimeZoneInfo.TryFindSystemTimeZoneById(rules.Id, out _)
                ? scenario with { HostTimeZone = rules.Id }
                : scenario with { HostZone = rules.BaseUtcOffset };
        }
        if (OriginLogsForwardedFor) scenario = scenario with { OriginLogsForwardedFor = true };
        if (HostFamily is { } family) scenario = scenario with { HostFamily = family };
        if (TimeZoneShift)
        {
            scenario = scenario with
            {
                DisplacedClock = StampRunPlant.Off,
                TimeZoneShift = StampRunPlant.SeedTimeZoneShift with { Enabled = true },
            };
        }

        if (WholeFileOffset is { } offset)
        {
            if (TimeZoneShift)
            {
                ThrowTerminatingError(VisibleErrors.Record(
                    new ArgumentException("-WholeFileOffset and -TimeZoneShift plant different things in the same files: choose one."),
                    "ConflictingPlants", ErrorCategory.InvalidArgument, offset));
            }
            scenario = scenario with { DisplacedClock = StampRunPlant.Off, TimeZoneShift = StampRunPlant.WholeFile(offset) };
        }

        if (WipeLogin && !SshAttack)
        {
            ThrowTerminatingError(VisibleErrors.Record(
                new ArgumentException("-WipeLogin wipes the login of the planted SSH attack: add -SshAttack."),
                "WipeLoginNeedsSshAttack", ErrorCategory.InvalidArgument, null));
        }
        if (SshAttack)
        {
            var plan = scenario.SshAttack.Enabled ? scenario.SshAttack : new SshAttackPlan();
            scenario = scenario with { SshAttack = plan with { Enabled = true, LoginRecords = true, Auditd = true, WipeLoginFromSecure = WipeLogin } };
        }

        if (!ShouldProcess(directory, "Write sample incident bundle")) return;
        try
        {
            var truth = IncidentGenerator.Write(directory, scenario);
            var result = PSObject.AsPSObject(truth);
            result.Properties.Add(new PSNoteProperty("Path", directory));
            WriteObject(result);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            ThrowTerminatingError(VisibleErrors.Record(e, "SampleNotWritten", ErrorCategory.WriteError, directory));
        }
    }
}

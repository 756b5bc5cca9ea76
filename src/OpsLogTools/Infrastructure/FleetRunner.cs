using System.Collections;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using System.Management.Automation.Runspaces;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Runs a reading cmdlet on every host of a fleet with PowerShell's own remoting (SSH sessions through the runspace
/// API; no agent of ours), at most -ThrottleLimit hosts at once. Each host imports the same build of the module
/// (<see cref="FleetModule"/>) and runs the same command on its own paths. What the hosts write comes back here and
/// is written on the pipeline thread as it arrives: objects tagged with PSComputerName (and HostName where the type has
/// none), errors as non-terminating errors carrying the host (RemotingErrorRecord, OriginInfo.PSComputerName), warnings
/// and verbose lines prefixed with the host. A host that cannot be reached, has no pwsh, refuses the key or fails as a
/// whole is one error with a Fleet* id; the other hosts go on.
/// </summary>
internal sealed class FleetRunner
{
    private const string RunScript = """
        param([string] $ModulePath, [string] $Command, [hashtable] $Parameters, $Records)
        Import-Module -Name $ModulePath -ErrorAction Stop
        if (@($Records).Count -gt 0) {
            $Records | ForEach-Object { [pscustomobject] $_ } | & "OpsLogTools\$Command" @Parameters
        } else {
            & "OpsLogTools\$Command" @Parameters
        }
        """;

    private readonly PSCmdlet _cmdlet;
    // Where the hosts' objects go: the pipeline, or (Export-OpsReport) a collector on the pipeline thread.
    private readonly Action<PSObject>? _sink;
    private readonly FleetParameters _fleet;
    private readonly CancellationToken _outer;
    private CancellationToken _cancellation;

    public FleetRunner(PSCmdlet cmdlet, FleetParameters fleet, CancellationToken cancellation, Action<PSObject>? sink = null)
    {
        _cmdlet = cmdlet;
        _sink = sink;
        _fleet = fleet;
        _outer = cancellation;
        _cancellation = cancellation;
    }

    /// <summary>Runs the command on every host and writes what comes back; returns when every host is done.</summary>
    public void Run(string command, Hashtable parameters, IReadOnlyList<Hashtable> records)
    {
        var targets = Targets();
        if (targets.Count == 0) return;
        var module = _cmdlet.MyInvocation.MyCommand.Module is { } m
            ? FleetModule.Of(m)
            : throw new InvalidOperationException("The fleet copies the module the command came from, and this command was not loaded from a module.");

        // Stopped by Ctrl+C, and also when this pipeline ends early (Select-Object -First): the hosts' pipelines stop too.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_outer);
        _cancellation = stop.Token;
        using var messages = new BlockingCollection<Action>();
        using var throttle = new SemaphoreSlim(_fleet.ThrottleLimit);
        var hosts = targets.Select(t => Task.Run(() => RunHost(t, module, command, parameters, records, messages, throttle))).ToArray();
        _ = Task.WhenAll(hosts).ContinueWith(_ => messages.CompleteAdding(), TaskScheduler.Default);
        try
        {
            foreach (var write in messages.GetConsumingEnumerable(_cancellation)) write();
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the hosts' pipelines are being stopped (RunHost); PowerShell ends this one.
        }
        finally
        {
            stop.Cancel();
            Task.WaitAll(hosts.Select(h => h.ContinueWith(_ => { }, TaskScheduler.Default)).ToArray(), TimeSpan.FromSeconds(30));
        }
    }

    private List<FleetTarget> Targets()
    {
        if (_fleet.Session is { Length: > 0 } && _fleet.HostName is { Length: > 0 })
        {
            _cmdlet.ThrowTerminatingError(VisibleErrors.Record(new ArgumentException("Give -Session or -HostName, not both."),
                FleetErrorIds.SessionAndHostName, ErrorCategory.InvalidArgument, null));
        }
        var targets = new List<FleetTarget>();
        foreach (var session in _fleet.Session ?? [])
        {
            if (session is not null) targets.Add(FleetTarget.FromSession(session));
        }
        string? key = _fleet.KeyFilePath is { } k ? _cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(k) : null;
        foreach (string name in _fleet.HostName ?? [])
        {
            try
            {
                targets.Add(FleetTarget.FromHostName(name, _fleet.UserName, key, _fleet.Options));
            }
            catch (ArgumentException e)
            {
                _cmdlet.WriteError(VisibleErrors.Record(e, FleetErrorIds.BadHostName, ErrorCategory.InvalidArgument, name));
            }
        }
        return targets;
    }

    private void RunHost(FleetTarget target, FleetModule module, string command, Hashtable parameters, IReadOnlyList<Hashtable> records,
        BlockingCollection<Action> messages, SemaphoreSlim throttle)
    {
        Runspace? owned = null;
        bool entered = false;
        try
        {
            throttle.Wait(_cancellation);
            entered = true;
            Runspace runspace;
            if (target.Session is { } session)
            {
                runspace = session.Runspace;
                if (runspace.RunspaceStateInfo.State != RunspaceState.Opened)
                {
                    Post(messages, HostError(target, FleetErrorIds.SessionNotOpen, ErrorCategory.ResourceUnavailable,
                        $"the session is {runspace.RunspaceStateInfo.State}, not open", runspace.InstanceId));
                    return;
                }
            }
            else
            {
                owned = RunspaceFactory.CreateRunspace(new FleetSilentHost(), target.Connection!);
                try
                {
                    owned.Open();
                }
                catch (Exception e) when (e is RuntimeException or InvalidOperationException && e is not PSRemotingTransportException)
                {
                    // A refused connection surfaces as a transport error or a broken runspace, depending on timing.
                    throw new PSRemotingTransportException(e.Message, e);
                }
                runspace = owned;
            }

            string? modulePath;
            try
            {
                modulePath = module.Resolve(runspace, !_fleet.NoModuleCopy, _cancellation, out bool copied);
                if (copied) Post(messages, () => _cmdlet.WriteVerbose(ConsoleText.Visible($"{target.Name}: module copied to {modulePath}")));
            }
            catch (Exception e) when (e is RuntimeException or InvalidOperationException or IOException)
            {
                Post(messages, HostError(target, FleetErrorIds.ModuleCopyFailed, ErrorCategory.WriteError,
                    $"the module could not be checked or copied: {e.Message}", runspace.InstanceId));
                return;
            }
            if (modulePath is null)
            {
                Post(messages, HostError(target, FleetErrorIds.ModuleMissing, ErrorCategory.NotInstalled,
                    $"OpsLogTools {module.Version} (this build) is not on the host and -NoModuleCopy forbids copying it", runspace.InstanceId));
                return;
            }
            Invoke(target, runspace, modulePath, command, parameters, records, messages);
        }
        catch (OperationCanceledException)
        {
        }
        catch (PSRemotingTransportException e)
        {
            var probe = target.Connection is { } c ? FleetSshProbe.Ask(c.UserName, c.ComputerName, c.Port, c.KeyFilePath, _fleet.Options) : null;
            string? said = probe?.Said;
            var (id, category) = probe?.NoPwsh == true ? (FleetErrorIds.PwshMissing, ErrorCategory.NotInstalled) : Classify(said ?? e.Message);
            string message = id == FleetErrorIds.PwshMissing
                ? $"{e.Message} sshd could not start the powershell subsystem: no pwsh at the path its 'Subsystem powershell' line names, or no such line."
                : said is null ? e.Message : $"{e.Message} ssh says: {said}";
            Post(messages, HostError(target, id, category, message, owned?.InstanceId ?? Guid.Empty));
        }
        catch (RuntimeException e) when (e.ErrorRecord?.FullyQualifiedErrorId?.Contains(",OpsLogTools.", StringComparison.Ordinal) == true)
        {
            // The command itself stopped on the host (a terminating error of ours): its own id, with the host.
            if (!_cancellation.IsCancellationRequested)
            {
                Post(messages, () => _cmdlet.WriteError(Relayed(target, e.ErrorRecord, owned?.InstanceId ?? Guid.Empty)));
            }
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException or PSRemotingDataStructureException)
        {
            if (!_cancellation.IsCancellationRequested)
            {
                Post(messages, HostError(target, FleetErrorIds.HostFailed, ErrorCategory.OperationStopped, e.Message, owned?.InstanceId ?? Guid.Empty));
            }
        }
        finally
        {
            owned?.Dispose();
            if (entered) throttle.Release();
        }
    }

    private void Invoke(FleetTarget target, Runspace runspace, string modulePath, string command, Hashtable parameters,
        IReadOnlyList<Hashtable> records, BlockingCollection<Action> messages)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(RunScript).AddArgument(modulePath).AddArgument(command).AddArgument(parameters).AddArgument(records.ToArray());
        var output = new PSDataCollection<PSObject>();
        // Each item is taken out as it comes (ReadAll), so a host's millions of entries are never all held here.
        output.DataAdded += (_, _) =>
        {
            foreach (var item in output.ReadAll()) Post(messages, () => WriteTagged(target, item));
        };
        ps.Streams.Error.DataAdded += (_, _) =>
        {
            foreach (var error in ps.Streams.Error.ReadAll()) Post(messages, () => _cmdlet.WriteError(Relayed(target, error, runspace.InstanceId)));
        };
        ps.Streams.Warning.DataAdded += (_, _) =>
        {
            foreach (var w in ps.Streams.Warning.ReadAll()) Post(messages, () => _cmdlet.WriteWarning(ConsoleText.Visible($"{target.Name}: {w.Message}")));
        };
        ps.Streams.Verbose.DataAdded += (_, _) =>
        {
            foreach (var v in ps.Streams.Verbose.ReadAll()) Post(messages, () => _cmdlet.WriteVerbose(ConsoleText.Visible($"{target.Name}: {v.Message}")));
        };
        using var stop = _cancellation.Register(() => ps.BeginStop(null, null));
        ps.Invoke(null, output, new PSInvocationSettings { Host = new FleetSilentHost() });
    }

    private static void Post(BlockingCollection<Action> messages, Action write)
    {
        try
        {
            messages.Add(write);
        }
        catch (InvalidOperationException)
        {
            // The run was stopped and the queue closed: nothing more is written.
        }
    }

    private void WriteTagged(FleetTarget target, PSObject item)
    {
        FleetRehydrator.Rehydrate(item);
        if (item.Properties["PSComputerName"] is null) item.Properties.Add(new PSNoteProperty("PSComputerName", target.Name));
        if (item.Properties["HostName"] is null) item.Properties.Add(new PSNoteProperty("HostName", target.Name));
        if (_sink is not null) _sink(item);
        else _cmdlet.WriteObject(item);
    }

    // The host's own error id (FileNotFound, FileUnreadable, ...) is kept, so a script's catch by id works the same on
    // a fleet; the host is in the message and in OriginInfo.
    private static ErrorRecord Relayed(FleetTarget target, ErrorRecord error, Guid runspaceId)
    {
        string id = error.FullyQualifiedErrorId ?? FleetErrorIds.HostFailed;
        int comma = id.IndexOf(',');
        if (comma > 0) id = id[..comma];
        string message = error.ErrorDetails?.Message is { Length: > 0 } details ? details : error.Exception.Message;
        var record = VisibleErrors.Record(new RemoteException($"{target.Name}: {message}"), id, error.CategoryInfo.Category,
            error.TargetObject is PSObject p ? p.BaseObject : error.TargetObject);
        return new RemotingErrorRecord(record, new OriginInfo(target.Name, runspaceId));
    }

    private Action HostError(FleetTarget target, string errorId, ErrorCategory category, string message, Guid runspaceId)
    {
        var record = VisibleErrors.Record(new RemoteException($"{target.Name}: {message}"), errorId, category, target.Name);
        var remote = new RemotingErrorRecord(record, new OriginInfo(target.Name, runspaceId));
        return () => _cmdlet.WriteError(remote);
    }

    // ssh's own words (FleetSshProbe): the only place the failures can be told apart.
    private static (string Id, ErrorCategory Category) Classify(string message)
    {
        if (message.Contains("Permission denied", StringComparison.OrdinalIgnoreCase)) return (FleetErrorIds.PermissionDenied, ErrorCategory.PermissionDenied);
        return (FleetErrorIds.HostUnreachable, ErrorCategory.ConnectionError);
    }
}

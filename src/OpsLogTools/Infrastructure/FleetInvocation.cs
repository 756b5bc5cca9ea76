using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// What a reading cmdlet was asked, gathered to be asked again on each host: the parameters given on the command line
/// (less the common and fleet ones), the paths that came down the pipeline (the hosts' own paths: nothing is resolved
/// here), and the other values bound from the pipeline (Test-YumUpdateWindow's Start/End), replayed there as one object
/// per record. Values travel as what binds on the far side: a zone as its id, an encoding as its name, a time as ISO 8601.
/// </summary>
internal sealed class FleetInvocation
{
    private static readonly string[] PathParameters = ["Path", "LiteralPath", "Difference"];
    private static readonly string[] LocalOnly = ["InputObject"];
    private readonly HashSet<string> _commandLine = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<object?>> _pipedPaths = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Hashtable> _records = new();

    /// <summary>Notes the parameters bound on the command line (call in BeginProcessing, before any pipeline input).</summary>
    public void Begin(PSCmdlet cmdlet)
    {
        foreach (string name in cmdlet.MyInvocation.BoundParameters.Keys) _commandLine.Add(name);
    }

    /// <summary>Takes what the current pipeline record bound.</summary>
    public void Collect(PSCmdlet cmdlet)
    {
        var record = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in cmdlet.MyInvocation.BoundParameters)
        {
            if (_commandLine.Contains(name)) continue;
            if (LocalOnly.Contains(name, StringComparer.OrdinalIgnoreCase)) ThrowNeedsPath(cmdlet);
            if (PathParameters.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                if (!_pipedPaths.TryGetValue(name, out var list)) _pipedPaths[name] = list = new();
                foreach (object? p in Flatten(value)) if (!list.Contains(p)) list.Add(p);
            }
            else
            {
                record[name] = Wire(value);
            }
        }
        if (record.Count > 0) _records.Add(record);
    }

    /// <summary>The parameters for the command on each host.</summary>
    public Hashtable Parameters(PSCmdlet cmdlet)
    {
        var common = new HashSet<string>(Cmdlet.CommonParameters.Concat(Cmdlet.OptionalCommonParameters), StringComparer.OrdinalIgnoreCase);
        var parameters = new Hashtable(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in cmdlet.MyInvocation.BoundParameters)
        {
            if (!_commandLine.Contains(name) || FleetParameters.Names.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
            if (LocalOnly.Contains(name, StringComparer.OrdinalIgnoreCase)) ThrowNeedsPath(cmdlet);
            // -Verbose travels so the hosts' verbose lines come back; the preference here still decides what shows.
            if (common.Contains(name) && !name.Equals("Verbose", StringComparison.OrdinalIgnoreCase)) continue;
            parameters[name] = Wire(value);
        }
        foreach (var (name, paths) in _pipedPaths)
        {
            var all = parameters[name] is object?[] given ? given.ToList() : new List<object?>();
            all.AddRange(paths.Where(p => !all.Contains(p)));
            parameters[name] = all.ToArray();
        }
        if (!PathParameters.Any(parameters.ContainsKey)) ThrowNeedsPath(cmdlet);
        return parameters;
    }

    /// <summary>One hashtable per pipeline record that bound values other than paths.</summary>
    public IReadOnlyList<Hashtable> Records => _records;

    private static void ThrowNeedsPath(PSCmdlet cmdlet) => cmdlet.ThrowTerminatingError(VisibleErrors.Record(
        new ArgumentException("-Session and -HostName read each host's own files: give -Path (the paths on the hosts), not objects from the local pipeline."),
        FleetErrorIds.NeedsPath, ErrorCategory.InvalidArgument, null));

    private static IEnumerable<object?> Flatten(object? value) => Wire(value) is object?[] a ? a : [Wire(value)];

    internal static object? Wire(object? value) => value switch
    {
        null => null,
        PSObject p => Wire(p.BaseObject),
        SwitchParameter s => s.IsPresent,
        // TimeZoneArgument names a zone made from an offset "UTC+09:00"; the offset alone is what it parses back.
        TimeZoneInfo z => z.Id.StartsWith("UTC", StringComparison.Ordinal) && z.Id.Length > 3 && z.Id[3] is '+' or '-' ? z.Id[3..] : z.Id,
        Encoding e => e.WebName,
        DateTimeOffset d => d.ToString("o", CultureInfo.InvariantCulture),
        Enum e => e.ToString(),
        string s => s,
        byte[] b => b,
        Array a => a.Cast<object?>().Select(Wire).ToArray(),
        _ => value,
    };
}

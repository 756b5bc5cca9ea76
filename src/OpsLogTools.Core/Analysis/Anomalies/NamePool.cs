namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// One string per distinct service name or unit description a scan meets: a service event keeps the pooled string, so
/// a file repeating one systemd or kernel line a million times holds the name once, not once a line.
/// </summary>
internal sealed class NamePool
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public NamePool() => _bySpan = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Names held.</summary>
    public int Count => _names.Count;

    public string Get(ReadOnlySpan<char> name)
    {
        if (_bySpan.TryGetValue(name, out string? held)) return held;
        string made = name.ToString();
        _names.Add(made);
        return made;
    }

    public string Get(string name) => _names.TryGetValue(name, out string? held) ? held : Add(name);

    private string Add(string name)
    {
        _names.Add(name);
        return name;
    }
}

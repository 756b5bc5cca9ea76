namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>The signatures of one error log's error lines (sparse: only error-level lines), with a text and the clients per signature.</summary>
internal sealed class ErrorKinds
{
    /// <summary>Distinct clients counted per signature (enough to say "many visitors").</summary>
    private const int ClientsKept = 1000;
    /// <summary>Texts kept; a scanner that hits thousands of different paths does not grow memory beyond this.</summary>
    private const int TextsKept = 4096;

    public List<(int Index, int Hash)> Lines { get; } = [];
    private readonly Dictionary<int, (string Text, HashSet<string> Clients)> _info = [];

    public void Add(int index, string message)
    {
        var (hash, text, client) = ErrorSignature.Of(message);
        Lines.Add((index, hash));
        if (!_info.TryGetValue(hash, out var info))
        {
            if (_info.Count >= TextsKept) return;
            _info[hash] = info = (text, new HashSet<string>(StringComparer.Ordinal));
        }
        if (client is not null && info.Clients.Count < ClientsKept) info.Clients.Add(client);
    }

    public string TextOf(int hash) => _info.TryGetValue(hash, out var i) ? i.Text : "";

    public int ClientsOf(int hash) => _info.TryGetValue(hash, out var i) ? i.Clients.Count : 0;
}

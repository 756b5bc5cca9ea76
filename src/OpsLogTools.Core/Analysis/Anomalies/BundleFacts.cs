namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>All files of one host's bundle, with the shared program table and the options.</summary>
internal sealed class BundleFacts
{
    private readonly string[] _programNames;

    public BundleFacts(IReadOnlyList<FileFacts> files, Dictionary<string, int> programs, AnomalyOptions options)
    {
        Files = files;
        Options = options;
        _programNames = new string[programs.Count];
        foreach (var (name, id) in programs) _programNames[id] = name;
        foreach (var f in files) f.Seal();
    }

    public IReadOnlyList<FileFacts> Files { get; }

    /// <summary>The error lines of each error log by signature (see <see cref="ErrorSignature"/>).</summary>
    public IReadOnlyDictionary<FileFacts, ErrorKinds> ErrorKinds { get; init; } = new Dictionary<FileFacts, ErrorKinds>();
    public AnomalyOptions Options { get; }

    /// <summary>Sources that logged in after guessing passwords (Find-LoginActivity's SuccessAfterFailures).</summary>
    public IReadOnlySet<string> IntruderSources { get; init; } = new HashSet<string>();

    /// <summary>Files whose year or zone the reader guessed (from their entries' <c>TimeBasis</c>); absent means evidence.</summary>
    public IReadOnlyDictionary<FileFacts, TimeGuess> Guesses { get; init; } = new Dictionary<FileFacts, TimeGuess>();

    /// <summary>What the reader guessed of the file's stamps.</summary>
    public TimeGuess GuessOf(FileFacts file) => Guesses.GetValueOrDefault(file);

    /// <summary>Displaced runs per file, in line order (filled by <see cref="ApplyCorrections"/>).</summary>
    public Dictionary<FileFacts, List<DisplacedRun>> RunsByFile { get; } = [];

    public string ProgramName(int id) => id >= 0 && id < _programNames.Length ? _programNames[id] : "";

    public int ProgramId(string name) => Array.IndexOf(_programNames, name);

    /// <summary>Re-times the lines of every displaced run whose offset was measured.</summary>
    public void ApplyCorrections(IEnumerable<DisplacedRun> runs)
    {
        foreach (var run in runs)
        {
            if (!RunsByFile.TryGetValue(run.File, out var list)) RunsByFile[run.File] = list = [];
            list.Add(run);
            if (!run.HasOffset) continue;
            var f = run.File;
            f.True.Retime(run.First, run.Last, run.OffsetTicks);
            f.Corrections.Add((run.First, run.Last, run.OffsetTicks));
        }
        foreach (var list in RunsByFile.Values) list.Sort((a, b) => a.First.CompareTo(b.First));
    }

    /// <summary>Span of all true times in the bundle.</summary>
    public (long Start, long End) Extent()
    {
        long start = long.MaxValue, end = long.MinValue;
        foreach (var f in Files)
        {
            if (f.Count == 0) continue;
            start = Math.Min(start, f.True[0]);
            end = Math.Max(end, f.True[^1]);
        }
        return (start, end);
    }
}

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>Which displaced run, if any, a line of a file belongs to.</summary>
internal sealed class RunLookup
{
    private readonly Dictionary<FileFacts, List<DisplacedRun>> _byFile = [];

    public RunLookup(IReadOnlyList<FileFacts> files, IEnumerable<DisplacedRun> runs)
    {
        AllFiles = files;
        foreach (var r in runs)
        {
            if (!_byFile.TryGetValue(r.File, out var list)) _byFile[r.File] = list = [];
            list.Add(r);
        }
        foreach (var list in _byFile.Values) list.Sort((a, b) => a.First.CompareTo(b.First));
    }

    public DisplacedRun? RunAt(FileFacts f, int index)
    {
        if (!_byFile.TryGetValue(f, out var list)) return null;
        int lo = 0, hi = list.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            var r = list[mid];
            if (index < r.First) hi = mid - 1;
            else if (index > r.Last) lo = mid + 1;
            else return r;
        }
        return null;
    }

    public bool InRun(FileFacts f, int index) => RunAt(f, index) is not null;

    public IReadOnlyList<FileFacts> AllFiles { get; }

    public IReadOnlyList<DisplacedRun> RunsOf(FileFacts f) => _byFile.TryGetValue(f, out var list) ? list : [];

    /// <summary>A rough true time for ordering and windows before offsets are measured: the middle of the run's bounds.</summary>
    public long TrueEstimate(FileFacts f, int index)
    {
        var r = RunAt(f, index);
        if (r is null) return f.Stamp[index];
        if (r.HasOffset) return f.Stamp[index] - r.OffsetTicks;
        if (r.IsClosed) return f.Stamp[index] - (r.Low / 2 + r.High / 2);
        return r.StampBefore ?? r.StampAfter ?? f.Stamp[index];
    }
}

/// <summary>One measurement of a displacement's offset: a value (ticks), how far it may be off, and how many independent samples agree on it.</summary>
internal readonly record struct OffsetMeasure(long Ticks, double UncertaintySeconds, string Evidence, int Samples = 0);

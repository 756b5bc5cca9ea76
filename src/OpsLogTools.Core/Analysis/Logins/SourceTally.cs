using System.Globalization;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Logins;

/// <summary>Everything seen about one source, per witness kind, while the logs stream past.</summary>
internal sealed class SourceTally(string source)
{
    private const int MaxUsers = 20;
    private const int MaxInvalidNames = 1000;
    private const int MaxSuccessTimes = 10_000;
    private const int FirstEvidence = 6;
    private const int SuccessEvidence = 4;
    private static readonly TimeSpan ConnectionGap = TimeSpan.FromHours(1);

    private readonly Dictionary<(WitnessKind Kind, long Pid), SshConnection> _open = new();
    private readonly List<(WitnessKind Kind, SshConnection Connection)> _closed = new();
    private readonly int[] _recordFailures = new int[5];
    private readonly int[] _recordSuccesses = new int[5];
    private int _auditLoginFailed;
    private long _noPid;

    public string Source { get; } = source;
    public List<string> Users { get; } = new();
    public List<string> SuccessfulUsers { get; } = new();
    public HashSet<string> InvalidNames { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Services { get; } = new(StringComparer.Ordinal);
    public SortedSet<string> Witnesses { get; } = new(StringComparer.Ordinal);
    public List<DateTimeOffset> SuccessTimes { get; } = new();
    public DateTimeOffset FirstSeen { get; private set; } = DateTimeOffset.MaxValue;
    public DateTimeOffset LastSeen { get; private set; } = DateTimeOffset.MinValue;
    public DateTimeOffset? FirstFailure { get; private set; }
    public DateTimeOffset? LastFailure { get; private set; }
    public List<(DateTimeOffset Time, string Text)> Evidence { get; } = new();
    private (DateTimeOffset Time, string Text)? _lastFailureEvidence;
    private int _successEvidence;

    /// <summary>Adds one line or record. <paramref name="pid"/> groups sshd's lines into connections (null: the line stands alone).</summary>
    public void Add(in AuthLine line, WitnessKind kind, long? pid, LogEntry entry)
    {
        var t = entry.Timestamp;
        if (t < FirstSeen) FirstSeen = t;
        if (t > LastSeen) LastSeen = t;
        Witnesses.Add(System.IO.Path.GetFileName(entry.Path));
        if (line.Kind != AuthLineKind.Probe) Services.Add(line.Service);
        if (line.User.Length > 0 && Users.Count < MaxUsers && !Users.Contains(line.User)) Users.Add(line.User);
        if (line.InvalidUser && line.User.Length > 0 && InvalidNames.Count < MaxInvalidNames) InvalidNames.Add(line.User);

        bool success = line.Kind == AuthLineKind.Accepted;
        bool failure = line.Kind is not (AuthLineKind.Accepted or AuthLineKind.Probe);
        if (success)
        {
            if (SuccessTimes.Count < MaxSuccessTimes) SuccessTimes.Add(t);
            if (line.User.Length > 0 && SuccessfulUsers.Count < MaxUsers && !SuccessfulUsers.Contains(line.User)) SuccessfulUsers.Add(line.User);
        }
        if (failure)
        {
            if (FirstFailure is not { } ff || t < ff) FirstFailure = t;
            if (LastFailure is not { } lf || t > lf) LastFailure = t;
        }

        string text = string.Create(CultureInfo.InvariantCulture, $"{entry.Path}:{entry.LineNumber}: {entry.Message}");
        if (success && _successEvidence < SuccessEvidence) { Evidence.Add((t, text)); _successEvidence++; }
        else if (Evidence.Count - _successEvidence < FirstEvidence) Evidence.Add((t, text));
        else if (failure && (_lastFailureEvidence is not { } last || t >= last.Time)) _lastFailureEvidence = (t, text);

        switch (kind)
        {
            case WitnessKind.Syslog or WitnessKind.Journal:
                AddToConnection(line, kind, pid, t);
                break;
            case WitnessKind.Audit when line.Kind == AuthLineKind.AuditLoginFailed:
                _auditLoginFailed++;
                break;
            default:
                if (success) _recordSuccesses[(int)kind]++;
                else if (failure) _recordFailures[(int)kind]++;
                break;
        }
    }

    private void AddToConnection(in AuthLine line, WitnessKind kind, long? pid, DateTimeOffset t)
    {
        var key = (kind, pid ?? --_noPid);
        if (_open.TryGetValue(key, out var c) && t - c.Last > ConnectionGap)
        {
            // The pid came round again: a new connection.
            _closed.Add((kind, c));
            _open.Remove(key);
            c = null;
        }
        if (c is null)
        {
            c = new SshConnection { Last = t };
            _open[key] = c;
        }
        c.Add(line, t);
    }

    /// <summary>The evidence lines in time order, the last failure included.</summary>
    public IReadOnlyList<string> EvidenceLines(int max)
    {
        var all = new List<(DateTimeOffset Time, string Text)>(Evidence);
        if (_lastFailureEvidence is { } last && !all.Contains(last)) all.Add(last);
        return all.OrderBy(e => e.Time).Take(max).Select(e => e.Text).ToList();
    }

    /// <summary>(failures, successes, probes) per witness kind; the largest of each is the count.</summary>
    public (int Failures, int Successes, int Probes) Counts()
    {
        int[] failures = (int[])_recordFailures.Clone();
        int[] successes = (int[])_recordSuccesses.Clone();
        int[] probes = new int[5];
        foreach (var (kind, c) in _closed.Concat(_open.Select(kv => (kv.Key.Kind, kv.Value))))
        {
            failures[(int)kind] += c.Failures;
            successes[(int)kind] += c.Accepted;
            probes[(int)kind] += c.IsProbe ? 1 : 0;
        }
        // audit: USER_AUTH has each try; USER_LOGIN res=failed one per failed connection.
        failures[(int)WitnessKind.Audit] = Math.Max(failures[(int)WitnessKind.Audit], _auditLoginFailed);
        return (failures.Max(), successes.Max(), probes.Max());
    }
}

using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Pairs origin log lines with the CloudFront lines of the same requests, one to one, so a request CloudFront
/// forwarded to the origin is counted once. A pair has the same method, path and query, a compatible status (same
/// class; a CloudFront Error with an origin 5xx; a RefreshHit with an origin 304) and times within the window:
/// CloudFront stamps the end of its response, the origin the arrival of the request, so the origin time may lie up
/// to <c>time-taken</c> plus the window before the CloudFront time, or up to the window after it.
/// Per key, origin records are decided in time order, each taking the earliest unused compatible CloudFront record
/// in reach. Holds one small record per forwarded CloudFront request and per origin request from an edge until it
/// is decided (<see cref="Settle"/>): a caller that feeds each kind of line in time order (late by at most
/// <see cref="Lateness"/>) can settle as it goes, so only the records of a bounded time span are held; the decisions
/// are the same as settling everything at the end.
/// </summary>
internal sealed class TwinMatcher
{
    // time-taken values at or above this are not believed (see AddCloudFront), so no CloudFront record reaches
    // further back than this before its own time.
    private static readonly long TakenCapTicks = TimeSpan.FromHours(1).Ticks;

    private readonly Dictionary<string, KeyState> _keys = new(StringComparer.Ordinal);
    private readonly PriorityQueue<(KeyState Key, OriginRecord Origin), (long Ticks, long Ordinal)> _origins = new();
    private readonly PriorityQueue<KeyState, long> _cloudFrontExpiry = new();
    private readonly long _windowTicks;
    private long _cloudFrontMax = long.MinValue;
    private long _originMax = long.MinValue;

    public TwinMatcher(TimeSpan window) => _windowTicks = window.Ticks;

    public long CloudFrontForwarded { get; private set; }

    /// <summary>
    /// How far a line may come behind the latest line of its kind and still be settled exactly. CloudFront writes several
    /// files for the same hour, each covering that hour: read one after the other, they go back up to an hour.
    /// </summary>
    public TimeSpan Lateness { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// True when both kinds come merged into one time order (each late by at most <see cref="Lateness"/>): the latest
    /// line of either kind then bounds what is still to come of both.
    /// </summary>
    public bool OneTimeline { get; set; }

    /// <summary>Records held now (forwarded CloudFront lines and undecided origin lines).</summary>
    public long Held { get; private set; }

    /// <summary>The most records held at once.</summary>
    public long HeldHighWater { get; private set; }

    /// <summary>Lines that came later than <see cref="Lateness"/> behind the latest line of their kind.</summary>
    public long LateLines { get; private set; }

    /// <summary>True for result types whose request reached the origin.</summary>
    public static bool ReachedOrigin(string? resultType) => resultType switch
    {
        null or "" or "-" => true,
        _ when resultType.Equals("Miss", StringComparison.OrdinalIgnoreCase) => true,
        _ when resultType.Equals("RefreshHit", StringComparison.OrdinalIgnoreCase) => true,
        _ when resultType.Equals("Error", StringComparison.OrdinalIgnoreCase) => true,
        _ => false, // Hit, OriginShieldHit, Redirect, LimitExceeded, CapacityExceeded, FunctionGeneratedResponse
    };

    public void AddCloudFront(in RequestFacts f)
    {
        long ticks = f.Timestamp.UtcTicks;
        // Every CloudFront line tells how far its log has come, served from the cache or not.
        Note(ticks, ref _cloudFrontMax);
        if (!ReachedOrigin(f.ResultType)) return;
        CloudFrontForwarded++;
        var state = StateOf(f);
        bool isError = string.Equals(f.ResultType, "Error", StringComparison.OrdinalIgnoreCase);
        bool isRefresh = string.Equals(f.ResultType, "RefreshHit", StringComparison.OrdinalIgnoreCase);
        long taken = f.TimeTaken is > 0 and < 3600 ? (long)(f.TimeTaken.Value * TimeSpan.TicksPerSecond) : 0;
        state.Insert(new CloudFrontRecord(ticks, taken, f.Status, isError, isRefresh));
        _cloudFrontExpiry.Enqueue(state, ticks);
    }

    /// <summary>An origin line that needs no twin (not from an edge): only tells how far the origin log has come.</summary>
    public void NoteOrigin(long ticks) => Note(ticks, ref _originMax);

    public void AddOrigin(in RequestFacts f, long ordinal)
    {
        var state = StateOf(f);
        long ticks = f.Timestamp.UtcTicks;
        state.PendingOrigins++;
        _origins.Enqueue((state, new OriginRecord(ticks, f.Status)), (ticks, ordinal));
        Note(ticks, ref _originMax);
    }

    /// <summary>
    /// Decides the origin records that no CloudFront line still to come can match (all of them, and then lets
    /// every record go, with <paramref name="all"/>), adding each ordinal with whether it has a twin to <paramref name="settled"/>, and
    /// drops the CloudFront records that no origin line still to come can match.
    /// </summary>
    public void Settle(List<(long Ordinal, bool Matched)> settled, bool all)
    {
        // A CloudFront line still to come is stamped after _cloudFrontMax - Lateness and reaches back at most the cap
        // plus the window: origin records before that are decided.
        long originHorizon = all ? long.MaxValue : Behind(_cloudFrontMax, Lateness.Ticks + TakenCapTicks + _windowTicks);
        while (_origins.TryPeek(out var next, out var at) && at.Ticks < originHorizon)
        {
            _origins.Dequeue();
            var (state, origin) = next;
            settled.Add((at.Ordinal, state.Decide(origin, _windowTicks)));
            state.PendingOrigins--;
            Held--;
            Forget(state);
        }
        if (all)
        {
            // Nothing is to come: the CloudFront records have served their turn.
            _keys.Clear();
            _cloudFrontExpiry.Clear();
            Held = 0;
            return;
        }

        // A CloudFront record serves origin records up to the window after its time: those still to come are stamped
        // after _originMax - Lateness, and those waiting are no older than the oldest one waiting.
        long cloudFrontHorizon = Behind(_originMax, Lateness.Ticks);
        if (_origins.TryPeek(out _, out var oldest)) cloudFrontHorizon = Math.Min(cloudFrontHorizon, oldest.Ticks);
        while (_cloudFrontExpiry.TryPeek(out var state, out long ticks) && ticks + _windowTicks < cloudFrontHorizon)
        {
            _cloudFrontExpiry.Dequeue();
            state.DropOldest();
            Held--;
            Forget(state);
        }
    }

    private KeyState StateOf(in RequestFacts f)
    {
        string key = Key(f);
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_keys, key, out _);
        state ??= new KeyState(key);
        if (++Held > HeldHighWater) HeldHighWater = Held;
        return state;
    }

    private void Note(long ticks, ref long max)
    {
        if (max != long.MinValue && ticks < max - Lateness.Ticks) LateLines++;
        if (ticks > max) max = ticks;
        if (!OneTimeline) return;
        // Lines of both kinds merged by time: a line of either kind bounds the lines of the other still to come too,
        // also where one kind's logs start later or end earlier than the other's.
        _cloudFrontMax = Math.Max(_cloudFrontMax, ticks);
        _originMax = Math.Max(_originMax, ticks);
    }

    private void Forget(KeyState state)
    {
        if (state.IsEmpty) _keys.Remove(state.Key);
    }

    private static long Behind(long max, long span) => max == long.MinValue ? long.MinValue : max - span;

    private static bool Compatible(in CloudFrontRecord cf, int originStatus)
    {
        int cfClass = cf.Status / 100, oClass = originStatus / 100;
        if (cfClass == oClass) return true;
        if (cf.IsError && oClass == 5) return true;
        if (cf.IsRefresh && originStatus == 304) return true;
        return false;
    }

    private static string Key(in RequestFacts f)
    {
        string path = Decode(f.Path);
        string query = f.Query is null or "" or "-" ? "" : Decode(f.Query);
        return string.Concat((f.Method ?? "").ToUpperInvariant(), " ", path, "?", query);
    }

    // CloudFront logs the path decoded, Apache logs it as sent: compare decoded.
    private static string Decode(string s) => s.Contains('%') ? Uri.UnescapeDataString(s) : s;

    /// <summary>The records of one method + path + query: CloudFront ones in time order (then arrival), from Head on.</summary>
    private sealed class KeyState(string key)
    {
        private readonly List<CloudFrontRecord> _cloudFront = [];
        private int _head;

        public string Key { get; } = key;

        public int PendingOrigins { get; set; }

        public bool IsEmpty => PendingOrigins == 0 && _head == _cloudFront.Count;

        public void Insert(CloudFrontRecord record)
        {
            // Lines come nearly in time order: find the place from the end.
            int i = _cloudFront.Count;
            while (i > _head && _cloudFront[i - 1].Ticks > record.Ticks) i--;
            _cloudFront.Insert(i, record);
        }

        public void DropOldest()
        {
            _head++;
            if (_head == _cloudFront.Count)
            {
                _cloudFront.Clear();
                _head = 0;
            }
            else if (_head >= 64 && _head * 2 >= _cloudFront.Count)
            {
                _cloudFront.RemoveRange(0, _head);
                _head = 0;
            }
        }

        public bool Decide(OriginRecord origin, long windowTicks)
        {
            var records = CollectionsMarshal.AsSpan(_cloudFront);
            for (int i = _head; i < records.Length; i++)
            {
                ref var cf = ref records[i];
                // Ended more than the window before this origin time: cannot match it or any later one.
                if (cf.Ticks + windowTicks < origin.Ticks) continue;
                if (cf.Ticks - cf.TakenTicks - windowTicks > origin.Ticks) break;
                if (cf.Used || !Compatible(cf, origin.Status)) continue;
                cf.Used = true;
                return true;
            }
            return false;
        }
    }

    private record struct CloudFrontRecord(long Ticks, long TakenTicks, int Status, bool IsError, bool IsRefresh)
    {
        public bool Used;
    }

    private readonly record struct OriginRecord(long Ticks, int Status);
}

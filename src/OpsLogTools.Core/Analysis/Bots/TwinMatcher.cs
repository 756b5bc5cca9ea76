namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// Pairs origin log lines with the CloudFront lines of the same requests, one to one, so a request CloudFront
/// forwarded to the origin is counted once. A pair has the same method, path and query, a compatible status (same
/// class; a CloudFront Error with an origin 5xx; a RefreshHit with an origin 304) and times within the window:
/// CloudFront stamps the end of its response, the origin the arrival of the request, so the origin time may lie up
/// to <c>time-taken</c> plus the window before the CloudFront time, or up to the window after it.
/// Holds one small record per forwarded CloudFront request and per origin request from an edge until matched.
/// </summary>
internal sealed class TwinMatcher
{
    private readonly Dictionary<string, List<CloudFrontRecord>> _cloudFront = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OriginRecord>> _origin = new(StringComparer.Ordinal);
    private readonly long _windowTicks;

    public TwinMatcher(TimeSpan window) => _windowTicks = window.Ticks;

    public long CloudFrontForwarded { get; private set; }

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
        if (!ReachedOrigin(f.ResultType)) return;
        CloudFrontForwarded++;
        string key = Key(f);
        if (!_cloudFront.TryGetValue(key, out var list)) _cloudFront[key] = list = new List<CloudFrontRecord>(1);
        bool isError = string.Equals(f.ResultType, "Error", StringComparison.OrdinalIgnoreCase);
        bool isRefresh = string.Equals(f.ResultType, "RefreshHit", StringComparison.OrdinalIgnoreCase);
        long taken = f.TimeTaken is > 0 and < 3600 ? (long)(f.TimeTaken.Value * TimeSpan.TicksPerSecond) : 0;
        list.Add(new CloudFrontRecord(f.Timestamp.UtcTicks, taken, f.Status, isError, isRefresh));
    }

    public void AddOrigin(in RequestFacts f, long ordinal)
    {
        string key = Key(f);
        if (!_origin.TryGetValue(key, out var list)) _origin[key] = list = new List<OriginRecord>(1);
        list.Add(new OriginRecord(f.Timestamp.UtcTicks, f.Status, ordinal));
    }

    /// <summary>Ordinals of the origin records that have a CloudFront twin.</summary>
    public HashSet<long> Match()
    {
        var matched = new HashSet<long>();
        foreach (var (key, origins) in _origin)
        {
            if (!_cloudFront.TryGetValue(key, out var cfs)) continue;
            origins.Sort((a, b) => a.Ticks.CompareTo(b.Ticks));
            cfs.Sort((a, b) => a.Ticks.CompareTo(b.Ticks));
            var used = new bool[cfs.Count];
            int start = 0;
            foreach (var o in origins)
            {
                // CloudFront records that ended more than the window before this origin time cannot match it or any later one.
                while (start < cfs.Count && cfs[start].Ticks + _windowTicks < o.Ticks) start++;
                for (int i = start; i < cfs.Count; i++)
                {
                    var cf = cfs[i];
                    if (cf.Ticks - cf.TakenTicks - _windowTicks > o.Ticks) break;
                    if (used[i] || !Compatible(cf, o.Status)) continue;
                    used[i] = true;
                    matched.Add(o.Ordinal);
                    break;
                }
            }
        }
        return matched;
    }

    private static bool Compatible(CloudFrontRecord cf, int originStatus)
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

    private readonly record struct CloudFrontRecord(long Ticks, long TakenTicks, int Status, bool IsError, bool IsRefresh);
    private readonly record struct OriginRecord(long Ticks, int Status, long Ordinal);
}

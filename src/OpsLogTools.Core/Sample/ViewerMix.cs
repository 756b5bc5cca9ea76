using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Who makes each request of a big CloudFront set, as on a public site: most viewers come once or a few times (one
/// visit: a page and its assets, back to back), a long tail of heavy clients (offices behind one address, feed
/// readers, API clients) spreads its requests over the whole period. A viewer's request count is 1–3 for most, and
/// for the rest a Pareto tail (α 0.9, at least 4, at most <see cref="TailCap"/>) whose share is chosen so that the
/// mean is lines / viewers; with a mean under 1.5 (nearly one address per request) there is no tail, only ones and
/// twos. The request order is a shuffle of visits and heavy clients' single requests, fixed by the seed.
/// </summary>
public sealed class ViewerMix
{
    /// <summary>The most requests one viewer makes.</summary>
    public const int TailCap = 500_000;
    private const double Alpha = 0.9;
    private const int TailMin = 4;
    // Shares of one, two and three requests among the light viewers, and their mean.
    private const double OneShare = 0.65, TwoShare = 0.22;
    private const double LightMean = OneShare + 2 * TwoShare + 3 * (1 - OneShare - TwoShare);
    // A viewer with at most this many requests makes them in one visit, back to back.
    private const int VisitMax = 30;

    private readonly int[] _sequence;

    /// <summary>Plans <paramref name="lines"/> requests among about <paramref name="viewers"/> viewers.</summary>
    public ViewerMix(long lines, long viewers, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lines, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lines, int.MaxValue - 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(viewers, 1);
        viewers = Math.Min(viewers, lines);
        double mean = lines / (double)viewers;
        var rng = new Random(unchecked(seed * 7919 + 17));
        double tailMean = ParetoMean();
        double tailShare = mean <= LightMean ? 0 : Math.Min(1, (mean - LightMean) / (tailMean - LightMean));
        double twoShare = mean <= LightMean ? Math.Clamp(mean - 1, 0, 1) : 0;

        // Request counts until the lines are placed (the last viewer takes what is left).
        var counts = new List<int>((int)Math.Min(viewers + 16, int.MaxValue / 2));
        long placed = 0, heavyRequests = 0;
        while (placed < lines)
        {
            int c = mean <= LightMean ? (rng.NextDouble() < twoShare ? 2 : 1)
                : rng.NextDouble() < tailShare ? Pareto(rng)
                : rng.NextDouble() is var u && u < OneShare ? 1 : u < OneShare + TwoShare ? 2 : 3;
            c = (int)Math.Min(c, lines - placed);
            counts.Add(c);
            placed += c;
            if (c > VisitMax) heavyRequests += c;
        }
        Viewers = counts.Count;
        HeavyViewers = counts.Count(c => c > VisitMax);
        OneRequestViewers = counts.Count(c => c == 1);

        // Units: one per visit, one per request of a heavy viewer; shuffled, then laid out.
        var units = new int[counts.Count - HeavyViewers + heavyRequests];
        int at = 0;
        for (int v = 0; v < counts.Count; v++)
        {
            if (counts[v] <= VisitMax) units[at++] = v;
            else for (int k = 0; k < counts[v]; k++) units[at++] = v;
        }
        rng.Shuffle(units);
        _sequence = new int[lines];
        at = 0;
        foreach (int v in units)
        {
            int n = counts[v] <= VisitMax ? counts[v] : 1;
            for (int k = 0; k < n; k++) _sequence[at++] = v;
        }
        MaxRequests = counts.Max();
    }

    /// <summary>Distinct viewers planned.</summary>
    public int Viewers { get; }

    /// <summary>Viewers that make exactly one request.</summary>
    public int OneRequestViewers { get; }

    /// <summary>Viewers with more than a visit's worth of requests, spread over the whole period.</summary>
    public int HeavyViewers { get; }

    /// <summary>The most requests one viewer makes.</summary>
    public int MaxRequests { get; }

    /// <summary>The viewer (0 to <see cref="Viewers"/> − 1) making request <paramref name="index"/>.</summary>
    public int ViewerAt(long index) => _sequence[index];

    /// <summary>
    /// The address of viewer <paramref name="viewer"/>, fixed by the seed: one in five an IPv6 address in a /64 of its
    /// own, the rest IPv4 addresses from ordinary allocated blocks (never a CDN, private or documentation range).
    /// </summary>
    public static string Address(int viewer, int seed, ReadOnlySpan<int> firstOctets)
    {
        ulong h = Mix((ulong)(uint)viewer << 32 ^ (uint)seed);
        if (h % 5 == 0)
        {
            ulong g = Mix(h);
            return string.Create(CultureInfo.InvariantCulture,
                $"2400:4050:{(g >> 48) & 0xffff:x}:{(g >> 32) & 0xffff:x}:{(g >> 16) & 0xffff:x}:{1 + g % 0xfffe:x}:{(h >> 24) & 0xffff:x}:{1 + (h >> 8) % 0xfffe:x}");
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{firstOctets[(int)(h >> 40) % firstOctets.Length]}.{(h >> 32) & 0xff}.{(h >> 24) & 0xff}.{1 + (h >> 16) % 254}");
    }

    private static ulong Mix(ulong x)
    {
        // splitmix64's finaliser.
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static int Pareto(Random rng)
    {
        // Inverse transform of a Pareto tail truncated at TailCap.
        double ratio = Math.Pow(TailMin / (double)TailCap, Alpha);
        double u = rng.NextDouble();
        double x = TailMin / Math.Pow(1 - u * (1 - ratio), 1 / Alpha);
        return (int)Math.Min(TailCap, Math.Floor(x));
    }

    private static double ParetoMean()
    {
        // The mean of the truncated Pareto (α ≠ 1), less about a half for the floor.
        double ratio = Math.Pow(TailMin / (double)TailCap, Alpha);
        double m = Alpha * Math.Pow(TailMin, Alpha) / (1 - Alpha) * (Math.Pow(TailCap, 1 - Alpha) - Math.Pow(TailMin, 1 - Alpha)) / (1 - ratio);
        return m - 0.5;
    }
}

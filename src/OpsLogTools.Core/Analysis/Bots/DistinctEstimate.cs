using System.Numerics;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// How many distinct keys were seen, estimated in 4 KB whatever their number (HyperLogLog, Flajolet et al. 2007, with
/// linear counting for small numbers; about 1.6% off). For the clients past the detector's limit, which are counted,
/// not kept. Deterministic: the same keys give the same estimate.
/// </summary>
internal sealed class DistinctEstimate
{
    private const int Bits = 12;
    private const int Registers = 1 << Bits;
    private readonly byte[] _registers = new byte[Registers];

    /// <summary>Adds a key given by a 64-bit value (mixed here: near values spread).</summary>
    public void Add(ulong key)
    {
        ulong h = Mix(key);
        int register = (int)(h >> (64 - Bits));
        byte rank = (byte)(BitOperations.LeadingZeroCount((h << Bits) | (1UL << (Bits - 1))) + 1);
        if (rank > _registers[register]) _registers[register] = rank;
    }

    /// <summary>Adds a key given by its text (FNV-1a, then mixed).</summary>
    public void Add(string key)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in key) h = (h ^ c) * 1099511628211UL;
        Add(h);
    }

    /// <summary>Adds every key <paramref name="other"/> was given: the estimate is then that of both sets of keys, as if added here.</summary>
    public void Add(DistinctEstimate other)
    {
        for (int i = 0; i < Registers; i++)
        {
            if (other._registers[i] > _registers[i]) _registers[i] = other._registers[i];
        }
    }

    /// <summary>The estimated number of distinct keys added.</summary>
    public long Estimate()
    {
        double sum = 0;
        int zeros = 0;
        foreach (byte r in _registers)
        {
            sum += Math.ScaleB(1.0, -r);
            if (r == 0) zeros++;
        }
        double alpha = 0.7213 / (1 + 1.079 / Registers);
        double raw = alpha * Registers * Registers / sum;
        if (raw <= 2.5 * Registers && zeros > 0) raw = Registers * Math.Log(Registers / (double)zeros);
        return (long)Math.Round(raw);
    }

    // SplitMix64's finaliser.
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

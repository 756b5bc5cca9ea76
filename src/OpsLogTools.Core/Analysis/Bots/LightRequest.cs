using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// One ordinary request of a light client (<see cref="LightClients"/>) in 12 bytes: all that <see cref="ClientState.Add"/>
/// needs to take it in later, exactly as if it had been added when it came. Made by <see cref="TryCreate"/>, which
/// refuses values that do not fit (the request is then not light: its client becomes a <see cref="ClientState"/>).
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal readonly struct LightRequest
{
    /// <summary>The largest path number a light request holds (<c>2^21 − 1</c>).</summary>
    public const int MaxPathId = (1 << PathBits) - 1;

    /// <summary>The largest agent number a light request holds (<c>2^19 − 2</c>).</summary>
    public const int MaxAgentId = (1 << AgentBits) - 2;

    /// <summary>The largest status a light request holds.</summary>
    public const int MaxStatus = (1 << StatusBits) - 1;

    private const int PathBits = 21;
    private const int StatusBits = 10;
    private const int AgentBits = 19;
    private const int OffsetBits = 7;
    private const int OffsetBias = 1 << (OffsetBits - 1);

    // _a: path (21 bits), status (10), referer (1). _b: agent + 1 (19 bits, 0: none), offset quarters + 64 (7), source (2).
    private readonly int _seconds;
    private readonly uint _a;
    private readonly uint _b;

    private LightRequest(int seconds, uint a, uint b) => (_seconds, _a, _b) = (seconds, a, b);

    /// <summary>
    /// The request packed, or false when a value does not fit: a path number above <see cref="MaxPathId"/>, an agent
    /// number above <see cref="MaxAgentId"/>, a status outside 0 to <see cref="MaxStatus"/>, an offset of more than 16
    /// hours, a source that is no <see cref="AddressSource"/>.
    /// </summary>
    /// <param name="seconds">Seconds since the store's epoch (<see cref="ClientStore.Seconds"/>).</param>
    /// <param name="pathId">The detector's number for the path (0 or more).</param>
    /// <param name="agentId">The detector's number for the user agent, or -1 when none was logged.</param>
    /// <param name="status">HTTP status.</param>
    /// <param name="offsetQuarters">The stamp's UTC offset in quarter hours.</param>
    /// <param name="source">Where the address came from.</param>
    /// <param name="referer">True when a Referer was logged.</param>
    /// <param name="request">The packed request.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryCreate(int seconds, int pathId, int agentId, int status, int offsetQuarters, AddressSource source, bool referer, out LightRequest request)
    {
        request = default;
        if ((uint)pathId > MaxPathId || agentId < -1 || agentId > MaxAgentId || (uint)status > MaxStatus
            || offsetQuarters is < -OffsetBias or >= OffsetBias || (uint)source > 3) return false;
        uint a = (uint)pathId | (uint)status << PathBits | (referer ? 1u << 31 : 0);
        uint b = (uint)(agentId + 1) | (uint)(offsetQuarters + OffsetBias) << AgentBits | (uint)source << (AgentBits + OffsetBits);
        request = new LightRequest(seconds, a, b);
        return true;
    }

    /// <summary>Seconds since the store's epoch (<see cref="ClientStore.Seconds"/>).</summary>
    public int Seconds => _seconds;

    /// <summary>The detector's number for the path.</summary>
    public int PathId => (int)(_a & MaxPathId);

    /// <summary>HTTP status.</summary>
    public int Status => (int)(_a >> PathBits) & MaxStatus;

    /// <summary>True when a Referer was logged.</summary>
    public bool HasReferer => (_a >> 31) != 0;

    /// <summary>The detector's number for the user agent, or -1 when none was logged (null, empty or "-").</summary>
    public int AgentId => (int)(_b & ((1u << AgentBits) - 1)) - 1;

    /// <summary>The stamp's UTC offset in quarter hours.</summary>
    public int OffsetQuarters => (int)((_b >> AgentBits) & ((1u << OffsetBits) - 1)) - OffsetBias;

    /// <summary>Where the address came from.</summary>
    public AddressSource Source => (AddressSource)(_b >> (AgentBits + OffsetBits) & 3);
}

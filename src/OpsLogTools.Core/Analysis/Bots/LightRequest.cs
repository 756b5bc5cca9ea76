using System.Runtime.InteropServices;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// One ordinary request of a light client (<see cref="LightClients"/>) in 16 bytes: all that <see cref="ClientState.Add"/>
/// needs to take it in later, exactly as if it had been added when it came.
/// </summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct LightRequest
{
    /// <summary>Seconds since the store's epoch (<see cref="ClientStore.Seconds"/>).</summary>
    public int Seconds;

    /// <summary>The detector's number for the path.</summary>
    public int PathId;

    /// <summary>The detector's number for the user agent, or -1 when none was logged (null, empty or "-").</summary>
    public int AgentId;

    /// <summary>HTTP status.</summary>
    public short Status;

    /// <summary>The stamp's UTC offset in quarter hours.</summary>
    public sbyte OffsetQuarters;

    /// <summary>Where the address came from (<see cref="Model.AddressSource"/>) in the low bits, <see cref="RefererFlag"/> above.</summary>
    public byte Flags;

    public const byte RefererFlag = 0x80;
    public const byte SourceMask = 0x0F;
}

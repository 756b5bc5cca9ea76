using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ArmCrc = System.Runtime.Intrinsics.Arm.Crc32;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// CRC-32 as gzip computes it (IEEE 802.3, bit-reflected polynomial 0xEDB88320). Our gzip reader checks each
/// member's CRC itself, because .NET's GZipStream throws at a bad checksum without handing out the bytes it just
/// decompressed. Fast where the CPU allows: carry-less multiplication folding on x64 (Gopal et al., "Fast CRC
/// Computation for Generic Polynomials Using PCLMULQDQ Instruction", Intel 2009, with that paper's constants for
/// this polynomial), the CRC32 instructions on arm64, eight bytes a step from tables elsewhere.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] Table = MakeTable();

    /// <summary>Continues a CRC-32 over <paramref name="data"/>: start from 0, pass the previous result to go on.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint register = ~crc;
        if (Pclmulqdq.IsSupported && Sse2.IsSupported && data.Length >= 64)
        {
            int whole = data.Length & ~15;
            register = Fold(register, data[..whole]);
            data = data[whole..];
        }
        else if (ArmCrc.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                register = ArmCrc.Arm64.ComputeCrc32(register, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }
        }
        return ~Scalar(register, data);
    }

    /// <summary>The table-driven form, eight bytes a step (and the reference the fast forms are tested against).</summary>
    internal static uint AppendScalar(uint crc, ReadOnlySpan<byte> data) => ~Scalar(~crc, data);

    private static uint Scalar(uint register, ReadOnlySpan<byte> data)
    {
        var t = Table;
        while (data.Length >= 8)
        {
            uint lo = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ register;
            uint hi = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            register = t[0x700 + (lo & 0xFF)] ^ t[0x600 + ((lo >> 8) & 0xFF)] ^ t[0x500 + ((lo >> 16) & 0xFF)] ^ t[0x400 + (lo >> 24)]
                ^ t[0x300 + (hi & 0xFF)] ^ t[0x200 + ((hi >> 8) & 0xFF)] ^ t[0x100 + ((hi >> 16) & 0xFF)] ^ t[hi >> 24];
            data = data[8..];
        }
        foreach (byte b in data) register = t[(register ^ b) & 0xFF] ^ (register >> 8);
        return register;
    }

    /// <summary>Folds whole 16-byte blocks (at least four of them) into the register with carry-less multiplication.</summary>
    private static uint Fold(uint register, ReadOnlySpan<byte> data)
    {
        // x^(4*128+32), x^(4*128-32) mod P; x^(128+32), x^(128-32) mod P; x^64 mod P; the Barrett constants (paper, appendix).
        var fourBlocks = Vector128.Create(0x0154442bd4UL, 0x01c6e41596UL);
        var oneBlock = Vector128.Create(0x01751997d0UL, 0x00ccaa009eUL);
        var to32 = Vector128.Create(0x0163cd6124UL, 0UL);
        var barrett = Vector128.Create(0x01db710641UL, 0x01f7011641UL);
        var low32 = Vector128.Create(~0u, 0u, ~0u, 0u).AsUInt64();

        var a = Load(data) ^ Vector128.CreateScalar(register).AsUInt64();
        var b = Load(data[16..]);
        var c = Load(data[32..]);
        var d = Load(data[48..]);
        data = data[64..];
        while (data.Length >= 64)
        {
            a = Step(a, fourBlocks, Load(data));
            b = Step(b, fourBlocks, Load(data[16..]));
            c = Step(c, fourBlocks, Load(data[32..]));
            d = Step(d, fourBlocks, Load(data[48..]));
            data = data[64..];
        }
        a = Step(a, oneBlock, b);
        a = Step(a, oneBlock, c);
        a = Step(a, oneBlock, d);
        while (data.Length >= 16)
        {
            a = Step(a, oneBlock, Load(data));
            data = data[16..];
        }

        // 128 bits to 64, then to 32 (Barrett reduction).
        a = Sse2.ShiftRightLogical128BitLane(a, 8) ^ Pclmulqdq.CarrylessMultiply(a, oneBlock, 0x10);
        a = Pclmulqdq.CarrylessMultiply(a & low32, to32, 0x00) ^ Sse2.ShiftRightLogical128BitLane(a, 4);
        var q = Pclmulqdq.CarrylessMultiply(a & low32, barrett, 0x10) & low32;
        a ^= Pclmulqdq.CarrylessMultiply(q, barrett, 0x00);
        return a.AsUInt32().GetElement(1);

        static Vector128<ulong> Load(ReadOnlySpan<byte> bytes) => Vector128.Create(bytes).AsUInt64();

        static Vector128<ulong> Step(Vector128<ulong> x, Vector128<ulong> k, Vector128<ulong> next) =>
            Pclmulqdq.CarrylessMultiply(x, k, 0x00) ^ Pclmulqdq.CarrylessMultiply(x, k, 0x11) ^ next;
    }

    private static uint[] MakeTable()
    {
        var t = new uint[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        for (int i = 0; i < 256; i++)
        {
            for (int s = 1; s < 8; s++) t[(s << 8) + i] = (t[((s - 1) << 8) + i] >> 8) ^ t[t[((s - 1) << 8) + i] & 0xFF];
        }
        return t;
    }
}

using System.Runtime.CompilerServices;
using System.Buffers;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Decodes URL-encoded log values once (CloudFront writes <c>%20</c> for a space and <c>%2520</c> for a
/// <c>%20</c> the client sent). '+' stays '+': CloudFront does not use form encoding. Control bytes stay
/// written as <c>%0A</c> so a decoded value never carries a raw control character.
/// </summary>
internal static class PercentDecoding
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Decode(ReadOnlySpan<byte> raw)
    {
        int first = raw.IndexOf((byte)'%');
        if (first < 0) return Utf8Text.Decode(raw);
        byte[]? rented = null;
        Span<byte> buffer = raw.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            raw[..first].CopyTo(buffer);
            int o = first;
            for (int i = first; i < raw.Length;)
            {
                byte c = raw[i];
                if (c == (byte)'%' && i + 2 < raw.Length && Hex(raw[i + 1]) is int hi and >= 0 && Hex(raw[i + 2]) is int lo and >= 0)
                {
                    int value = hi * 16 + lo;
                    if (value >= 0x20 && value != 0x7F)
                    {
                        buffer[o++] = (byte)value;
                        i += 3;
                        continue;
                    }
                }
                buffer[o++] = c;
                i++;
            }
            return Utf8Text.Decode(buffer[..o]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}

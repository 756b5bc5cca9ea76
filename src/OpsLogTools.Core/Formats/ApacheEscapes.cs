using System.Runtime.CompilerServices;
using System.Buffers;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Undoes the escaping Apache (ap_escape_logitem) and nginx apply to quoted log fields.
/// <c>\"</c> and <c>\\</c> become the character. <c>\xhh</c> becomes the byte when it is printable ASCII (nginx's
/// <c>\x22</c> quote) or 0x80 and above (so escaped UTF-8 reads as text again; bytes that do not form UTF-8 come
/// back as <c>\xhh</c> through <see cref="Utf8Text.Decode"/>). Control bytes stay written as <c>\xhh</c>, as do
/// <c>\n</c>-style escapes: a log line must never put a raw control character on the admin's terminal.
/// </summary>
internal static class ApacheEscapes
{
    /// <summary>Decodes a quoted field; <paramref name="mayHaveEscapes"/> false takes the plain path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Text(ReadOnlySpan<byte> raw, bool mayHaveEscapes)
    {
        if (!mayHaveEscapes) return Utf8Text.Decode(raw);
        int first = raw.IndexOf((byte)'\\');
        if (first < 0) return Utf8Text.Decode(raw);

        byte[]? rented = null;
        Span<byte> buffer = raw.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(raw.Length));
        try
        {
            int n = Unescape(raw, first, buffer);
            return Utf8Text.Decode(buffer[..n]);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    // The output is never longer than the input: each escape shrinks or stays.
    private static int Unescape(ReadOnlySpan<byte> raw, int first, Span<byte> output)
    {
        raw[..first].CopyTo(output);
        int o = first, i = first;
        while (i < raw.Length)
        {
            byte c = raw[i];
            if (c != (byte)'\\' || i + 1 >= raw.Length)
            {
                output[o++] = c;
                i++;
                continue;
            }
            byte next = raw[i + 1];
            if (next == (byte)'"' || next == (byte)'\\')
            {
                output[o++] = next;
                i += 2;
            }
            else if ((next == (byte)'x' || next == (byte)'X') && i + 3 < raw.Length
                && HexValue(raw[i + 2]) is int hi and >= 0 && HexValue(raw[i + 3]) is int lo and >= 0)
            {
                int value = hi * 16 + lo;
                if (value >= 0x80 || (value >= 0x20 && value < 0x7F))
                {
                    output[o++] = (byte)value;
                }
                else
                {
                    raw.Slice(i, 4).CopyTo(output[o..]);
                    o += 4;
                }
                i += 4;
            }
            else
            {
                output[o++] = c;
                output[o++] = next;
                i += 2;
            }
        }
        return o;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}

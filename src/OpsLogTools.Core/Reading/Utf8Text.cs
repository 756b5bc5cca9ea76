using System.Runtime.CompilerServices;
using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Turns log bytes into strings without losing anything: valid UTF-8 decodes as is; each byte that is not
/// valid UTF-8 is kept visible as <c>\xNN</c> (the way Apache writes unprintable bytes), never silently
/// replaced by U+FFFD, so an admin can still see what was there.
/// </summary>
public static class Utf8Text
{
    /// <summary>Decodes a span of log bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (Utf8.IsValid(bytes)) return Encoding.UTF8.GetString(bytes);
        return DecodeLossless(bytes);
    }

    /// <summary>True when the bytes are all ASCII (fast check used by parsers for their hot paths).</summary>
    public static bool IsAscii(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes);

    private static string DecodeLossless(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 16);
        while (!bytes.IsEmpty)
        {
            var status = Rune.DecodeFromUtf8(bytes, out var rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                sb.Append(rune.ToString());
            }
            else
            {
                // Invalid or truncated sequence: show the first byte and move on by one.
                consumed = 1;
                sb.Append("\\x").Append(bytes[0].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            bytes = bytes[consumed..];
        }
        return sb.ToString();
    }
}

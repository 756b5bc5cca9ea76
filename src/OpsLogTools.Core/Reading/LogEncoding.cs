using System.Globalization;
using System.Text;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Encodings for legacy logs (shift_jis, euc-jp, iso-2022-jp, windows-1252, ...). The code-page encodings
/// are registered on first use, so a name that only <see cref="CodePagesEncodingProvider"/> knows resolves.
/// </summary>
public static class LogEncoding
{
    private static int _registered;

    /// <summary>Looks up an encoding by name (<c>shift_jis</c>, <c>euc-jp</c>, <c>utf-8</c>) or code page number (<c>932</c>).</summary>
    /// <exception cref="ArgumentException">The name is not a known encoding.</exception>
    public static Encoding Get(string nameOrCodePage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrCodePage);
        EnsureCodePages();
        return int.TryParse(nameOrCodePage, NumberStyles.None, CultureInfo.InvariantCulture, out int codePage)
            ? Encoding.GetEncoding(codePage)
            : Encoding.GetEncoding(nameOrCodePage.Trim());
    }

    /// <summary>Registers <see cref="CodePagesEncodingProvider"/> once for the process (idempotent).</summary>
    public static void EnsureCodePages()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0) Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>True when the encoding is UTF-8 (or null, which means UTF-8): no transcoding needed.</summary>
    public static bool IsUtf8(Encoding? encoding) => encoding is null || encoding.CodePage == Encoding.UTF8.CodePage;

    /// <summary>
    /// The encoding to transcode lines with, or null when the bytes are UTF-8 already. The copy keeps bytes it
    /// cannot decode visible as <c>\xNN</c> instead of replacing them with U+FFFD.
    /// </summary>
    internal static Encoding? ForTranscoding(Encoding? encoding)
    {
        if (IsUtf8(encoding)) return null;
        ReadOnlySpan<byte> lf = encoding!.GetBytes("\n");
        ReadOnlySpan<byte> cr = encoding.GetBytes("\r");
        if (lf.Length != 1 || lf[0] != (byte)'\n' || cr.Length != 1 || cr[0] != (byte)'\r')
        {
            throw new ArgumentException($"Encoding {encoding.WebName} does not write a line feed as one byte; logs in it cannot be read line by line.", nameof(encoding));
        }
        EnsureCodePages();
        var copy = (Encoding)encoding.Clone();
        copy.DecoderFallback = HexEscapeFallback.Instance;
        return copy;
    }

    /// <summary>Writes each undecodable byte as <c>\xNN</c>, as <see cref="Utf8Text"/> does for UTF-8.</summary>
    private sealed class HexEscapeFallback : DecoderFallback
    {
        public static readonly HexEscapeFallback Instance = new();

        public override int MaxCharCount => 16;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer();

        private sealed class Buffer : DecoderFallbackBuffer
        {
            private string _text = "";
            private int _next;

            public override int Remaining => _text.Length - _next;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                var sb = new StringBuilder(bytesUnknown.Length * 4);
                foreach (byte b in bytesUnknown) sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                _text = sb.ToString();
                _next = 0;
                return _text.Length > 0;
            }

            public override char GetNextChar() => _next < _text.Length ? _text[_next++] : '\0';

            public override bool MovePrevious()
            {
                if (_next == 0) return false;
                _next--;
                return true;
            }

            public override void Reset()
            {
                _text = "";
                _next = 0;
            }
        }
    }
}

using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Tests.Properties;

/// <summary>
/// What <see cref="LineReader"/> promises (its XML docs), written as plainly as possible to compare with: lines end at
/// a line feed; one trailing CR is dropped; a UTF-8 BOM is dropped from the first line; NULs are removed and counted;
/// a line longer than the limit keeps its first <c>limit</c> bytes, less up to three when the next byte is a UTF-8
/// continuation byte, and the rest of it is skipped; a last line without a line feed is flagged unterminated. When the
/// input's first bytes (4,096, or the limit + 1 when smaller) hold no line feed and a CR before their last byte, a CR
/// ends each line instead, and a line feed starting a line (the rest of a CRLF) is dropped.
/// </summary>
public static class LineModel
{
    /// <summary>The flags the model knows; a flag the reader learns later (a new kind of damage) is not a disagreement.</summary>
    public const LineFlags Modelled = LineFlags.Overlong | LineFlags.NulBytes | LineFlags.OnlyNul | LineFlags.Unterminated;

    /// <summary>The lines with only the flags the model knows.</summary>
    public static List<ReadLine> Masked(List<ReadLine> lines) => lines.ConvertAll(l => l with { Flags = l.Flags & Modelled });

    public static List<ReadLine> Lines(byte[] input, int limit)
    {
        var lines = new List<ReadLine>();
        int window = Math.Min(input.Length, Math.Min(LineReader.LineEndWindow, Math.Min(1 << 17, limit + 1)));
        var head = input.AsSpan(0, window);
        int firstCr = head.IndexOf((byte)'\r');
        byte eol = !head.Contains((byte)'\n') && firstCr >= 0 && firstCr < window - 1 ? (byte)'\r' : (byte)'\n';
        int start = 0;
        while (start < input.Length)
        {
            int nl = Array.IndexOf(input, eol, start);
            int end = nl < 0 ? input.Length : nl;
            var flags = LineFlags.None;
            int keep = end - start;
            if (keep > limit)
            {
                keep = limit;
                for (int back = 0; back < 3 && (input[start + keep] & 0xC0) == 0x80; back++) keep--;
                flags |= LineFlags.Overlong;
            }
            else if (nl < 0)
            {
                flags |= LineFlags.Unterminated;
            }

            var line = input.AsSpan(start, keep);
            if (!line.IsEmpty && line[^1] == (byte)'\r') line = line[..^1];
            if (eol == (byte)'\r' && !line.IsEmpty && line[0] == (byte)'\n') line = line[1..];
            if (lines.Count == 0 && line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) line = line[3..];
            var kept = new List<byte>(line.Length);
            int nuls = 0;
            foreach (byte b in line)
            {
                if (b == 0) nuls++;
                else kept.Add(b);
            }
            if (nuls > 0) flags |= kept.Count == 0 ? LineFlags.NulBytes | LineFlags.OnlyNul : LineFlags.NulBytes;
            lines.Add(new ReadLine(lines.Count + 1, kept.ToArray(), flags, nuls));
            if (nl < 0) break;
            start = nl + 1;
        }
        return lines;
    }
}

using System.Text;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Properties;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// <see cref="LineReader"/> over a byte stream, three ways: the input whole, the same bytes handed over in odd-sized
/// reads (the first input byte picks the sizes), and a simple model of what the reader promises (split at line feeds,
/// one trailing CR and a leading BOM dropped, NULs removed, lines over the limit cut before a UTF-8 continuation byte).
/// All three must agree line for line, flag for flag. The limit is the smallest the reader allows (256), so short
/// inputs reach the over-long path. Odd-length inputs are also read as shift_jis (no model: only whole = chunked).
/// </summary>
internal static class LineReaderTarget
{
    public const int MaxLineLength = 256;

    public static void Run(byte[] input)
    {
        int pattern = input.Length > 0 ? input[0] : 0;
        var whole = Read(new MemoryStream(input, writable: false), null);
        var chunked = Read(new ChunkedStream(input, pattern), null);
        Compare(whole, chunked, "whole stream", "chunked stream");
        Compare(LineModel.Lines(input, MaxLineLength), LineModel.Masked(whole), "the model", "LineReader");
        foreach (var line in whole)
        {
            FuzzCheck.That(line.Bytes.Length <= MaxLineLength, $"line {line.Number} is {line.Bytes.Length} bytes, over the {MaxLineLength}-byte limit");
        }

        if ((input.Length & 1) == 1)
        {
            var sjis = LogEncoding.Get("shift_jis");
            Compare(Read(new MemoryStream(input, writable: false), sjis), Read(new ChunkedStream(input, pattern), sjis), "whole shift_jis", "chunked shift_jis");
        }
    }

    /// <summary>Every line with its number and flags, copied out of the reader's buffer.</summary>
    public static List<ReadLine> Read(Stream stream, Encoding? encoding)
    {
        var lines = new List<ReadLine>();
        using var reader = new LineReader(stream, MaxLineLength, encoding);
        while (reader.TryReadLine(out var line))
        {
            lines.Add(new ReadLine(reader.LineNumber, line.ToArray(), reader.Flags, reader.NulBytesRemoved));
        }
        return lines;
    }

    private static void Compare(List<ReadLine> expected, List<ReadLine> actual, string expectedName, string actualName)
    {
        for (int i = 0; i < Math.Min(expected.Count, actual.Count); i++)
        {
            var e = expected[i];
            var a = actual[i];
            FuzzCheck.That(e.SameAs(a), $"line {i + 1}: {expectedName} gives {e}, {actualName} gives {a}");
        }
        FuzzCheck.That(expected.Count == actual.Count, $"{expectedName} gives {expected.Count} lines, {actualName} {actual.Count}");
    }
}

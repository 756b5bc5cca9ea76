using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// <see cref="CloudFrontRowScanner"/> as the entry reader uses it (every column) and as the bot engine's fast path uses
/// it (the columns it wants, the rest only counted), side by side over the same lines (<c>#Fields</c> lines change the
/// columns of both): they must agree on every line's outcome and checked values, and every column found must lie
/// inside the line.
/// </summary>
internal static class CloudFrontRowsTarget
{
    public static void Run(byte[] input)
    {
        var full = new CloudFrontRowScanner();
        var few = new CloudFrontRowScanner(f => f is CloudFrontField.ClientIp or CloudFrontField.UriStem or CloudFrontField.UserAgent);
        Span<FieldRange> fullRow = stackalloc FieldRange[CloudFrontRowScanner.FieldCount];
        Span<FieldRange> fewRow = stackalloc FieldRange[CloudFrontRowScanner.FieldCount];
        using var reader = new LineReader(new MemoryStream(input, writable: false), 1 << 16);
        while (reader.TryReadLine(out var line))
        {
            var a = full.Scan(line, fullRow, out var av);
            var b = few.Scan(line, fewRow, out var bv);
            FuzzCheck.That(a == b, $"line {reader.LineNumber}: every column gives {a}, the fast path's few give {b}");
            if (a != LineParseStatus.Parsed) continue;
            FuzzCheck.That(av == bv, $"line {reader.LineNumber}: values {av} against {bv}");
            foreach (var range in fullRow)
            {
                FuzzCheck.That(!range.IsPresent || (range.Start >= 0 && range.End <= line.Length), $"line {reader.LineNumber}: a column at {range.Start}+{range.Length} lies outside the line");
            }
            _ = CloudFrontRowScanner.TimeTaken(line, fullRow);
            foreach (var range in fullRow) _ = CloudFrontRowScanner.Value(line, range);
        }
    }
}

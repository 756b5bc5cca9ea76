using System.IO.Compression;
using CsCheck;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Properties;

/// <summary>
/// Laws of reading bytes into lines, over random inputs rich in the bytes that matter (line feeds, CRs, NULs, the BOM,
/// UTF-8 lead and continuation bytes, runs longer than the line limit). A failure prints the CsCheck seed that
/// reproduces it (pass it as <c>seed:</c> to <c>Sample</c>).
/// </summary>
public class LineReadingProperties
{
    private static readonly Gen<byte> LineByte = Gen.Frequency(
        (8, Gen.Byte[(byte)'a', (byte)'z']),
        (2, Gen.Const((byte)'\n')),
        (1, Gen.Const((byte)'\r')),
        (1, Gen.Const((byte)0)),
        (1, Gen.OneOf<byte>(0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0xE3, 0x81, 0x82, 0x80)),
        (1, Gen.Byte));

    /// <summary>Mostly short inputs, some with lines past a small limit.</summary>
    internal static readonly Gen<byte[]> Input = Gen.Frequency((3, LineByte.Array[0, 400]), (1, LineByte.Array[400, 4000]));

    [Fact]
    public void LinesDoNotDependOnHowTheBytesArrive()
    {
        Gen.Select(Input, Gen.Int[0, 1 << 16], Gen.Int[256, 1024]).Sample((bytes, pattern, limit) =>
        {
            var whole = Read(new MemoryStream(bytes, writable: false), limit);
            var chunked = Read(new ChunkedStream(bytes, pattern), limit);
            AssertSameLines(whole, chunked);
        }, iter: 400);
    }

    [Fact]
    public void LinesAreWhatTheReaderPromises()
    {
        Gen.Select(Input, Gen.Int[256, 1024]).Sample((bytes, limit) =>
        {
            AssertSameLines(LineModel.Lines(bytes, limit), LineModel.Masked(Read(new MemoryStream(bytes, writable: false), limit)));
        }, iter: 400);
    }

    [Fact]
    public void AGzipReadsAsItsDecompression()
    {
        // Any content, cut into one to four gzip members at random points (gzip a; gzip b; cat), read whole or in odd-sized
        // pieces from a pipe (no trailer check then) or a file: the lines are those of the plain bytes.
        var splits = Gen.Int[0, int.MaxValue].Array[0, 3];
        Gen.Select(Input, splits, Gen.Int[0, 1 << 16], Gen.Bool).Sample((bytes, cuts, pattern, seekable) =>
        {
            byte[] gz = Gzip(bytes, cuts);
            Stream file = seekable ? new MemoryStream(gz, writable: false) : new ChunkedStream(gz, pattern);
            var fromGzip = Read(new GzipContentStream(file, "x.gz"), LineReader.DefaultMaxLineLength);
            AssertSameLines(Read(new MemoryStream(bytes, writable: false), LineReader.DefaultMaxLineLength), fromGzip);
        }, iter: 300);
    }

    // The law's smallest cases, which random sampling reaches rarely: gzip < /dev/null, and an empty member between two.
    [Fact]
    public void AnEmptyGzipMemberReadsAsNothing()
    {
        Assert.Empty(Read(new GzipContentStream(new MemoryStream(EmptyMember, writable: false), "x.gz"), 256));
        byte[] gz = [.. Gzip("a\n"u8.ToArray(), []), .. EmptyMember, .. Gzip("b\n"u8.ToArray(), [])];
        var lines = Read(new GzipContentStream(new MemoryStream(gz, writable: false), "x.gz"), 256);
        AssertSameLines(Read(new MemoryStream("a\nb\n"u8.ToArray(), writable: false), 256), lines);
    }

    // The same law where the trailer check scans the file in 64 KiB windows: a later member's header placed at every
    // offset around the first window's end. Members are stored (no compression), so where each header lands is known.
    [Fact]
    public void AGzipReadsAsItsDecompressionWhereverAMemberStarts()
    {
        Gen.Select(Gen.Int[-24, 24], LineByte.Array[0, 300], Gen.Int[0, 1 << 16]).Sample((shift, tail, seed) =>
        {
            // Stored deflate grows byte for byte with its input: a few tries put the first member's end exactly there.
            int target = (1 << 16) + shift, firstLength = target;
            var random = new Random(seed);
            byte[] first = [];
            for (int attempt = 0; attempt < 4; attempt++)
            {
                first = new byte[firstLength];
                random.NextBytes(first);
                int size = Gzip(first, [], CompressionLevel.NoCompression).Length;
                if (size == target) break;
                firstLength += target - size;
            }
            byte[] content = [.. first, .. tail];
            byte[] gz = Gzip(content, [first.Length], CompressionLevel.NoCompression);
            var fromGzip = Read(new GzipContentStream(new MemoryStream(gz, writable: false), "x.gz"), LineReader.DefaultMaxLineLength);
            AssertSameLines(Read(new MemoryStream(content, writable: false), LineReader.DefaultMaxLineLength), fromGzip);
        }, iter: 100);
    }

    // Damage in the trailer (CRC or ISIZE) is found after the data it covers was decompressed: every complete line of that
    // data is delivered before the error (zcat prints them all too), whatever the member layout.
    [Fact]
    public void AGzipWithADamagedTrailerDeliversEveryLineBeforeTheError()
    {
        Gen.Select(Input, Gen.Int[0, int.MaxValue].Array[0, 2], Gen.Int[1, 8]).Sample((bytes, cuts, damaged) =>
        {
            byte[] gz = Gzip(bytes, cuts);
            gz[^damaged] ^= 0x5A; // the last member's CRC (bytes 8..5 from the end) or ISIZE (4..1)
            var lines = new List<ReadLine>();
            using (var reader = new LineReader(new GzipContentStream(new MemoryStream(gz, writable: false), "x.gz"), LineReader.DefaultMaxLineLength))
            {
                try
                {
                    while (reader.TryReadLine(out var line)) lines.Add(new ReadLine(reader.LineNumber, line.ToArray(), reader.Flags, reader.NulBytesRemoved));
                }
                catch (Exception e) when (LogFileOpener.IsReadFailure(e))
                {
                    // The error itself is right; what came before it is the point.
                }
            }
            var complete = Read(new MemoryStream(bytes, writable: false), LineReader.DefaultMaxLineLength)
                .Where(l => (l.Flags & LineFlags.Unterminated) == 0).ToList();
            AssertSameLines(complete, lines.Take(complete.Count).ToList());
        }, iter: 200);
    }

    /// <summary>The content as gzip members cut at the given points (taken modulo the length, sorted).</summary>
    internal static byte[] Gzip(byte[] content, int[] cuts, CompressionLevel? level = null)
    {
        var points = cuts.Select(c => c % (content.Length + 1)).Append(0).Append(content.Length).Distinct().Order().ToList();
        if (points.Count == 1) points.Add(0); // empty content is still one (empty) member
        var all = new MemoryStream();
        for (int i = 0; i + 1 < points.Count; i++)
        {
            if (points[i + 1] == points[i])
            {
                // GZipStream writes nothing at all for no data; gzip writes a member (gzip < /dev/null).
                all.Write(EmptyMember);
                continue;
            }
            using var gz = new GZipStream(all, level ?? ((i & 1) == 0 ? CompressionLevel.Optimal : CompressionLevel.Fastest), leaveOpen: true);
            gz.Write(content.AsSpan(points[i], points[i + 1] - points[i]));
        }
        return all.ToArray();
    }

    /// <summary>What <c>gzip -n &lt; /dev/null</c> writes: a header, an empty final block, CRC 0, ISIZE 0.</summary>
    internal static readonly byte[] EmptyMember = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0];

    private static List<ReadLine> Read(Stream stream, int limit)
    {
        var lines = new List<ReadLine>();
        using var reader = new LineReader(stream, limit);
        while (reader.TryReadLine(out var line)) lines.Add(new ReadLine(reader.LineNumber, line.ToArray(), reader.Flags, reader.NulBytesRemoved));
        return lines;
    }

    private static void AssertSameLines(List<ReadLine> expected, List<ReadLine> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.True(expected[i].SameAs(actual[i]), $"expected {expected[i]}, read {actual[i]}");
    }
}

using System.Text;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

public class LineReaderTests
{
    private static List<(string Text, LineFlags Flags, int Nul, long Number)> ReadAll(byte[] input, int max = LineReader.DefaultMaxLineLength,
        Encoding? encoding = null, Stream? stream = null)
    {
        var result = new List<(string, LineFlags, int, long)>();
        using var reader = new LineReader(stream ?? new MemoryStream(input), max, encoding);
        while (reader.TryReadLine(out var line))
        {
            result.Add((Utf8Text.Decode(line), reader.Flags, reader.NulBytesRemoved, reader.LineNumber));
        }
        return result;
    }

    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void CrlfAndLfLinesComeOutTheSame()
    {
        var lines = ReadAll(Bytes("Jul 19 21:10:03 a\r\nJul 19 21:10:04 b\nJul 19 21:10:05 c\r\n\r\nlast"));
        Assert.Equal(["Jul 19 21:10:03 a", "Jul 19 21:10:04 b", "Jul 19 21:10:05 c", "", "last"], lines.Select(l => l.Text));
        Assert.Equal([1L, 2, 3, 4, 5], lines.Select(l => l.Number));
        Assert.Equal(LineFlags.Unterminated, lines[^1].Flags);
        Assert.All(lines.Take(4), l => Assert.Equal(LineFlags.None, l.Flags));
    }

    [Fact]
    public void EmptyInputHasNoLines() => Assert.Empty(ReadAll([]));

    [Fact]
    public void Utf8ByteOrderMarkIsDropped()
    {
        var lines = ReadAll([0xEF, 0xBB, 0xBF, .. Bytes("first\nsecond\n")]);
        Assert.Equal(["first", "second"], lines.Select(l => l.Text));
    }

    [Fact]
    public void NulRunsAreRemovedAndCounted()
    {
        // rsyslog after an unclean shutdown: a block of NULs, then logging resumes on the same "line".
        byte[] input = [.. Bytes("Jul 19 21:10:03 before\n"), .. new byte[700], .. Bytes("Jul 19 21:15:00 after\n"), .. new byte[33], .. Bytes("\nJul 19 21:16:00 x\0y\n")];
        var lines = ReadAll(input);
        Assert.Equal(4, lines.Count);
        Assert.Equal(("Jul 19 21:10:03 before", LineFlags.None, 0), (lines[0].Text, lines[0].Flags, lines[0].Nul));
        Assert.Equal(("Jul 19 21:15:00 after", LineFlags.NulBytes, 700), (lines[1].Text, lines[1].Flags, lines[1].Nul));
        Assert.Equal(("", LineFlags.NulBytes | LineFlags.OnlyNul, 33), (lines[2].Text, lines[2].Flags, lines[2].Nul));
        Assert.Equal(("Jul 19 21:16:00 xy", LineFlags.NulBytes, 1), (lines[3].Text, lines[3].Flags, lines[3].Nul));
    }

    [Fact]
    public void NulTailAtEndOfFileIsOneDamagedLine()
    {
        var lines = ReadAll([.. Bytes("a\nb\n"), .. new byte[5000]]);
        Assert.Equal(3, lines.Count);
        Assert.Equal(LineFlags.NulBytes | LineFlags.OnlyNul | LineFlags.Unterminated, lines[2].Flags);
        Assert.Equal(5000, lines[2].Nul);
    }

    [Fact]
    public void InvalidUtf8StaysVisibleAsHex()
    {
        var lines = ReadAll([.. Bytes("GET /caf"), 0xE9, .. Bytes(" ok\n"), 0xFF, 0xFE, .. Bytes("x\n")]);
        Assert.Equal("GET /caf\\xe9 ok", lines[0].Text);
        Assert.Equal("\\xff\\xfex", lines[1].Text);
    }

    [Theory]
    [InlineData("shift_jis")]
    [InlineData("euc-jp")]
    public void LegacyJapaneseIsTranscodedToUtf8(string name)
    {
        var encoding = LogEncoding.Get(name);
        string text = "Jul 19 21:10:03 ログイン成功 ユーザー=管理者\r\nJul 19 21:10:04 再起動しました\n";
        var lines = ReadAll(encoding.GetBytes(text), encoding: encoding);
        Assert.Equal(["Jul 19 21:10:03 ログイン成功 ユーザー=管理者", "Jul 19 21:10:04 再起動しました"], lines.Select(l => l.Text));
    }

    [Fact]
    public void UndecodableLegacyBytesStayVisible()
    {
        var sjis = LogEncoding.Get("shift_jis");
        // 0x81 is a lead byte; 0x7F can never trail it. The byte must stay visible, not turn into U+FFFD.
        byte[] input = [.. sjis.GetBytes("ログ "), 0x81, 0x7F, .. Bytes(" end\n")];
        var lines = ReadAll(input, encoding: sjis);
        Assert.StartsWith("ログ \\x81", lines[0].Text);
        Assert.EndsWith(" end", lines[0].Text);
        Assert.DoesNotContain('\uFFFD', lines[0].Text);
    }

    [Fact]
    public void Utf16IsRefused() =>
        Assert.Throws<ArgumentException>(() => new LineReader(new MemoryStream(), encoding: Encoding.Unicode));

    [Theory]
    [InlineData(3 * 1024 * 1024, LineReader.DefaultMaxLineLength)]
    [InlineData(70_000, 4096)]
    [InlineData(5000, 4096)]
    public void OverlongLineIsCutAndTheNextLinesReadNormally(int longLength, int max)
    {
        var sb = new StringBuilder();
        sb.Append("Jul 19 21:10:03 first\n");
        sb.Append("Jul 19 21:10:04 ").Append('x', longLength).Append('\n');
        sb.Append("Jul 19 21:10:05 after\r\n");
        sb.Append("Jul 19 21:10:06 last\n");
        var lines = ReadAll(Bytes(sb.ToString()), max);
        Assert.Equal(4, lines.Count);
        Assert.Equal(LineFlags.Overlong, lines[1].Flags);
        Assert.Equal(max, lines[1].Text.Length);
        Assert.StartsWith("Jul 19 21:10:04 xxx", lines[1].Text);
        Assert.Equal(("Jul 19 21:10:05 after", 3L), (lines[2].Text, lines[2].Number));
        Assert.Equal(("Jul 19 21:10:06 last", 4L), (lines[3].Text, lines[3].Number));
    }

    [Fact]
    public void MultiMegabyteLineDoesNotGrowTheBufferPastTheLimit()
    {
        // A line of 8 MB with a 64 KiB limit: the reader must not hold it (memory stays near the limit).
        var input = new byte[8 << 20];
        input.AsSpan().Fill((byte)'a');
        input[^1] = (byte)'\n';
        var stream = new MemoryStream([.. input, .. Bytes("next\n")]);
        using var reader = new LineReader(stream, 1 << 16);
        Assert.True(reader.TryReadLine(out var first));
        Assert.Equal(1 << 16, first.Length);
        Assert.True(reader.TryReadLine(out var second));
        Assert.Equal("next", Encoding.ASCII.GetString(second));
        Assert.False(reader.TryReadLine(out _));
        // The buffer comes from the shared pool, which rounds up to a power of two: in use at most the limit + 1.
        var flags = System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        int capacity = (int)typeof(LineReader).GetField("_capacity", flags)!.GetValue(reader)!;
        var buffer = (byte[])typeof(LineReader).GetField("_buffer", flags)!.GetValue(reader)!;
        Assert.True(capacity <= (1 << 16) + 1, $"buffer grew to {capacity}");
        Assert.True(buffer.Length <= 2 << 16, $"pooled array of {buffer.Length}");
    }

    [Fact]
    public void CutLineEndsOnACharacterBoundary()
    {
        // 'あ' is 3 bytes: a cut at 256 bytes would split one; the reader backs up to the boundary.
        string line = "x" + new string('あ', 200);
        var lines = ReadAll(Bytes(line + "\n"), 256);
        Assert.Equal(LineFlags.Overlong, lines[0].Flags);
        Assert.DoesNotContain("\\x", lines[0].Text);
        Assert.Equal("x" + new string('あ', 85), lines[0].Text);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(42)]
    [InlineData(2022)]
    public void ChunkedReadsGiveTheSameLines(int seed)
    {
        // Streams hand back arbitrary chunk sizes (gzip, pipes): lines must not depend on them.
        var rng = new Random(seed);
        var expected = new List<string>();
        var sb = new StringBuilder();
        int count = rng.Next(200, 2000);
        for (int i = 0; i < count; i++)
        {
            string text = $"{i} " + new string((char)('a' + rng.Next(26)), rng.Next(0, 300));
            expected.Add(text);
            sb.Append(text).Append(rng.Next(3) == 0 ? "\r\n" : "\n");
        }
        byte[] input = Bytes(sb.ToString());
        var lines = ReadAll(input, stream: new ChunkyStream(input, new Random(seed + 1)));
        Assert.Equal(expected, lines.Select(l => l.Text));
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), lines.Select(l => l.Number));
    }

    [Fact]
    public void BytesReadCountsEverything()
    {
        byte[] input = Bytes("one\ntwo\nthree");
        using var reader = new LineReader(new MemoryStream(input));
        while (reader.TryReadLine(out _)) { }
        Assert.Equal(input.Length, reader.BytesRead);
        Assert.Equal(3, reader.LineNumber);
    }

    [Fact]
    public void ReadLimitStopsEarly()
    {
        byte[] input = Bytes(string.Concat(Enumerable.Range(0, 10_000).Select(i => $"line {i}\n")));
        using var reader = new LineReader(new MemoryStream(input)) { ReadLimit = 1000 };
        int n = 0;
        while (reader.TryReadLine(out _)) n++;
        Assert.True(reader.BytesRead <= 1000);
        Assert.InRange(n, 100, 200);
    }

    [Fact]
    public void ReadingLinesAllocatesNothingPerLine()
    {
        // The engine must reach millions of lines a second: no allocation per line, only the buffer.
        byte[] input = Bytes(string.Concat(Enumerable.Range(0, 100_000).Select(i =>
            $"130.176.1.{i % 250} - - [19/Jul/2022:21:10:{i % 60:00} +0900] \"GET /p/{i} HTTP/1.1\" 200 {i} \"-\" \"Mozilla/5.0\"\r\n")));
        using var reader = new LineReader(new MemoryStream(input));
        reader.TryReadLine(out _); // warm up
        long before = GC.GetAllocatedBytesForCurrentThread();
        long total = 0;
        while (reader.TryReadLine(out var line)) total += line.Length;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(99_999, reader.LineNumber - 1);
        Assert.True(total > 0);
        Assert.True(allocated < 16_384, $"allocated {allocated} bytes for 100k lines");
    }

    /// <summary>Returns reads of random small sizes.</summary>
    private sealed class ChunkyStream(byte[] data, Random rng) : Stream
    {
        private int _pos;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => data.Length;
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, rng.Next(1, 500)), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

using System.IO.Compression;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Every byte a damaged gzip yields is delivered, as lines, before the damage is reported, and the error names the
/// last line read and the cause (issue 12, item 4: a bad CRC or ISIZE lost up to 128 KiB of good lines, 3,161 of
/// 4,000, and was called "unsupported compression method"; zcat prints them all). Fixtures: generated lines,
/// gzipped here, then damaged at a chosen byte.
/// </summary>
public class GzipDamageTests
{
    private static string Lines(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(i => $"2022-07-19T21:{i / 60 % 60:00}:{i % 60:00}+09:00 line {i} {Guid.NewGuid():N}\n"));

    private static (List<string> Lines, Exception? Error) ReadLines(string path)
    {
        var lines = new List<string>();
        using var opened = LogFileOpener.Open(path);
        using var reader = new LineReader(opened.Content, leaveOpen: true);
        try
        {
            while (reader.TryReadLine(out var line)) lines.Add(Encoding.UTF8.GetString(line));
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            return (lines, e);
        }
        return (lines, null);
    }

    private static (List<Model.LogEntry> Entries, CollectingDiagnostics Diagnostics, FileReadReport Report) ReadEntries(string path)
    {
        var diagnostics = new CollectingDiagnostics();
        var reader = new LogReader(TestFormats.All);
        var entries = reader.Read([path], new LogReadOptions(), diagnostics).ToList();
        return (entries, diagnostics, Assert.Single(reader.Reports));
    }

    [Theory]
    [InlineData(4_000, 8)]      // the CRC's first byte (8 bytes from the end)
    [InlineData(100_000, 5)]    // the CRC's last byte
    public void BadChecksumDeliversEveryLineThenNamesTheLastLineAndTheCause(int count, int fromEnd)
    {
        using var b = new TempBundle();
        string text = Lines(count);
        byte[] gz = TempBundle.Gzip(text);
        gz[^fromEnd] ^= 0x01;
        string path = b.WriteBytes("messages-20220710.gz", gz);

        var (lines, error) = ReadLines(path);
        Assert.Equal(text.TrimEnd('\n').Split('\n'), lines);
        Assert.Equal(ErrorIds.CorruptGzip, LogFileOpener.ErrorIdFor(error!, path));
        Assert.Contains("CRC-32", error!.Message);

        var (entries, diagnostics, report) = ReadEntries(path);
        Assert.Equal(count, entries.Count);
        var e = Assert.Single(diagnostics.Errors);
        Assert.Equal(ErrorIds.CorruptGzip, e.ErrorId);
        Assert.Contains($"after line {count:N0}", e.Message);
        Assert.Contains("fails its CRC-32 check", e.Message);
        Assert.DoesNotContain("unsupported compression method", e.Message);
        Assert.Equal(count, report.Lines);
    }

    [Fact]
    public void WrongLengthDeliversEveryLineThenSaysSo()
    {
        using var b = new TempBundle();
        string text = Lines(4_000);
        byte[] gz = TempBundle.Gzip(text);
        gz[^3] ^= 0x10; // ISIZE, not the CRC
        string path = b.WriteBytes("x.gz", gz);
        var (entries, diagnostics, _) = ReadEntries(path);
        Assert.Equal(4_000, entries.Count);
        var e = Assert.Single(diagnostics.Errors);
        Assert.Equal(ErrorIds.CorruptGzip, e.ErrorId);
        Assert.Contains("wrong length in its trailer", e.Message);
    }

    [Fact]
    public void BadChecksumInTheFirstMemberStopsThereAfterItsLastLine()
    {
        // gzip stops at the first bad member; so do we, after every line of it.
        using var b = new TempBundle();
        string one = Lines(3_000), two = Lines(500);
        byte[] first = TempBundle.Gzip(one);
        first[^6] ^= 0x80;
        string path = b.WriteBytes("x.gz", [.. first, .. TempBundle.Gzip(two)]);
        var (lines, error) = ReadLines(path);
        Assert.Equal(one.TrimEnd('\n').Split('\n'), lines);
        Assert.Contains("member 1 fails its CRC-32 check", error!.Message);
    }

    /// <summary>A copy of <paramref name="gz"/> damaged inside its deflate data where zlib stops with an error (found by trying bytes from 40% on).</summary>
    private static byte[] DamagedInData(byte[] gz, out int at)
    {
        for (at = gz.Length * 2 / 5; at < gz.Length - 20; at++)
        {
            byte[] bad = (byte[])gz.Clone();
            bad[at] ^= 0xFF;
            bad[at + 1] ^= 0x5A;
            try
            {
                using var d = new DeflateStream(new MemoryStream(bad, 10, bad.Length - 10), CompressionMode.Decompress);
                d.CopyTo(Stream.Null);
            }
            catch (InvalidDataException)
            {
                return bad;
            }
        }
        throw new InvalidOperationException("no damage that zlib refuses was found");
    }

    /// <summary>What zlib yields from a member's deflate data before it stops: decompressed one byte a read, so nothing is lost.</summary>
    private static byte[] WhatZlibYields(byte[] gz)
    {
        var kept = new MemoryStream();
        using var d = new DeflateStream(new MemoryStream(gz, 10, gz.Length - 10), CompressionMode.Decompress);
        var one = new byte[1];
        try
        {
            while (d.Read(one) == 1) kept.WriteByte(one[0]);
        }
        catch (InvalidDataException)
        {
        }
        return kept.ToArray();
    }

    [Theory]
    [InlineData(4_000)]
    [InlineData(20_000)]
    public void DamagedDeflateDataDeliversEverythingBeforeTheDamage(int count)
    {
        using var b = new TempBundle();
        string text = Lines(count);
        byte[] bad = DamagedInData(TempBundle.Gzip(text), out int at);
        string path = b.WriteBytes("x.gz", bad);
        byte[] yielded = WhatZlibYields(bad);
        Assert.True(yielded.Length > 1000, "the damage is too early to tell anything");

        using (var opened = LogFileOpener.Open(path))
        {
            var all = new MemoryStream();
            var error = Record.Exception(() => opened.Content.CopyTo(all, 1 << 17));
            Assert.Equal(yielded, all.ToArray());
            Assert.IsType<CorruptGzipException>(error);
            Assert.Contains("is damaged near byte", error.Message);
        }

        // As lines: one per line feed zlib yielded, plus the partial line before the damage; those wholly before the
        // first wrong byte are the file's own (after it, zlib copies from wrong places until it stops).
        var (lines, lineError) = ReadLines(path);
        byte[] original = Encoding.UTF8.GetBytes(text);
        int same = yielded.AsSpan().CommonPrefixLength(original);
        int whole = yielded.AsSpan(0, same).Count((byte)'\n');
        int expectedLines = yielded.AsSpan().Count((byte)'\n') + (yielded[^1] == (byte)'\n' ? 0 : 1);
        Assert.Equal(expectedLines, lines.Count);
        Assert.Equal(text.Split('\n')[..whole], lines.Take(whole));
        Assert.IsType<CorruptGzipException>(lineError);
        var (_, diagnostics, report) = ReadEntries(path);
        var e = Assert.Single(diagnostics.Errors);
        Assert.Equal(ErrorIds.CorruptGzip, e.ErrorId);
        Assert.Equal(expectedLines, report.Lines);
        Assert.Contains(yielded[^1] == (byte)'\n' ? $"after line {expectedLines:N0}" : $"inside line {expectedLines:N0}", e.Message);
    }

    [Fact]
    public void PartialLineBeforeAFailureIsDeliveredFirst()
    {
        var reader = new LineReader(new FailingStream("one\ntwo, cut"u8.ToArray()));
        Assert.True(reader.TryReadLine(out var line));
        Assert.Equal("one", Encoding.UTF8.GetString(line));
        Assert.True(reader.TryReadLine(out line));
        Assert.Equal("two, cut", Encoding.UTF8.GetString(line));
        Assert.Equal(LineFlags.Unterminated | LineFlags.BeforeFailure, reader.Flags);
        Assert.Throws<InvalidDataException>(() => reader.TryReadLine(out _));
        Assert.False(reader.TryReadLine(out _));
    }

    /// <summary>Gives its bytes, then fails as damaged compressed data does.</summary>
    private sealed class FailingStream(byte[] bytes) : Stream
    {
        private bool _given;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_given) throw new InvalidDataException("damaged");
            _given = true;
            bytes.CopyTo(buffer, offset);
            return bytes.Length;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

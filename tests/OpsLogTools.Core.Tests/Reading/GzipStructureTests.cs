using System.IO.Compression;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Gzip files read by their structure (issue 12, item 4): a valid multi-member file is valid wherever its members
/// start (the old scan for header bytes missed a member header just before a 64 KiB boundary and called the file
/// truncated), header fields are honoured, padding and trailing garbage are told apart, and reading a gzip gives
/// exactly its decompression. Fixtures are built byte by byte in <see cref="GzipMembers"/>.
/// </summary>
public class GzipStructureTests
{
    /// <summary>The whole decompressed content through the engine's opener, and the failure that ended it.</summary>
    private static (byte[] Content, Exception? Error) Decompress(string path)
    {
        using var opened = LogFileOpener.Open(path);
        Assert.True(opened.IsGzip);
        var all = new MemoryStream();
        var buffer = new byte[1 << 17];
        try
        {
            int n;
            while ((n = opened.Content.Read(buffer)) > 0) all.Write(buffer, 0, n);
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            return (all.ToArray(), e);
        }
        return (all.ToArray(), null);
    }

    public static TheoryData<int> AroundScanBoundaries()
    {
        // Offsets of the second member's header: every offset from 24 bytes before 64 KiB to 8 after, and around the
        // second window edge of the old scan (64 KiB windows overlapping by 25 bytes, a header looked for only when its
        // three magic bytes lay inside one window: 65,517, 65,518, 131,028 and 131,029 were missed, the file "truncated").
        var data = new TheoryData<int>();
        for (int at = (1 << 16) - 24; at <= (1 << 16) + 8; at++) data.Add(at);
        for (int at = 131_020; at <= 131_036; at++) data.Add(at);
        data.Add(1 << 17);
        return data;
    }

    [Theory]
    [MemberData(nameof(AroundScanBoundaries))]
    public void SecondMemberAnywhereAroundA64KiBBoundaryIsValid(int secondMemberAt)
    {
        // Member 1 is sized so that member 2's header starts exactly at the offset given.
        int dataLength = secondMemberAt - GzipMembers.StoredLength(0) - 5 * ((secondMemberAt + 65534) / 65535 - 1);
        while (GzipMembers.StoredLength(dataLength) > secondMemberAt) dataLength--;
        while (GzipMembers.StoredLength(dataLength) < secondMemberAt) dataLength++;
        Assert.Equal(secondMemberAt, GzipMembers.StoredLength(dataLength));
        byte[] first = GzipMembers.Lines(dataLength, 1), second = GzipMembers.Lines(3000, 2);
        using var b = new TempBundle();
        string path = b.WriteBytes("messages-20220717.gz", [.. GzipMembers.Stored(first), .. GzipMembers.Deflated(second)]);

        var (content, error) = Decompress(path);

        Assert.Null(error);
        Assert.Equal([.. first, .. second], content);
    }

    [Theory]
    [MemberData(nameof(AroundScanBoundaries))]
    public void ValidMultiMemberFileGivesNoTruncationFinding(int secondMemberAt)
    {
        // The same file through the whole reader: no TruncatedGzip error and no damage in the report.
        int dataLength = 1;
        while (GzipMembers.StoredLength(dataLength) < secondMemberAt) dataLength++;
        Assert.Equal(secondMemberAt, GzipMembers.StoredLength(dataLength));
        using var b = new TempBundle();
        string path = b.WriteBytes("messages-20220717.gz", [.. GzipMembers.Stored(GzipMembers.Lines(dataLength, 1)), .. GzipMembers.Deflated(GzipMembers.Lines(5000, 2))]);
        var diagnostics = new CollectingDiagnostics();
        var reader = new LogReader(TestFormats.All);

        _ = reader.Read([path], new LogReadOptions(), diagnostics).ToList();

        Assert.Empty(diagnostics.Errors);
        var report = Assert.Single(reader.Reports);
        Assert.Null(report.ErrorId);
        Assert.DoesNotContain(report.Damage, d => d.Kind is Model.DamageKind.TruncatedGzip or Model.DamageKind.CorruptGzip);
    }

    [Fact]
    public void HeaderFieldsAreSkippedAsRfc1952Says()
    {
        byte[] one = GzipMembers.Lines(5000, 1), two = GzipMembers.Lines(7000, 2);
        byte[] file = [
            .. GzipMembers.Stored(one, flags: 0x1E, extra: new byte[300], name: "messages-20220717", comment: "rotated by logrotate"),
            .. GzipMembers.Stored(two, flags: 0x08, name: new string('n', 70_000)), // a name longer than the input buffer
        ];
        using var b = new TempBundle();
        var (content, error) = Decompress(b.WriteBytes("x.gz", file));
        Assert.Null(error);
        Assert.Equal([.. one, .. two], content);
    }

    [Fact]
    public void EmptyMembersAndZeroPaddingAreValid()
    {
        byte[] text = GzipMembers.Lines(2000, 1);
        using var b = new TempBundle();
        string path = b.WriteBytes("x.gz", [.. GzipMembers.Deflated([]), .. GzipMembers.Deflated(text), .. GzipMembers.Stored([]), .. new byte[20_000]]);
        var (content, error) = Decompress(path);
        Assert.Null(error);
        Assert.Equal(text, content);
    }

    [Fact]
    public void TrailingGarbageIsCorruptAfterEveryByte()
    {
        byte[] text = GzipMembers.Lines(4000, 1);
        using var b = new TempBundle();
        string path = b.WriteBytes("x.gz", [.. GzipMembers.Deflated(text), .. "not gzip at all\n"u8.ToArray()]);
        var (content, error) = Decompress(path);
        Assert.Equal(text, content);
        Assert.Equal(ErrorIds.CorruptGzip, LogFileOpener.ErrorIdFor(error!, path));
        Assert.Contains("neither a gzip member nor zero padding", error!.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void ReadingAGzipGivesExactlyItsDecompression(int seed)
    {
        // Law: whatever the split into members and the compression of each, the content read is the concatenation.
        var rng = new Random(seed);
        var parts = new List<byte[]>();
        var file = new MemoryStream();
        int members = rng.Next(1, 6);
        for (int m = 0; m < members; m++)
        {
            byte[] part = GzipMembers.Lines(rng.Next(1, 300_000), m);
            parts.Add(part);
            var level = (CompressionLevel)rng.Next(0, 3);
            file.Write(rng.Next(4) == 0 ? GzipMembers.Stored(part) : GzipMembers.Deflated(part, level));
        }
        using var b = new TempBundle();
        var (content, error) = Decompress(b.WriteBytes("x.gz", file.ToArray()));
        Assert.Null(error);
        Assert.Equal(parts.SelectMany(p => p).ToArray(), content);
    }

    [Fact]
    public void Crc32MatchesTheBitwiseDefinitionAtEveryLengthAndSplit()
    {
        var rng = new Random(7);
        var data = new byte[5000];
        rng.NextBytes(data);
        for (int length = 0; length < 400; length++)
        {
            var span = data.AsSpan(rng.Next(0, 16), length);
            uint expected = GzipMembers.Crc(span);
            Assert.Equal(expected, Crc32.Append(0, span));
            Assert.Equal(expected, Crc32.AppendScalar(0, span));
            int cut = rng.Next(0, length + 1);
            Assert.Equal(expected, Crc32.Append(Crc32.Append(0, span[..cut]), span[cut..]));
        }
        Assert.Equal(GzipMembers.Crc(data), Crc32.Append(0, data));
        Assert.Equal(0xCBF43926u, Crc32.Append(0, "123456789"u8)); // the check value of CRC-32/ISO-HDLC
    }
}

using System.IO.Compression;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Journal;
using OpsLogTools.Core.Reading.Records;
using Xunit;
using Variant = OpsLogTools.Core.Tests.Reading.Journal.SystemdJournalTools.Variant;

namespace OpsLogTools.Core.Tests.Reading.Journal;

/// <summary>
/// Gzipped journals (<c>*.journal.gz</c>, <c>*.journal~.gz</c>): read through a temporary copy of their content,
/// entry for entry as the plain file; the input is left as it was, the copy is gone afterwards, a gzip cut short keeps
/// the entries before the cut, and a content over the cap is refused. Files written by systemd-journal-remote from the
/// project's export generator, gzipped here.
/// </summary>
public sealed class JournalGzipTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("opslogtools-journal-gz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SystemdJournalTheory]
    [InlineData(Variant.Default, 51, "system@0001.journal~.gz")]
    [InlineData(Variant.Plain, 52, "user-1000.journal.gz")]
    public void AGzippedJournalReadsAsThePlainFile(Variant variant, int seed, string name)
    {
        string journal = Make(variant, seed);
        var plain = JournalOracleTests.ReadNative(journal, new List<RecordDamage>());
        string gz = Gzip(journal, Path.Combine(_dir, "bundle", name));
        File.Delete(journal);
        var before = File.ReadAllBytes(gz);
        var mtime = File.GetLastWriteTimeUtc(gz);
        int spoolsBefore = Spools();

        var reader = new LogReader(FormatRegistry.All);
        var diagnostics = new CollectingDiagnostics();
        var entries = reader.Read([Path.Combine(_dir, "bundle")], new LogReadOptions { TimeZone = TimeZoneInfo.Utc, LocalZone = TimeZoneInfo.Utc }, diagnostics)
            .Cast<JournalEntry>().ToList();
        Assert.Empty(diagnostics.Warnings);
        Assert.Empty(diagnostics.Errors);
        Assert.Equal(LogFormat.Journal, reader.Files.Single().Format.Format);
        Assert.Equal(plain.Select(r => (r.SequenceNumber, r.Offset)), entries.Select(e => (e.SequenceNumber, e.Offset ?? -1)));
        Assert.All(entries, e => Assert.Equal(gz, e.Path));
        // The input is as it was; the temporary copy is gone.
        Assert.Equal(before, File.ReadAllBytes(gz));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(gz));
        Assert.True(Spools() <= spoolsBefore);
    }

    [SystemdJournalFact]
    public void AGzipCutShortKeepsTheEntriesBeforeTheCut()
    {
        string journal = Make(Variant.Plain, 53);
        var plain = JournalOracleTests.ReadNative(journal, new List<RecordDamage>());
        // Stored (uncompressed) deflate blocks: a cut at byte n of the gzip is a cut near byte n of the journal, here
        // half way through the objects after the hash tables.
        string gz = Gzip(journal, Path.Combine(_dir, "cut.journal~.gz"), CompressionLevel.NoCompression);
        var objects = JournalObjectWalker.Objects(File.ReadAllBytes(journal)).ToList();
        long start = objects.First(o => o.Type is 1 or 3 or 6).Offset;
        long end = objects[^1].Offset + objects[^1].Size;
        var bytes = File.ReadAllBytes(gz);
        File.WriteAllBytes(gz, bytes[..(int)(start + (end - start) / 2)]);

        var damage = new List<RecordDamage>();
        var read = ReadGzip(gz, damage);
        Assert.Contains(damage, d => !d.Fatal && d.Offset == 0 && d.Message.StartsWith(gz + ": the gzip is cut short or damaged after", StringComparison.Ordinal));
        Assert.NotEmpty(read);
        Assert.True(read.Count < plain.Count);
        Assert.Equal(plain.Take(read.Count).Select(r => r.SequenceNumber), read.Select(r => r.SequenceNumber));
    }

    [SystemdJournalFact]
    public void AContentOverTheCapIsRefused()
    {
        string journal = Make(Variant.Plain, 54);
        string gz = Gzip(journal, Path.Combine(_dir, "big.journal.gz"));
        var damage = new List<RecordDamage>();
        using var stream = new GZipStream(File.OpenRead(gz), CompressionMode.Decompress);
        using var reader = new JournalFileReader(stream, new RecordSourceContext(gz, damage.Add), maxSpool: 1 << 20);
        Assert.False(reader.TryRead(out _));
        var d = Assert.Single(damage);
        Assert.True(d.Fatal);
        Assert.Contains("decompresses to more than 1,048,576 bytes", d.Message, StringComparison.Ordinal);
    }

    private static List<JournalRecord> ReadGzip(string gz, List<RecordDamage> damage)
    {
        // Opened as the bundle reader opens it: LogFileOpener's gzip stream, which says where a cut gzip ends.
        using var opened = LogFileOpener.Open(gz);
        Assert.False(opened.Content.CanSeek);
        using var reader = new JournalFileReader(opened.Content, new RecordSourceContext(gz, damage.Add));
        var records = new List<JournalRecord>();
        while (reader.TryRead(out var record)) records.Add((JournalRecord)record!);
        return records;
    }

    private static int Spools() => Directory.EnumerateFiles(Path.GetTempPath(), "opslogtools-journal-*.tmp").Count();

    private string Make(Variant variant, int seed)
    {
        var generator = new JournalExportGenerator { Seed = seed, Boots = 2, EntriesPerBoot = 80 };
        string export = Path.Combine(_dir, $"in-{seed}.export");
        File.WriteAllBytes(export, generator.Generate());
        string journal = Path.Combine(_dir, $"j-{seed}.journal");
        SystemdJournalTools.Write(export, journal, variant);
        File.Delete(export);
        return journal;
    }

    private static string Gzip(string from, string to, CompressionLevel level = CompressionLevel.Fastest)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        using (var input = File.OpenRead(from))
        using (var output = new GZipStream(File.Create(to), level))
        {
            input.CopyTo(output);
        }
        return to;
    }
}

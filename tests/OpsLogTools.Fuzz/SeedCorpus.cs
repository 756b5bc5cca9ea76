using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Sample;
using OpsLogTools.Fuzz.Seeds;

namespace OpsLogTools.Fuzz;

/// <summary>
/// The samples every target picks its seeds from, made at run time (nothing big is committed): the hand-written
/// seeds (<see cref="HandWrittenSeeds"/>), excerpts of a bundle written by the project's own generator
/// (<see cref="IncidentGenerator"/>), and excerpts of the real logs in <c>../shared/realdata</c> when that folder is
/// there. Generated and real files are sorted to targets by the engine's own format detection, not by name.
/// Excerpts are short (a few kB, cut at a line end): afl-fuzz mutates small inputs far better than large ones.
/// </summary>
internal sealed class SeedCorpus
{
    /// <summary>Largest excerpt of a file; afl-fuzz wants seeds well under its 1 MB input limit.</summary>
    public const int MaxSeedBytes = 4 * 1024;

    /// <summary>Seeds per target: enough variety, few enough that calibration stays short.</summary>
    public const int MaxSeedsPerTarget = 16;

    // Per format, one list per source (hand-written, generated, real), so a capped pick takes some of each.
    private readonly Dictionary<LogFormat, List<Seed>[]> _byFormat = new();
    private readonly List<Seed> _otherText = new();
    private readonly List<Seed> _gzip = new();
    private readonly List<Seed> _crontabs = new();
    private readonly List<(string RelativePath, Seed Seed)> _realFiles = new();

    private SeedCorpus()
    {
    }

    /// <summary>Builds the corpus; <paramref name="scratch"/> receives the generated bundle.</summary>
    public static SeedCorpus Build(string scratch, string? realData, TextWriter log)
    {
        var corpus = new SeedCorpus();
        foreach (var (format, lines) in HandWrittenSeeds.Logs)
        {
            corpus.AddFormat(format, 0, new Seed($"hand-{format}", Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n")));
        }
        for (int i = 0; i < HandWrittenSeeds.Crontabs.Count; i++)
        {
            corpus._crontabs.Add(new Seed($"hand-crontab-{i}", Encoding.UTF8.GetBytes(HandWrittenSeeds.Crontabs[i] + "\n")));
        }

        string generated = Path.Combine(scratch, "generated");
        if (Directory.Exists(generated)) Directory.Delete(generated, recursive: true);
        IncidentGenerator.Write(generated, IncidentScenario.Default with { DaysBefore = 1, RotatedFiles = 1, HistoryHours = 2 });
        corpus.AddBundle(generated, "gen", 1, log);

        if (realData is not null && Directory.Exists(realData)) corpus.AddBundle(realData, "real", 2, log);
        else log.WriteLine("fuzz seeds: no realdata folder; generated and hand-written seeds only");

        corpus.AddMadeGzip();
        corpus.AddMadeJournals(scratch, log);
        return corpus;
    }

    /// <summary>Excerpts of the files detected as any of <paramref name="formats"/>.</summary>
    public IEnumerable<Seed> ForFormats(params LogFormat[] formats) =>
        Pick(Interleave(formats.SelectMany(f => _byFormat.TryGetValue(f, out var lists) ? lists : [])));

    /// <summary>Every text excerpt, of any format or of none (for the line reader and detection).</summary>
    public IEnumerable<Seed> AllText() =>
        Pick(Interleave((IEnumerable<Seed>[])[.. Enumerable.Range(0, 3).Select(BySource), _otherText, _crontabs]));

    private IEnumerable<Seed> BySource(int source) => Interleave(_byFormat.OrderBy(kv => kv.Key).Select(kv => kv.Value[source]));

    /// <summary>gzip files: made from excerpts (one and several members, padded, cut, damaged) and real ones.</summary>
    public IEnumerable<Seed> Gzip() => Pick(_gzip);

    /// <summary>Bundles for <see cref="Targets.BundleTarget"/>: a dated web log, a yearless log and a package log side by side.</summary>
    public IEnumerable<Seed> Bundles() => Pick(BundleSets());

    private IEnumerable<Seed> BundleSets()
    {
        LogFormat[][] sets =
        [
            [LogFormat.ApacheCombined, LogFormat.Syslog, LogFormat.Yum],
            [LogFormat.CloudFront, LogFormat.Syslog, LogFormat.Dnf],
            [LogFormat.NginxAccess, LogFormat.JournalShortIso, LogFormat.DnfRpm],
            [LogFormat.ApacheError24, LogFormat.SyslogIso, LogFormat.Yum],
            [LogFormat.JournalJson, LogFormat.Syslog],
            [LogFormat.ApacheError22, LogFormat.NginxError, LogFormat.Yum],
        ];
        for (int source = 0; source < 3; source++)
        {
            foreach (var set in sets)
            {
                var parts = set.Select(f => _byFormat.TryGetValue(f, out var lists) && lists[source].Count > 0 ? lists[source][0].Bytes : null).ToList();
                if (parts.Any(p => p is null)) continue;
                yield return new Seed($"bundle-{source}-{string.Join('-', set)}", Targets.BundleTarget.Join(parts!));
            }
        }
    }

    /// <summary>Crontabs: hand-written and the generator's.</summary>
    public IEnumerable<Seed> Crontabs() => Pick(_crontabs);

    /// <summary>One hand-written text (addresses, clocks) plus a few log excerpts that carry such values.</summary>
    public IEnumerable<Seed> TextAnd(string name, string text, params LogFormat[] formats) =>
        Pick(ForFormats(formats).Prepend(new Seed($"hand-{name}", Encoding.UTF8.GetBytes(text + "\n"))));

    /// <summary>Real files whose path (under realdata) contains any of <paramref name="parts"/>: for readers of files that
    /// are not line logs (journal, wtmp, audit), one line each in <see cref="FuzzTargets"/>.</summary>
    public IEnumerable<Seed> RealDataNamed(params string[] parts) =>
        Pick(_realFiles.Where(f => parts.Any(p => f.RelativePath.Contains(p, StringComparison.OrdinalIgnoreCase))).Select(f => f.Seed));

    private void AddFormat(LogFormat format, int source, Seed seed)
    {
        if (!_byFormat.TryGetValue(format, out var lists)) _byFormat[format] = lists = [new(), new(), new()];
        lists[source].Add(seed);
    }

    private void AddBundle(string root, string prefix, int source, TextWriter log)
    {
        root = Path.GetFullPath(root);
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(p => !IsDocumentation(p))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToArray();
        var detected = new BundleScanner(FormatRegistry.All).Scan(files, null, null, new NullDiagnostics())
            .ToDictionary(f => f.Path, f => f.Format.Format, StringComparer.Ordinal);
        int added = 0;
        foreach (string path in files)
        {
            string relative = Path.GetRelativePath(root, path);
            string name = $"{prefix}-{Sanitize(relative)}";
            byte[] raw = Head(File.OpenRead(path), MaxSeedBytes * 8);
            _realFiles.Add((relative, new Seed(name, Cut(raw, MaxSeedBytes))));
            bool gzip = raw.Length >= 2 && raw[0] == 0x1F && raw[1] == 0x8B;
            if (gzip && new FileInfo(path).Length <= 64 * 1024) _gzip.Add(new Seed(name, File.ReadAllBytes(path)));

            byte[] text;
            try
            {
                using var opened = LogFileOpener.Open(path);
                text = Cut(Head(opened.Content, MaxSeedBytes), MaxSeedBytes);
            }
            catch (Exception e) when (LogFileOpener.IsReadFailure(e))
            {
                continue;
            }
            if (text.Length == 0) continue;
            added++;
            if (detected.TryGetValue(path, out var format)) AddFormat(format, source, new Seed(name, text));
            else if (CrontabLike(relative)) _crontabs.Add(new Seed(name, text));
            else if (!gzip || text.AsSpan().IndexOfAnyInRange((byte)1, (byte)8) < 0) _otherText.Add(new Seed(name, text));
        }
        log.WriteLine($"fuzz seeds: {added} files from {root} ({detected.Count} detected as logs)");
    }

    /// <summary>gzip variants of a few excerpts: the shapes the gzip reader must tell apart.</summary>
    private void AddMadeGzip()
    {
        var samples = _byFormat.OrderBy(kv => kv.Key).Select(kv => kv.Value[0][0]).Take(6).ToList();
        foreach (var s in samples)
        {
            byte[] one = GzipMembers(s.Bytes);
            _gzip.Add(new Seed($"made-{s.Name}.gz", one));
            int third = s.Bytes.Length / 3;
            _gzip.Add(new Seed($"made-{s.Name}-3members.gz", GzipMembers(s.Bytes[..third], s.Bytes[third..(2 * third)], s.Bytes[(2 * third)..])));
        }
        if (samples.Count == 0) return;
        byte[] good = GzipMembers(samples[0].Bytes);
        _gzip.Add(new Seed("made-padded.gz", [.. good, .. new byte[64]]));
        _gzip.Add(new Seed("made-cut.gz", good[..(good.Length * 2 / 3)]));
        byte[] badCrc = (byte[])good.Clone();
        badCrc[^6] ^= 0x55;
        _gzip.Add(new Seed("made-bad-crc.gz", badCrc));
        byte[] badSize = (byte[])good.Clone();
        badSize[^2] ^= 0x01;
        _gzip.Add(new Seed("made-bad-isize.gz", badSize));
        _gzip.Add(new Seed("made-empty-member.gz", GzipMembers([], samples[0].Bytes)));
    }

    /// <summary>
    /// Journal seeds (and the hand-built wtmp, <see cref="TinyWtmp"/>): a hand-written export stream (text and a binary field), and, where Debian's systemd-journal-remote
    /// is installed, small journal files it writes from that stream (compressed, plain), cut to the part the objects use
    /// (its files are preallocated to megabytes of zeros; afl-fuzz wants small inputs).
    /// </summary>
    private void AddMadeJournals(string scratch, TextWriter log)
    {
        byte[] export = HandWrittenSeeds.JournalExport;
        AddFormat(LogFormat.JournalExport, 0, new Seed("hand-journal-export", export));
        AddFormat(LogFormat.Journal, 0, new Seed("hand-journal-tiny", TinyJournal.Build(compact: false)));
        AddFormat(LogFormat.Journal, 0, new Seed("hand-journal-tiny-compact", TinyJournal.Build(compact: true)));
        AddFormat(LogFormat.Utmp, 0, new Seed("hand-wtmp-tiny", TinyWtmp.Build()));
        AddFormat(LogFormat.Lastlog, 0, new Seed("hand-lastlog-tiny", TinyLastlog.Build()));
        const string remote = "/lib/systemd/systemd-journal-remote";
        if (!File.Exists(remote))
        {
            log.WriteLine("fuzz seeds: systemd-journal-remote is absent; no binary journal seeds");
            return;
        }
        string input = Path.Combine(scratch, "journal-seed.export");
        File.WriteAllBytes(input, export);
        foreach (var (name, args, env) in new (string, string[], string?)[]
        {
            ("zstd-compact", [], null),
            ("plain", ["--compress=no"], "SYSTEMD_JOURNAL_COMPACT"),
        })
        {
            string output = Path.Combine(scratch, $"journal-seed-{name}.journal");
            File.Delete(output);
            var start = new System.Diagnostics.ProcessStartInfo(remote) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            start.ArgumentList.Add("--output=" + output);
            foreach (string a in args) start.ArgumentList.Add(a);
            start.ArgumentList.Add(input);
            if (env is not null) start.Environment[env] = "0";
            using (var p = System.Diagnostics.Process.Start(start)!)
            {
                p.StandardError.ReadToEnd();
                p.WaitForExit(30_000);
            }
            if (!File.Exists(output)) continue;
            byte[] bytes = File.ReadAllBytes(output);
            long tail = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(136));
            long size = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan((int)tail + 8));
            int used = (int)Math.Min(bytes.Length, (tail + size + 7) & ~7L);
            // systemd sizes its hash table for a full-size file: megabytes even for two entries. Kept only when small.
            if (used <= 256 * 1024) AddFormat(LogFormat.Journal, 0, new Seed($"made-journal-{name}", bytes[..used]));
            else log.WriteLine($"fuzz seeds: systemd's {name} journal uses {used:N0} bytes (its hash table), too big for a seed");
        }
    }

    private static byte[] GzipMembers(params byte[][] members)
    {
        var all = new MemoryStream();
        foreach (byte[] member in members)
        {
            if (member.Length == 0)
            {
                // GZipStream writes nothing at all for no data; gzip -n < /dev/null writes this member.
                all.Write([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
                continue;
            }
            using var gz = new GZipStream(all, CompressionLevel.Optimal, leaveOpen: true);
            gz.Write(member);
        }
        return all.ToArray();
    }

    /// <summary>At most <see cref="MaxSeedsPerTarget"/> seeds, without duplicate bytes, in the order given.</summary>
    private static IEnumerable<Seed> Pick(IEnumerable<Seed> seeds)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return seeds.Where(s => s.Bytes.Length > 0 && seen.Add(Convert.ToHexString(SHA256.HashData(s.Bytes)))).Take(MaxSeedsPerTarget).ToList();
    }

    /// <summary>Round-robin over several lists, so a cap keeps some of each.</summary>
    private static IEnumerable<Seed> Interleave<T>(IEnumerable<T> lists) where T : IEnumerable<Seed>
    {
        var enumerators = lists.Select(l => l.GetEnumerator()).ToList();
        while (enumerators.Count > 0)
        {
            for (int i = enumerators.Count - 1; i >= 0; i--)
            {
                if (!enumerators[i].MoveNext()) enumerators.RemoveAt(i);
            }
            foreach (var e in enumerators) yield return e.Current;
        }
    }

    private static byte[] Head(Stream stream, int max)
    {
        using (stream)
        {
            var buffer = new byte[max];
            int n = stream.ReadAtLeast(buffer, max, throwOnEndOfStream: false);
            return buffer[..n];
        }
    }

    /// <summary>The first <paramref name="max"/> bytes, cut after the last line feed when there is one.</summary>
    private static byte[] Cut(byte[] bytes, int max)
    {
        if (bytes.Length <= max) return bytes;
        int nl = bytes.AsSpan(0, max).LastIndexOf((byte)'\n');
        return bytes[..(nl > 0 ? nl + 1 : max)];
    }

    // The realdata folder holds other projects' tests and licences beside the logs: those are not inputs.
    private static bool IsDocumentation(string path)
    {
        string name = Path.GetFileName(path);
        return name is "LICENSE" or "SOURCES.md" or "ground-truth.json" || name.EndsWith(".license", StringComparison.Ordinal)
            || Path.GetExtension(path) is ".py" or ".cpp" or ".md" or ".yaml" or ".assert" or ".sh";
    }

    private static bool CrontabLike(string relative) =>
        relative.Contains("cron", StringComparison.OrdinalIgnoreCase) && !relative.EndsWith(".log", StringComparison.Ordinal);

    private static string Sanitize(string relative)
    {
        var sb = new StringBuilder(relative.Length);
        foreach (char c in relative) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        return sb.Length > 80 ? sb.ToString(sb.Length - 80, 80) : sb.ToString();
    }
}

using System.Buffers;
using System.Text;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Reading.Records;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Finds the logs among the paths given: files, and directories read recursively. Each file's format is
/// detected from its content (its first non-blank lines, decompressed), never from its name; files that are not
/// logs (a crontab, a binary) are passed over with a verbose line. Only regular files are read: a FIFO, socket or
/// device found in a directory is passed over with a verbose line without being opened, and one named directly is
/// an error (<see cref="ErrorIds.NotRegularFile"/>). Symbolic links inside a directory are not followed; a path
/// named directly is (to its end, as cat does). Each file is read once, however often it is reached.
/// </summary>
public sealed class BundleScanner
{
    /// <summary>How many non-blank lines of a file are sampled to detect its format.</summary>
    public const int SampleLines = ContentSample.MaxLines;

    /// <summary>Decompressed bytes read at most to find a file's first lines (a gzip of NULs costs no more than this).</summary>
    public const long DefaultSampleReadLimit = 4L << 20;

    private readonly IReadOnlyList<ILogFormat> _formats;
    private readonly List<FileReadReport> _damaged = new();

    /// <summary>Decompressed bytes read at most to find a file's first lines (tests make it small).</summary>
    internal long SampleReadLimit { get; init; } = DefaultSampleReadLimit;

    /// <summary>
    /// Files of the last <see cref="Scan"/> passed over because their content is damage: bytes, but no line of text, only
    /// NUL bytes (and blank lines). One report each, with the NUL run as its damage, for Corruption findings.
    /// </summary>
    public IReadOnlyList<FileReadReport> DamagedFiles => _damaged.ToArray();

    /// <summary>Creates a scanner that knows the given formats.</summary>
    public BundleScanner(IReadOnlyList<ILogFormat> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        _formats = formats;
    }

    /// <summary>
    /// Expands the paths and returns the files recognised as logs, in path order. Missing paths and unreadable
    /// files are reported as errors and the rest goes on.
    /// </summary>
    /// <param name="paths">Files or directories.</param>
    /// <param name="format">Format override (the cmdlets' <c>-Format</c>): files named directly are taken as this format;
    /// files found inside a directory are kept when some of their sampled lines match it.</param>
    /// <param name="encoding">Legacy encoding of the logs, or null for UTF-8.</param>
    /// <param name="diagnostics">Where errors and verbose lines go.</param>
    /// <param name="cancellationToken">Stops the scan.</param>
    /// <exception cref="ArgumentException"><paramref name="format"/> is not one of the registered formats.</exception>
    public IReadOnlyList<LogFile> Scan(IReadOnlyList<string> paths, LogFormat? format, Encoding? encoding, IReadDiagnostics diagnostics,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ILogFormat? forced = format is { } f ? FindFormat(f) : null;

        var result = new List<LogFile>();
        var fragments = new List<Fragment>();
        _damaged.Clear();
        var directories = GivenDirectories(paths);
        foreach (var candidate in BundleFiles.Expand(paths, diagnostics))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tally = candidate.InDirectory ? TallyFor(directories, candidate.Path) : null;
            if (tally is not null) tally.Files++;
            using var opened = LogFileOpener.TryOpen(candidate.Path, diagnostics);
            if (opened is null) continue;
            if (opened.Identity is { } identity && candidate.Node.Inode != 0 && !identity.IsSameFile(candidate.Node))
            {
                // Swapped between the look and the open (for a link in a directory: it would be followed now).
                diagnostics.Verbose($"passed over {candidate.DisplayName}: it was replaced while the bundle was scanned");
                continue;
            }

            // Binary logs and framed streams are recognised by their first bytes, before any line is sampled.
            Stream? lines = null;
            if (forced is null or IRecordFormat && DetectRecords(opened, forced as IRecordFormat, candidate, diagnostics, ref lines) is { } records)
            {
                if (records is not NoRecords) result.Add(new LogFile(candidate.Path, records, opened.IsGzip, opened.Length, opened.LastWriteTime, candidate.DisplayName) { Identity = opened.Identity });
                continue;
            }
            var sample = TakeSample(lines ?? opened.Content, candidate.Path, encoding, diagnostics);
            if (sample is null) continue;
            if (sample.HoldsOnlyNul)
            {
                NoteOnlyNul(candidate, opened, sample, diagnostics);
                continue;
            }
            ILogFormat? chosen;
            if (forced is not null && !candidate.InDirectory)
            {
                chosen = forced;
                diagnostics.Verbose($"reading {candidate.DisplayName} as {forced.Format} (-Format)");
            }
            else
            {
                chosen = forced is not null ? CheckForced(forced, sample, candidate.DisplayName, diagnostics) : Choose(sample, candidate.DisplayName, diagnostics);
            }
            if (forced is null && chosen is not IRecordFormat && MayBeOnlyPieces(sample))
            {
                // Decided once the rest of the bundle is known (see AdoptFragments); null: fits no format alone.
                fragments.Add(new Fragment(result.Count, new LogFile(candidate.Path, chosen ?? _formats[0], opened.IsGzip, opened.Length, opened.LastWriteTime,
                    candidate.DisplayName) { Identity = opened.Identity }, chosen is not null, sample.Content));
                if (tally is not null)
                {
                    if (chosen is not null) tally.Logs++;
                    else tally.NotLogs++;
                }
                continue;
            }
            // An empty or blank file (an emptied log, rotated) is no unrecognised log: it counts for the directory as nothing.
            if (chosen is null && tally is not null && sample.Lines.Count > 0) tally.NotLogs++;
            if (chosen is not null)
            {
                if (tally is not null) tally.Logs++;
                result.Add(new LogFile(candidate.Path, chosen, opened.IsGzip, opened.Length, opened.LastWriteTime, candidate.DisplayName) { Identity = opened.Identity });
            }
        }
        if (fragments.Count > 0) AdoptFragments(result, fragments, encoding, diagnostics);
        WarnEmptyDirectories(directories, diagnostics);
        return result;
    }

    /// <summary>
    /// True when every line sampled may be a piece of a line: one line (the rest of a line a rotation cut, or a line cut
    /// at the end), two of which the last has no line feed, or no line but blanks with no line feed (the space between a
    /// stamp's month and day, cut off on its own). Such a file's own lines are weak evidence of its format.
    /// </summary>
    private static bool MayBeOnlyPieces(ContentSample sample) =>
        sample.BinaryLines == 0 && !sample.ReachedLimit
        && (sample.Lines.Count == 1 || (sample.Lines.Count == 2 && sample.LastLineUnterminated) || (sample.Lines.Count == 0 && sample.LinesSeen == 1 && sample.EndsInBlankPiece));

    /// <summary>A file of a line or two that may be only pieces of lines, set aside until the bundle is known.</summary>
    /// <param name="At">Where the scan met it among the logs.</param>
    /// <param name="File">The file, with the format its own lines fit (or any, when none does).</param>
    /// <param name="Recognised">True when its own lines fit a format.</param>
    /// <param name="Content">Its whole content, when small enough to be kept.</param>
    private sealed record Fragment(int At, LogFile File, bool Recognised, ReadOnlyMemory<byte>? Content);

    /// <summary>
    /// A file of a line or two that may be only pieces of lines, in a rotated set whose other files are all one format, is
    /// read as that format: a rotation that cut a line (copytruncate) can leave a file holding only a piece of it, which
    /// the reader joins to its neighbour's. A set made only of such files is recognised from its pieces joined oldest
    /// first (what the reader will read): each piece alone may fit another format, as a combined access line cut inside
    /// its size fits the common one, or none. Elsewhere a piece keeps the format its own lines fit, or stays passed over.
    /// </summary>
    private void AdoptFragments(List<LogFile> result, List<Fragment> fragments, Encoding? encoding, IReadDiagnostics diagnostics)
    {
        var formats = result.GroupBy(f => RotatedSet.KeyOf(f.Path)).ToDictionary(g => g.Key, g => g.Select(f => f.Format).Distinct().ToList());
        // A set of pieces only: what the pieces joined fit, else what the pieces that fit a format fit.
        foreach (var g in fragments.GroupBy(f => RotatedSet.KeyOf(f.File.Path)))
        {
            if (formats.ContainsKey(g.Key)) continue;
            if (JoinedFormat(g.ToList(), encoding) is { } joined) formats[g.Key] = [joined];
            else if (g.Any(f => f.Recognised)) formats[g.Key] = g.Where(f => f.Recognised).Select(f => f.File.Format).Distinct().ToList();
        }
        // From the last: each piece goes back where the scan met it, and earlier places stay right.
        for (int i = fragments.Count - 1; i >= 0; i--)
        {
            var (at, piece, recognised, _) = fragments[i];
            var format = piece.Format;
            if (formats.TryGetValue(RotatedSet.KeyOf(piece.Path), out var inSet) && inSet.Count == 1)
            {
                if (!recognised || format.Format != inSet[0].Format)
                {
                    diagnostics.Verbose($"reading {piece.DisplayName} as {inSet[0].Format}: a line or two that may be pieces of lines the rotation cut, in a rotated set of {inSet[0].Format} files");
                }
                format = inSet[0];
            }
            else if (!recognised)
            {
                continue;
            }
            result.Insert(at, new LogFile(piece.Path, format, piece.IsGzip, piece.Length, piece.LastWriteTime, piece.DisplayName) { Identity = piece.Identity });
        }
    }

    /// <summary>
    /// The format the pieces of one rotated set fit once joined in rotation order (oldest first), as the reader reads
    /// them; null for a single piece, a piece too long to have been kept, or joined lines that fit no format.
    /// </summary>
    private ILogFormat? JoinedFormat(List<Fragment> pieces, Encoding? encoding)
    {
        if (pieces.Count < 2 || pieces.Any(p => p.Content is null)) return null;
        var byPath = pieces.ToDictionary(p => p.File.Path, StringComparer.Ordinal);
        var joined = new MemoryStream();
        foreach (var set in RotatedSet.Group(byPath.Keys))
        {
            foreach (string path in set.Files) joined.Write(byPath[path].Content!.Value.Span);
        }
        joined.Position = 0;
        var sample = ContentSample.Read(joined, encoding, DefaultSampleReadLimit);
        return sample.BinaryLines == 0 ? Choose(sample, "joined pieces", new CollectingDiagnostics()) : null;
    }

    /// <summary>What a directory named directly yielded: files found in it, and logs among them.</summary>
    private sealed class DirectoryTally(string path)
    {
        public string Path { get; } = path;
        public int Files { get; set; }
        public int Logs { get; set; }
        public int NotLogs { get; set; }
    }

    private static List<DirectoryTally> GivenDirectories(IReadOnlyList<string> paths)
    {
        var directories = new List<DirectoryTally>();
        foreach (string given in paths)
        {
            if (string.IsNullOrEmpty(given)) continue;
            string full;
            try
            {
                full = System.IO.Path.GetFullPath(given);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                continue; // reported by the walk
            }
            if (FileNode.Probe(full, followLinks: true).Kind == FileNodeKind.Directory && !directories.Exists(d => d.Path == full))
                directories.Add(new DirectoryTally(full));
        }
        // The deepest first, so a file counts for the directory nearest it when one given path holds another.
        directories.Sort((a, b) => b.Path.Length.CompareTo(a.Path.Length));
        return directories;
    }

    private static DirectoryTally? TallyFor(List<DirectoryTally> directories, string file)
    {
        foreach (var d in directories)
        {
            string prefix = d.Path.EndsWith('/') ? d.Path : d.Path + "/";
            if (file.StartsWith(prefix, StringComparison.Ordinal)) return d;
        }
        return null;
    }

    /// <summary>
    /// A directory named directly that yields no log at all is a warning, not only -Verbose lines: an admin who reads
    /// /var/log of a host whose logs are all of formats not known here must not take the silence for an empty night.
    /// </summary>
    private static void WarnEmptyDirectories(List<DirectoryTally> directories, IReadDiagnostics diagnostics)
    {
        foreach (var d in directories)
        {
            // Files all empty, damaged or unreadable are reported one by one (verbose, warnings, errors): no second word here.
            if (d.Logs > 0 || d.Files > 0 && d.NotLogs == 0) continue;
            string what = d.Files == 0
                ? "it holds no regular file"
                : $"{d.NotLogs} of its {d.Files} file(s) were passed over as not a recognised log (-Verbose names each and the nearest format; -Format forces one)"
                  + (d.Files > d.NotLogs ? "; the others are empty, unreadable or hold no text" : "");
            diagnostics.Warning(d.Path, 0, $"{d.Path}: no recognised log in this directory: {what}.");
        }
    }

    /// <summary>Detects the format of already decompressed content from its first non-blank lines; null when none fits.</summary>
    /// <param name="content">The content, read from its start.</param>
    /// <param name="encoding">Legacy encoding, or null for UTF-8.</param>
    /// <param name="reason">In words: what was detected, or why nothing was.</param>
    public ILogFormat? Detect(Stream content, Encoding? encoding, out string reason)
    {
        var sample = ContentSample.Read(content, encoding, DefaultSampleReadLimit);
        var log = new CollectingDiagnostics();
        var chosen = Choose(sample, "input", log);
        reason = log.VerboseLines.Count > 0 ? log.VerboseLines[^1] : "";
        return chosen;
    }

    /// <summary>The registered format for <paramref name="format"/>.</summary>
    /// <exception cref="ArgumentException">No registered format handles it.</exception>
    public ILogFormat FindFormat(LogFormat format) =>
        _formats.FirstOrDefault(x => x.Format == format)
        ?? throw new ArgumentException($"No reader is registered for format {format}.", nameof(format));

    /// <summary>
    /// The record format whose magic the file starts with (see <see cref="IRecordFormat"/>); with <c>-Format</c> naming a
    /// record format, that format for a file named directly, or for a file in a directory whose head matches (any other
    /// file is passed over: <see cref="NoRecords"/>). Null when no record format claims the file: it is sampled as lines.
    /// A gzip, which cannot be rewound, is probed from its own opening (a gzipped journal), and the bytes probed are handed
    /// back through <paramref name="lines"/>, so its lines are still sampled from its start.
    /// </summary>
    /// <param name="opened">The file, opened once for the scan.</param>
    /// <param name="forced">The record format named by <c>-Format</c>, or null.</param>
    /// <param name="candidate">Where the file was found.</param>
    /// <param name="diagnostics">Where verbose lines go.</param>
    /// <param name="lines">Set for a gzip: the stream its lines are to be sampled from (the head read here, then the rest).</param>
    private ILogFormat? DetectRecords(OpenedLog opened, IRecordFormat? forced, BundleFile candidate, IReadDiagnostics diagnostics, ref Stream? lines)
    {
        var formats = _formats.OfType<IRecordFormat>().ToList();
        if (formats.Count == 0 && forced is null) return null;
        Span<byte> head = stackalloc byte[Math.Max(forced?.HeadBytes ?? 0, formats.Count == 0 ? 0 : formats.Max(f => f.HeadBytes))];
        int got;
        try
        {
            if (opened.Content.CanSeek)
            {
                got = opened.Content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
                opened.Content.Position = 0;
            }
            else if (opened.IsGzip)
            {
                // A gzip cannot be rewound: its head is read from this opening and handed back before the rest to the sample
                // of lines, with the failure that stopped it, if any, at the same place (one opening, one inflation).
                var taken = new byte[head.Length];
                got = 0;
                try
                {
                    while (got < taken.Length && opened.Content.Read(taken.AsSpan(got)) is var n and > 0) got += n;
                }
                catch (Exception e) when (LogFileOpener.IsReadFailure(e))
                {
                    lines = LogFileOpener.Replay(taken[..got], e);
                    return null; // sampled as lines next, where the failure is reported
                }
                lines = LogFileOpener.Replay(taken[..got], opened.Content);
                taken.AsSpan(0, got).CopyTo(head);
            }
            else
            {
                return forced is null ? null : NoRecords.Instance;
            }
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            return null; // sampled as lines next, where the failure is reported
        }
        head = head[..got];
        if (forced is not null)
        {
            if (!candidate.InDirectory || forced.ProbeFile(Path.GetFileName(candidate.Path), head))
            {
                diagnostics.Verbose($"reading {candidate.DisplayName} as {forced.Format} (-Format)");
                return forced;
            }
            diagnostics.Verbose($"passed over {candidate.DisplayName}: it does not start as {forced.Format} does (-Format)");
            return NoRecords.Instance;
        }
        foreach (var format in formats)
        {
            bool match;
            try
            {
                match = format.ProbeFile(Path.GetFileName(candidate.Path), head);
            }
            catch (Exception)
            {
                match = false; // a probe that fails on odd bytes says "not mine"
            }
            if (!match) continue;
            diagnostics.Verbose($"detected {candidate.DisplayName} as {format.Format} (by its first bytes)");
            return format;
        }
        return null;
    }

    private ContentSample? TakeSample(Stream content, string path, Encoding? encoding, IReadDiagnostics diagnostics)
    {
        try
        {
            return ContentSample.Read(content, encoding, SampleReadLimit);
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e) && e is not TruncatedGzipException)
        {
            // Nothing could be sampled: the file is unusable. (A cut gzip is sampled up to the cut and reported when read.)
            diagnostics.Error(path, LogFileOpener.ErrorIdFor(e, path), LogFileOpener.Describe(e, path, 0), e);
            return null;
        }
    }

    /// <summary>
    /// Content of NUL bytes with no line of text is damage, not an empty file: said in a warning naming the file and
    /// how much was decompressed and checked, and kept as a damaged file for a Corruption finding (a crash, a file of
    /// zeros, a gzip of NULs). Only the sample's bytes are read: a gzip inflating to 10 GB of NULs costs the sample limit.
    /// (Blank lines only, as `echo &gt; file` leaves, are an empty log: a verbose line, as before.)
    /// </summary>
    private void NoteOnlyNul(BundleFile candidate, OpenedLog opened, ContentSample sample, IReadDiagnostics diagnostics)
    {
        string how = opened.IsGzip ? "decompressed" : "read";
        string extent = sample.ReachedLimit
            ? $"its first {sample.Bytes:N0} bytes ({how}; not read further)"
            : $"all {sample.Bytes:N0} bytes ({how})";
        string what = sample.NulBytes == sample.Bytes ? "NUL bytes" : $"NUL bytes ({sample.NulBytes:N0}) and blank lines";
        string text = $"{candidate.Path}: no log lines: {extent} are {what}, a sign of damage (a crash while it was written, or a file filled with zeros); passed over";
        diagnostics.Warning(candidate.Path, 0, text);
        _damaged.Add(FileReadReport.PassedOver(candidate.Path, candidate.DisplayName, opened.IsGzip, opened.LastWriteTime,
            Math.Max(1, sample.LinesSeen), sample.NulBytes,
            $"No line of text: {extent} are {what}."));
    }

    private ILogFormat? Choose(ContentSample sample, string name, IReadDiagnostics diagnostics)
    {
        int n = sample.Lines.Count;
        if (n == 0)
        {
            diagnostics.Verbose($"passed over {name}: empty, no lines to recognise");
            return null;
        }

        ILogFormat? best = null;
        long bestScore = 0;
        int bestMatched = 0;
        ILogFormat? nearest = null;
        int nearestMatched = 0;
        foreach (var format in _formats)
        {
            (int matched, long score, int excused) = Score(format, sample);
            if (matched > nearestMatched)
            {
                nearest = format;
                nearestMatched = matched;
            }
            // A clear majority of the sampled lines must match, so a few stray lines never decide a format.
            if (matched * 2 <= n - excused) continue;
            if (best is null || score > bestScore || (score == bestScore && matched > bestMatched))
            {
                best = format;
                bestScore = score;
                bestMatched = matched;
            }
        }

        if (best is not null)
        {
            diagnostics.Verbose($"detected {name} as {best.Format} ({bestMatched} of {n} sampled lines match)");
            return best;
        }
        if (sample.BinaryLines * 2 > n)
        {
            diagnostics.Verbose($"passed over {name}: binary content, not a recognised log");
        }
        else if (nearest is not null)
        {
            diagnostics.Verbose($"passed over {name}: not a recognised log (closest: {nearest.Format}, {nearestMatched} of {n} sampled lines; use -Format to force it)");
        }
        else
        {
            diagnostics.Verbose($"passed over {name}: not a recognised log");
        }
        return null;
    }

    private static ILogFormat? CheckForced(ILogFormat forced, ContentSample sample, string name, IReadDiagnostics diagnostics)
    {
        (int matched, _, _) = Score(forced, sample);
        if (matched > 0)
        {
            diagnostics.Verbose($"reading {name} as {forced.Format} (-Format; {matched} of {sample.Lines.Count} sampled lines match)");
            return forced;
        }
        diagnostics.Verbose($"passed over {name}: none of its first lines is {forced.Format} (-Format)");
        return null;
    }

    private static (int Matched, long Score, int Excused) Score(ILogFormat format, ContentSample sample)
    {
        int fragments = 0;
        int matched = 0;
        long score = 0;
        for (int i = 0; i < sample.Lines.Count; i++)
        {
            byte[] line = sample.Lines[i];
            int s;
            try
            {
                s = format.Probe(line);
            }
            catch (Exception)
            {
                // A probe that fails on odd bytes says "not mine"; one bad line must not stop the scan.
                s = 0;
            }
            if (s > 0)
            {
                matched++;
                score += s;
            }
            else if (i == 0 || (i == sample.Lines.Count - 1 && sample.LastLineUnterminated))
            {
                fragments++;
            }
        }
        // The first line of a rotated file may be the rest of a line the rotation cut (copytruncate), and a last line
        // without a line feed may be half-written: such a fragment does not count against a format every other line fits
        // (the reader joins a cut line to the older file's last line).
        bool fragmentsExcused = fragments > 0 && matched > 0 && matched + fragments == sample.Lines.Count;
        return (matched, score, fragmentsExcused ? fragments : 0);
    }
}

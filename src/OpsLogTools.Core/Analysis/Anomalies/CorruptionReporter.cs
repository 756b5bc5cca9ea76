using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>Turns the reader's damage reports into findings, placed in time by the good lines around them.</summary>
internal static class CorruptionReporter
{
    public static List<LogAnomaly> Report(BundleFacts bundle, IReadOnlyList<FileDamage> damage)
    {
        var files = bundle.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);
        var found = new List<LogAnomaly>();
        foreach (var d in damage.OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.FirstLine))
        {
            long first = Math.Max(1, Math.Min(d.FirstLine, d.LastLine)), last = Math.Max(d.FirstLine, d.LastLine);
            files.TryGetValue(d.Path, out var f);
            int before = -1, after = -1;
            if (f is not null && f.Count > 0)
            {
                int k = LineIndex(f, first);
                before = k - 1;
                while (k < f.Count && f.Line[k] <= last) k++;
                after = k < f.Count ? k : -1;
            }
            var evidence = new List<string>();
            string what = d.Kind switch
            {
                DamageKind.NulBytes => $"{d.Bytes} NUL byte(s)",
                DamageKind.Binary => $"{d.Bytes} byte(s) of binary data",
                DamageKind.TruncatedGzip => "a gzip member that ends before its trailer",
                DamageKind.CorruptGzip => "compressed data that does not decompress",
                DamageKind.Malformed => $"{d.LastLine - d.FirstLine + 1} line(s) that match no log format",
                DamageKind.ReadError => "a read error",
                _ => $"a line of {d.Bytes} byte(s), longer than the reader keeps",
            };
            string at = d.ByteOffset is { } off ? $" at byte {off}" : "";
            evidence.Add($"{Words.File(d.Path)}:{first}" + (last != first ? $"-{last}" : "") + $": {what}{at}.");
            if (d.Note is { Length: > 0 } note) evidence.Add(note);
            DateTimeOffset start = default, end = default;
            if (f is not null && before >= 0)
            {
                start = f.TrueAt(before);
                evidence.Add($"Last good line before it: {f.Where(before)} stamped {Words.Time(f.StampAt(before))}.");
            }
            if (f is not null && after >= 0)
            {
                end = f.TrueAt(after);
                evidence.Add($"First good line after it: {f.Where(after)} stamped {Words.Time(f.StampAt(after))}.");
            }
            else if (f is not null)
            {
                evidence.Add("Nothing readable follows it in the file.");
            }
            if (start == default) start = end;
            if (end == default) end = start;
            if (start == default && d.FileLastWriteTime is { } mtime)
            {
                // No readable line anywhere near (a file that is all damage): the file's last write is the one time there is.
                start = end = mtime;
                evidence.Add($"No line of the file could be read: the finding is placed at its last write (mtime), {Words.Time(mtime)}.");
            }

            var cause = d.Kind switch
            {
                DamageKind.NulBytes => AnomalyCause.UncleanShutdown,
                DamageKind.TruncatedGzip or DamageKind.CorruptGzip => AnomalyCause.Truncation,
                _ => AnomalyCause.Unknown,
            };
            var tampering = TamperVerdict.Unlikely;
            if (d.Kind == DamageKind.NulBytes)
            {
                evidence.Add("NUL runs are what a file looks like when its length reached the disk but its data did not: an unclean shutdown or a crash, not an edit.");
                if (f is not null && after >= 0 && BootOrRestartNear(f, after))
                    evidence.Add($"The file goes on with a boot or an rsyslog start ({f.Where(after)} onwards), as after a crash.");
            }
            else if (d.Kind is DamageKind.TruncatedGzip or DamageKind.CorruptGzip)
            {
                evidence.Add("A truncated gzip member is a copy or a rotation cut short; the lines before the cut were read.");
            }
            else if (d.Kind == DamageKind.Binary)
            {
                tampering = TamperVerdict.Possible;
                evidence.Add("Binary data inside a text log is neither a crash (that leaves NULs) nor a rotation: it was written by something that is not the logger.");
            }
            found.Add(new LogAnomaly
            {
                Kind = AnomalyKind.Corruption,
                Path = d.Path,
                FirstLine = first,
                LastLine = last,
                LineCount = last - first + 1,
                StampedStart = f is not null && before >= 0 ? f.StampAt(before) : start,
                StampedEnd = f is not null && after >= 0 ? f.StampAt(after) : end,
                Start = start,
                End = end,
                Cause = cause,
                Tampering = tampering,
                Confidence = 0.95,
                Summary = $"{what} in {Words.File(d.Path)} ({cause})",
                Evidence = evidence,
            });
        }
        return found;
    }

    private static int LineIndex(FileFacts f, long line)
    {
        int lo = 0, hi = f.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (f.Line[mid] < line) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static bool BootOrRestartNear(FileFacts f, int index)
    {
        foreach (var e in f.Events)
        {
            if (e.Index >= index && e.Index < index + 20 && e.Kind is ServiceEventKind.Boot or ServiceEventKind.RsyslogStart) return true;
        }
        return false;
    }
}

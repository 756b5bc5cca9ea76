using System.Globalization;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// A log and its rotated siblings in one directory, oldest first: logrotate's dateext names
/// (<c>messages-20220710.gz</c>, <c>messages-20220717</c>, then the live <c>messages</c>), its numbered names
/// (<c>messages.3.gz</c>, <c>messages.2</c>, <c>messages.1</c>, <c>messages</c>), and CloudFront's hourly
/// files (<c>EXXXXX.2022-07-19-12.abcd1234.gz</c>, one set per distribution, ordered by the hour in the name).
/// Names that follow none of these stand alone and sort by name.
/// </summary>
/// <remarks>
/// The names are matched by hand (<see cref="RotationName.Parse"/>), not by regular expressions: the three
/// NonBacktracking regexes this used to build cost a fresh process about 0.1 s of CPU and 380 jitted methods before the
/// first line was read (issue 19, the first call). The grouping avoids collections over value types for the same reason
/// (their code cannot be compiled ahead of time with this assembly). RotatedSetNameTests keep the regexes as the
/// reference and compare on generated names.
/// </remarks>
public sealed class RotatedSet
{
    private RotatedSet(string directory, string baseName, IReadOnlyList<string> files)
    {
        Directory = directory;
        BaseName = baseName;
        Files = files;
    }

    /// <summary>The directory the files are in.</summary>
    public string Directory { get; }

    /// <summary>The live log's name (<c>messages</c>, <c>access_log</c>) or, for CloudFront, the distribution id.</summary>
    public string BaseName { get; }

    /// <summary>The files, oldest first (the live log last).</summary>
    public IReadOnlyList<string> Files { get; }

    /// <inheritdoc />
    public override string ToString() => $"{System.IO.Path.Combine(Directory, BaseName)} ({Files.Count} files)";

    /// <summary>The set a path belongs to: its directory and its live log's name (what <see cref="Group"/> groups by).</summary>
    internal static (string Directory, string BaseName) KeyOf(string path) =>
        (System.IO.Path.GetDirectoryName(path) ?? "", RotationName.Parse(System.IO.Path.GetFileName(path)).BaseName);

    /// <summary>Groups paths into rotated sets, each ordered oldest first; the sets are ordered by directory and name.</summary>
    public static IReadOnlyList<RotatedSet> Group(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        // Keyed by directory and base name joined with a NUL (in neither); the sets and their members are classes, so the
        // dictionary and the sorts run the framework's shared code.
        var groups = new Dictionary<string, SetOfNames>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            if (!seen.Add(path)) continue;
            var name = RotationName.Parse(System.IO.Path.GetFileName(path));
            string dir = System.IO.Path.GetDirectoryName(path) ?? "";
            string key = dir + "\0" + name.BaseName;
            if (!groups.TryGetValue(key, out var group)) groups[key] = group = new SetOfNames(dir, name.BaseName);
            group.Members.Add(new Member(path, name));
        }

        var order = new List<SetOfNames>(groups.Values);
        order.Sort(static (a, b) =>
        {
            int c = string.CompareOrdinal(a.Dir, b.Dir);
            return c != 0 ? c : string.CompareOrdinal(a.Base, b.Base);
        });
        var sets = new RotatedSet[order.Count];
        for (int i = 0; i < sets.Length; i++)
        {
            var members = order[i].Members;
            // Paths are distinct, so breaking ties by path gives the order OrderBy(name).ThenBy(path) gave.
            members.Sort(static (a, b) =>
            {
                int c = RotationName.Compare(a.Name, b.Name);
                return c != 0 ? c : string.CompareOrdinal(a.Path, b.Path);
            });
            var files = new string[members.Count];
            for (int j = 0; j < files.Length; j++) files[j] = members[j].Path;
            sets[i] = new RotatedSet(order[i].Dir, order[i].Base, files);
        }
        return sets;
    }

    private sealed record SetOfNames(string Dir, string Base)
    {
        public List<Member> Members { get; } = [];
    }

    private sealed record Member(string Path, RotationName Name);

    /// <summary>How a file name places the file in its set.</summary>
    internal readonly record struct RotationName(string BaseName, RotationKind Kind, string Stamp, int Number)
    {
        public static RotationName Parse(string fileName)
        {
            string stem = StripCompression(fileName);
            // The regexes these replace ended in $, which also matches before one final line feed.
            ReadOnlySpan<char> s = stem.AsSpan();
            if (s.Length > 0 && s[^1] == '\n') s = s[..^1];
            if (TryCloudFront(s, out var cloudFront)) return cloudFront;
            if (TryDateExt(s, out var dated)) return dated;
            if (TryNumbered(s, out var numbered)) return numbered;
            return new(stem, RotationKind.Live, "", 0);
        }

        // ^[A-Z0-9]+ \. dddd-dd-dd-dd \. [A-Za-z0-9]+$ : the distribution id, the hour, a unique id.
        private static bool TryCloudFront(ReadOnlySpan<char> s, out RotationName name)
        {
            name = default;
            int dot = s.IndexOf('.');
            if (dot < 1 || !All(s[..dot], upperOrDigit: true)) return false;
            var rest = s[(dot + 1)..];
            if (rest.Length < 15 || rest[13] != '.' || !IsStamp(rest[..13], "dddd-dd-dd-dd")) return false;
            var id = rest[14..];
            if (id.Length == 0 || !All(id, upperOrDigit: false)) return false;
            name = new(s[..dot].ToString(), RotationKind.Dated, string.Concat(Without(rest[..13], '-'), ".", id), 0);
            return true;
        }

        // ^(.+)-(dddddddd(dd)?|dddd-dd-dd)(\.log)?$ : logrotate's dateext, the .log kept in the base name. The stamp has no
        // hyphen after its last one but two digits, so only one hyphen can start it: the last that leaves a stamp behind.
        private static bool TryDateExt(ReadOnlySpan<char> s, out RotationName name)
        {
            name = default;
            // A stamp ends in a digit, so a name ending in ".log" can only match with the ".log" taken as the extension.
            var body = s;
            string ext = "";
            if (body.EndsWith(".log", StringComparison.Ordinal)) { body = body[..^4]; ext = ".log"; }
            foreach (int length in (ReadOnlySpan<int>)[8, 10])
            {
                int hyphen = body.Length - length - 1;
                if (hyphen < 1 || body[hyphen] != '-' || !IsBase(body[..hyphen])) continue;
                var stamp = body[(hyphen + 1)..];
                if (IsStamp(stamp, length == 8 ? "dddddddd" : "dddddddddd"))
                {
                    name = new(string.Concat(body[..hyphen], ext), RotationKind.Dated, length == 8 ? string.Concat(stamp, "00") : stamp.ToString(), 0);
                    return true;
                }
                if (length == 10 && IsStamp(stamp, "dddd-dd-dd"))
                {
                    name = new(string.Concat(body[..hyphen], ext), RotationKind.Dated, string.Concat(Without(stamp, '-'), "00"), 0);
                    return true;
                }
            }
            return false;
        }

        // ^(.+)\.(d{1,4})$ : logrotate's numbered names.
        private static bool TryNumbered(ReadOnlySpan<char> s, out RotationName name)
        {
            name = default;
            int dot = s.LastIndexOf('.');
            if (dot < 1 || !IsBase(s[..dot])) return false;
            var digits = s[(dot + 1)..];
            if (digits.Length is < 1 or > 4 || !All(digits, '0', '9')) return false;
            name = new(s[..dot].ToString(), RotationKind.Numbered, "", int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));
            return true;
        }

        // The regexes' ".+": at least one character, none a line feed.
        private static bool IsBase(ReadOnlySpan<char> s) => s.Length > 0 && !s.Contains('\n');

        // Digits where the shape has 'd', the shape's own character elsewhere.
        private static bool IsStamp(ReadOnlySpan<char> s, string shape)
        {
            if (s.Length != shape.Length) return false;
            for (int i = 0; i < s.Length; i++)
            {
                if (shape[i] == 'd' ? !char.IsAsciiDigit(s[i]) : s[i] != shape[i]) return false;
            }
            return true;
        }

        private static bool All(ReadOnlySpan<char> s, bool upperOrDigit)
        {
            foreach (char c in s)
            {
                if (!(char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c) || (!upperOrDigit && char.IsAsciiLetterLower(c)))) return false;
            }
            return true;
        }

        private static bool All(ReadOnlySpan<char> s, char first, char last)
        {
            foreach (char c in s)
            {
                if (c < first || c > last) return false;
            }
            return true;
        }

        private static string Without(ReadOnlySpan<char> s, char drop)
        {
            Span<char> kept = stackalloc char[s.Length];
            int n = 0;
            foreach (char c in s)
            {
                if (c != drop) kept[n++] = c;
            }
            return kept[..n].ToString();
        }

        private static string StripCompression(string name)
        {
            foreach (string ext in (ReadOnlySpan<string>)[".gz", ".bz2", ".xz", ".zst"])
            {
                if (name.Length > ext.Length && name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
            }
            return name;
        }

        internal static int Compare(RotationName a, RotationName b)
        {
            int c = a.Kind.CompareTo(b.Kind);
            if (c != 0) return c;
            return a.Kind switch
            {
                RotationKind.Dated => string.CompareOrdinal(a.Stamp, b.Stamp),
                RotationKind.Numbered => b.Number.CompareTo(a.Number), // .3 is older than .1
                _ => 0,
            };
        }
    }

    /// <summary>Kinds of rotated names, in the order they are read: dated files, then numbered ones, then the live log.</summary>
    internal enum RotationKind
    {
        Dated,
        Numbered,
        Live,
    }
}

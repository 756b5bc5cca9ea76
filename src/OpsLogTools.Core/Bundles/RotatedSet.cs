using System.Text.RegularExpressions;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// A log and its rotated siblings in one directory, oldest first: logrotate's dateext names
/// (<c>messages-20220710.gz</c>, <c>messages-20220717</c>, then the live <c>messages</c>), its numbered names
/// (<c>messages.3.gz</c>, <c>messages.2</c>, <c>messages.1</c>, <c>messages</c>), and CloudFront's hourly
/// files (<c>EXXXXX.2022-07-19-12.abcd1234.gz</c>, one set per distribution, ordered by the hour in the name).
/// Names that follow none of these stand alone and sort by name.
/// </summary>
public sealed class RotatedSet
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;

    // File names, not log text; still NonBacktracking, as everywhere in Core.
    private static readonly Regex CloudFrontName = new(@"^(?<base>[A-Z0-9]+)\.(?<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2})\.(?<id>[A-Za-z0-9]+)$", Options);
    private static readonly Regex DateExtName = new(@"^(?<base>.+)-(?<stamp>[0-9]{8}([0-9]{2})?|[0-9]{4}-[0-9]{2}-[0-9]{2})(?<ext>\.log)?$", Options);
    private static readonly Regex NumberedName = new(@"^(?<base>.+)\.(?<n>[0-9]{1,4})$", Options);

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
        var groups = new Dictionary<(string Dir, string Base), List<(string Path, RotationName Name)>>();
        foreach (string path in paths.Distinct(StringComparer.Ordinal))
        {
            var name = RotationName.Parse(System.IO.Path.GetFileName(path));
            var key = (System.IO.Path.GetDirectoryName(path) ?? "", name.BaseName);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = new();
            list.Add((path, name));
        }

        return groups
            .OrderBy(g => g.Key.Dir, StringComparer.Ordinal)
            .ThenBy(g => g.Key.Base, StringComparer.Ordinal)
            .Select(g => new RotatedSet(g.Key.Dir, g.Key.Base,
                g.Value.OrderBy(f => f.Name, RotationName.OldestFirst).ThenBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Path).ToArray()))
            .ToArray();
    }

    /// <summary>How a file name places the file in its set.</summary>
    internal readonly record struct RotationName(string BaseName, RotationKind Kind, string Stamp, int Number)
    {
        public static readonly IComparer<RotationName> OldestFirst = Comparer<RotationName>.Create(Compare);

        public static RotationName Parse(string fileName)
        {
            string stem = StripCompression(fileName);
            var m = CloudFrontName.Match(stem);
            if (m.Success) return new(m.Groups["base"].Value, RotationKind.Dated, m.Groups["stamp"].Value.Replace("-", "", StringComparison.Ordinal) + "." + m.Groups["id"].Value, 0);
            m = DateExtName.Match(stem);
            if (m.Success)
            {
                string stamp = m.Groups["stamp"].Value.Replace("-", "", StringComparison.Ordinal);
                if (stamp.Length == 8) stamp += "00";
                return new(m.Groups["base"].Value + m.Groups["ext"].Value, RotationKind.Dated, stamp, 0);
            }
            m = NumberedName.Match(stem);
            if (m.Success) return new(m.Groups["base"].Value, RotationKind.Numbered, "", int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
            return new(stem, RotationKind.Live, "", 0);
        }

        private static string StripCompression(string name)
        {
            foreach (string ext in (ReadOnlySpan<string>)[".gz", ".bz2", ".xz", ".zst"])
            {
                if (name.Length > ext.Length && name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) return name[..^ext.Length];
            }
            return name;
        }

        private static int Compare(RotationName a, RotationName b)
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

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OpsLogTools.Core.Bundles;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// RotatedSet.RotationName.Parse matches file names by hand (issue 19: the regexes cost a fresh process 0.1 s of CPU
/// before the first line). The regexes it replaced are kept here as the reference, with the code that read their
/// groups, and both are run on generated names: real rotation shapes, the same shapes with one character changed, and
/// random strings over the characters the patterns care about.
/// </summary>
public class RotatedSetNameTests
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.NonBacktracking;
    private static readonly Regex CloudFrontName = new(@"^(?<base>[A-Z0-9]+)\.(?<stamp>[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{2})\.(?<id>[A-Za-z0-9]+)$", Options);
    private static readonly Regex DateExtName = new(@"^(?<base>.+)-(?<stamp>[0-9]{8}([0-9]{2})?|[0-9]{4}-[0-9]{2}-[0-9]{2})(?<ext>\.log)?$", Options);
    private static readonly Regex NumberedName = new(@"^(?<base>.+)\.(?<n>[0-9]{1,4})$", Options);

    // The parse as it was (RotatedSet.cs before issue 19's first-call work).
    private static RotatedSet.RotationName Reference(string fileName)
    {
        string stem = fileName;
        foreach (string ext in (ReadOnlySpan<string>)[".gz", ".bz2", ".xz", ".zst"])
        {
            if (fileName.Length > ext.Length && fileName.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) { stem = fileName[..^ext.Length]; break; }
        }
        var m = CloudFrontName.Match(stem);
        if (m.Success) return new(m.Groups["base"].Value, RotatedSet.RotationKind.Dated, m.Groups["stamp"].Value.Replace("-", "", StringComparison.Ordinal) + "." + m.Groups["id"].Value, 0);
        m = DateExtName.Match(stem);
        if (m.Success)
        {
            string stamp = m.Groups["stamp"].Value.Replace("-", "", StringComparison.Ordinal);
            if (stamp.Length == 8) stamp += "00";
            return new(m.Groups["base"].Value + m.Groups["ext"].Value, RotatedSet.RotationKind.Dated, stamp, 0);
        }
        m = NumberedName.Match(stem);
        if (m.Success) return new(m.Groups["base"].Value, RotatedSet.RotationKind.Numbered, "", int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture));
        return new(stem, RotatedSet.RotationKind.Live, "", 0);
    }

    private static readonly string[] Shapes =
    [
        "messages", "messages-20220710", "messages-2022071012", "messages-2022-07-10", "access-20220710.log", "access.log-20220710",
        "site-access-2022-07-10.log", "messages.1", "messages.12", "messages.1234", "messages.12345", "syslog.0", "a.b.3",
        "E2ABCDEF12345.2022-07-19-12.abcd1234", "E1.2022-07-19-12.A", "e1.2022-07-19-12.abc", "E1.2022-07-19.abc", "-20220710",
        "x-20220710-20220711", "x-2022-07-10-11", "x-2022071", "x-202207101", "x-20220710.log.1", "x.2022-07-10", ".1", "-1",
        "messages-20220710\n", "messages.3\n", "a\nb.3", "a\nb-20220710", "E1.2022-07-19-12.ab\n", "x-20220710\n\n", "x-٢٠٢٢٠٧١٠",
    ];

    [Theory]
    [InlineData("")]
    [InlineData(".gz")]
    [InlineData(".GZ")]
    [InlineData(".bz2")]
    [InlineData(".zst")]
    public void KnownShapesParseAsTheRegexesDid(string compression)
    {
        foreach (string shape in Shapes)
        {
            string name = shape + compression;
            Assert.True(Reference(name) == RotatedSet.RotationName.Parse(name), $"'{name.Replace("\n", "\\n", StringComparison.Ordinal)}': {Reference(name)} against {RotatedSet.RotationName.Parse(name)}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ShapesWithOneCharacterChangedParseAsTheRegexesDid(int seed)
    {
        var rng = new Random(seed);
        const string Alphabet = "0123456789-._aZ\nlog";
        for (int i = 0; i < 4000; i++)
        {
            var sb = new StringBuilder(Shapes[rng.Next(Shapes.Length)]);
            int edits = rng.Next(1, 3);
            for (int e = 0; e < edits && sb.Length > 0; e++)
            {
                int at = rng.Next(sb.Length);
                char c = Alphabet[rng.Next(Alphabet.Length)];
                switch (rng.Next(3))
                {
                    case 0: sb[at] = c; break;
                    case 1: sb.Insert(at, c); break;
                    default: sb.Remove(at, 1); break;
                }
            }
            string name = sb.ToString();
            Assert.True(Reference(name) == RotatedSet.RotationName.Parse(name), $"'{name.Replace("\n", "\\n", StringComparison.Ordinal)}': {Reference(name)} against {RotatedSet.RotationName.Parse(name)}");
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public void RandomNamesParseAsTheRegexesDid(int seed)
    {
        var rng = new Random(seed);
        string[] pieces = ["0", "1", "2", "9", "2022", "07", "-", ".", ".log", "log", "a", "E", "Z", "\n", ".gz", "x"];
        for (int i = 0; i < 20000; i++)
        {
            var sb = new StringBuilder();
            int n = rng.Next(1, 12);
            for (int k = 0; k < n; k++) sb.Append(pieces[rng.Next(pieces.Length)]);
            string name = sb.ToString();
            Assert.True(Reference(name) == RotatedSet.RotationName.Parse(name), $"'{name.Replace("\n", "\\n", StringComparison.Ordinal)}': {Reference(name)} against {RotatedSet.RotationName.Parse(name)}");
        }
    }

    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void GroupingOrdersAsBefore(int seed)
    {
        // The grouping as it was: distinct paths, sets by directory then base name, each oldest first then by path.
        var rng = new Random(seed);
        string[] dirs = ["/b/var/log", "/b/var/log/httpd", "/a", ""];
        var paths = new List<string>();
        for (int i = 0; i < 300; i++)
        {
            string dir = dirs[rng.Next(dirs.Length)];
            string shape = Shapes[rng.Next(Shapes.Length)] + (rng.Next(3) == 0 ? ".gz" : "");
            paths.Add(dir.Length == 0 ? shape : dir + "/" + shape);
        }
        var expected = paths.Distinct(StringComparer.Ordinal)
            .Select(p => (Path: p, Dir: Path.GetDirectoryName(p) ?? "", Name: Reference(Path.GetFileName(p))))
            .GroupBy(f => (f.Dir, f.Name.BaseName))
            .OrderBy(g => g.Key.Dir, StringComparer.Ordinal).ThenBy(g => g.Key.BaseName, StringComparer.Ordinal)
            .Select(g => (g.Key.Dir, g.Key.BaseName, Files: g.OrderBy(f => f.Name, Comparer<RotatedSet.RotationName>.Create(RotatedSet.RotationName.Compare)).ThenBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Path).ToArray()))
            .ToArray();
        var actual = RotatedSet.Group(paths);
        Assert.Equal(expected.Length, actual.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Dir, actual[i].Directory);
            Assert.Equal(expected[i].BaseName, actual[i].BaseName);
            Assert.Equal(expected[i].Files, actual[i].Files);
        }
    }
}

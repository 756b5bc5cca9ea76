using System.Text.RegularExpressions;
using System.Xml.Linq;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Architecture;

/// <summary>
/// Data flows one way through the engine's reading half (README, "Layout"): files → records (<c>Reading</c>: lines,
/// gzip, encodings, journal/utmp record sources) → entries (<c>Formats</c>) → a whole bundle detected, read and dated
/// (<c>Bundles</c>). A layer names no type of a layer above it, in compiled code (read from the built assembly's
/// metadata, bodies included), in its sources (for what compiles to nothing: constants, <c>nameof</c>) and in its doc
/// comments. The fixture types in <see cref="LayerFixture"/> prove the metadata check sees each kind of reference.
/// </summary>
public sealed class LayerTests
{
    /// <summary>The layers, lowest first, by namespace (a namespace's children belong to it).</summary>
    private static readonly (string Name, string Namespace)[] Layers =
    [
        ("Reading", "OpsLogTools.Core.Reading"),
        ("Formats", "OpsLogTools.Core.Formats"),
        ("Bundles", "OpsLogTools.Core.Bundles"),
    ];

    private static string CoreAssembly => typeof(LineReader).Assembly.Location;

    [Fact]
    public void CompiledCodeOfALayerReferencesNoTypeOfALayerAboveIt()
    {
        var uses = TypeReferenceScanner.Scan(CoreAssembly);
        // The scan is not empty-handed: the bundle layer's session does use the formats (a scan that saw nothing would pass too).
        Assert.Contains(uses, u => u.From == "OpsLogTools.Core.Bundles.FileReadSession" && u.To == "OpsLogTools.Core.Formats.ILogFormat");
        Assert.Contains(uses, u => u.From.StartsWith("OpsLogTools.Core.Formats.", StringComparison.Ordinal) && u.To.StartsWith("OpsLogTools.Core.Reading.", StringComparison.Ordinal));

        var wrong = Violations(uses, Layers);
        Assert.True(wrong.Count == 0, "A lower layer uses a higher one:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void TheMetadataCheckSeesEveryKindOfReference()
    {
        // LayerFixture.Low names LayerFixture.High in one way per member (in this test assembly): each must be found.
        var uses = TypeReferenceScanner.Scan(typeof(LayerTests).Assembly.Location);
        (string, string)[] fixtureLayers = [("Low", typeof(LayerFixture.Low.OnlyInBodies).Namespace!), ("High", typeof(LayerFixture.High.Upper).Namespace!)];
        var wrong = Violations(uses, fixtureLayers);
        string[] expected =
        [
            "OnlyInBodies NewObject body", "OnlyInBodies StaticCall body", "OnlyInBodies FieldRead body", "OnlyInBodies Cast body",
            "OnlyInBodies TypeOf body", "OnlyInBodies GenericArgument body", "OnlyInBodies+<>c <InLambda>", "OnlyInBodies Local locals",
            "OnlyInBodies Catch catch", "OnlyInBodies Parameter signature", "OnlyInBodies Returned signature",
            "OnlyInBodies field Kept", "Derived base type", "Implementer interface", "Attributed attribute",
        ];
        foreach (string where in expected) Assert.Contains(wrong, w => w.StartsWith(where, StringComparison.Ordinal));
        // The high fixture uses the low one: allowed, so not among them.
        Assert.Contains(uses, u => u.From.EndsWith("High.UsesLow", StringComparison.Ordinal) && u.To.EndsWith("Low.OnlyInBodies", StringComparison.Ordinal));
        Assert.DoesNotContain(wrong, w => w.Contains("UsesLow", StringComparison.Ordinal));
    }

    [Fact]
    public void SourcesOfALayerNameNoNamespaceOfALayerAboveIt()
    {
        string core = Path.Combine(RepositoryRoot(), "src", "OpsLogTools.Core");
        // The full namespace (using lines, global:: names), or the short one a type in OpsLogTools.Core.X resolves.
        var names = Layers.Select(l => new Regex(
            $@"{Regex.Escape(l.Namespace)}\b|(?:^|[^\w.]){l.Namespace[(l.Namespace.LastIndexOf('.') + 1)..]}\.[A-Z]",
            RegexOptions.NonBacktracking)).ToArray();
        var wrong = new List<string>();
        for (int i = 0; i < Layers.Length; i++)
        {
            string folder = Path.Combine(core, Layers[i].Namespace["OpsLogTools.Core.".Length..].Replace('.', Path.DirectorySeparatorChar));
            Assert.True(Directory.Exists(folder), folder);
            foreach (string file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                string code = WithoutComments(File.ReadAllText(file));
                for (int above = i + 1; above < Layers.Length; above++)
                {
                    foreach (Match m in names[above].Matches(code))
                    {
                        wrong.Add($"{Path.GetRelativePath(core, file)}: names {Layers[above].Name} ('{m.Value.Trim()}')");
                    }
                }
            }
        }
        Assert.True(wrong.Count == 0, "A lower layer's source names a higher one:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void DocCommentsOfALayerCiteNoTypeOfALayerAboveIt()
    {
        string xml = Path.ChangeExtension(CoreAssembly, ".xml");
        Assert.True(File.Exists(xml), $"{xml}: the doc file is built with the assembly (GenerateDocumentationFile)");
        var wrong = new List<string>();
        foreach (var member in XDocument.Load(xml).Descendants("member"))
        {
            string name = (string?)member.Attribute("name") ?? "";
            int layer = LayerOf(name[(name.IndexOf(':') + 1)..], Layers);
            if (layer < 0) continue;
            foreach (var cref in member.Descendants().Attributes("cref"))
            {
                string target = cref.Value[(cref.Value.IndexOf(':') + 1)..];
                if (LayerOf(target, Layers) > layer) wrong.Add($"{name} cites {cref.Value}");
            }
        }
        Assert.True(wrong.Count == 0, "A lower layer's doc comment cites a higher one:\n" + string.Join("\n", wrong));
    }

    /// <summary>Each use of a type of a higher layer by a type of a lower one, as "From → To (where)".</summary>
    private static List<string> Violations(IEnumerable<TypeUse> uses, (string Name, string Namespace)[] layers) =>
        uses.Where(u => LayerOf(u.From, layers) is var from and >= 0 && LayerOf(u.To, layers) > from)
            .Select(u => $"{u.Where}: {u.From} → {u.To}")
            .Distinct()
            .ToList();

    private static int LayerOf(string fullName, (string Name, string Namespace)[] layers)
    {
        for (int i = 0; i < layers.Length; i++)
        {
            if (fullName.StartsWith(layers[i].Namespace + ".", StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    private static string WithoutComments(string source)
    {
        var lines = source.Split('\n').Select(l =>
        {
            int at = l.IndexOf("//", StringComparison.Ordinal);
            return at >= 0 ? l[..at] : l;
        });
        return Regex.Replace(string.Join("\n", lines), @"/\*.*?\*/", "", RegexOptions.Singleline | RegexOptions.NonBacktracking);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsLogTools.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no OpsLogTools.sln above {AppContext.BaseDirectory}");
    }
}

using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// A whole bundle read as <c>Get-LogEntry</c> reads a copied <c>/var/log</c>: the input, cut at <c>"\n=====\n"</c>, becomes
/// up to three files (an access log, a syslog file, a yum log by name; the format is still detected from content),
/// read by <see cref="LogReader"/> with detection, rotation, the year and zone taken from the bundle's dated files
/// (which the input controls), and every registered parser. <see cref="LogReader"/> promises that bad input never
/// throws; on top, no probe or parser may have thrown inside it (the engine would have hidden that as a lost line), and
/// no file may fail for another reason than damaged gzip.
/// </summary>
internal static class BundleTarget
{
    private static readonly byte[] Separator = "\n=====\n"u8.ToArray();
    private static readonly string[] Names = ["httpd/access_log", "messages", "yum.log"];
    private static readonly IReadOnlyList<ILogFormat> Formats = [.. FormatRegistry.All.Select(f => new RecordingFormat(f))];
    private static readonly DateTime Mtime = new(2022, 7, 20, 3, 0, 0, DateTimeKind.Utc);
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static string? _root;

    /// <summary>A folder of this process's own: under OPSLOGTOOLS_FUZZ_SCRATCH (build.ps1 points it into out/fuzz), else the temp folder.</summary>
    private static string ScratchFolder()
    {
        string? parent = Environment.GetEnvironmentVariable("OPSLOGTOOLS_FUZZ_SCRATCH");
        if (string.IsNullOrEmpty(parent)) return Directory.CreateTempSubdirectory($"opslogtools-fuzz-{Environment.ProcessId}-").FullName;
        string mine = Path.Combine(parent, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(mine)) Directory.Delete(mine, recursive: true);
        return Directory.CreateDirectory(mine).FullName;
    }

    /// <summary>Several files as one input.</summary>
    public static byte[] Join(IEnumerable<byte[]> files)
    {
        var all = new List<byte>();
        foreach (byte[] file in files)
        {
            if (all.Count > 0) all.AddRange(Separator);
            all.AddRange(file);
        }
        return [.. all];
    }

    public static void Run(byte[] input)
    {
        string root = _root ??= ScratchFolder();
        foreach (string name in Names)
        {
            string path = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path);
        }
        var rest = input.AsSpan();
        for (int i = 0; i < Names.Length && (i == 0 || !rest.IsEmpty); i++)
        {
            int cut = i == Names.Length - 1 ? -1 : rest.IndexOf(Separator);
            var part = cut < 0 ? rest : rest[..cut];
            rest = cut < 0 ? default : rest[(cut + Separator.Length)..];
            string path = Path.Combine(root, Names[i]);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, part.ToArray());
            File.SetLastWriteTimeUtc(path, Mtime);
        }

        RecordingFormat.Reset();
        var diagnostics = new CollectingDiagnostics();
        var reader = new LogReader(Formats);
        int entries = 0;
        foreach (var entry in reader.Read([root], new LogReadOptions { LocalZone = Zone, MaxLineLength = 4096 }, diagnostics))
        {
            _ = entry.ToString();
            if (++entries > 100_000) break;
        }
        if (RecordingFormat.Thrown is { } thrown) throw thrown;
        foreach (var (path, id, message) in diagnostics.Errors)
        {
            FuzzCheck.That(id is ErrorIds.TruncatedGzip or ErrorIds.CorruptGzip, $"{Path.GetFileName(path)}: {id}: {message}");
        }
    }
}

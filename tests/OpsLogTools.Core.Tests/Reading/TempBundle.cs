using System.IO.Compression;
using System.Text;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>A scratch directory for one test, deleted afterwards.</summary>
internal sealed class TempBundle : IDisposable
{
    public TempBundle()
    {
        Root = Path.Combine(Path.GetTempPath(), "opslogtools-reading-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text, DateTimeOffset? mtime = null) => WriteBytes(relative, Encoding.UTF8.GetBytes(text), mtime);

    public string WriteBytes(string relative, byte[] bytes, DateTimeOffset? mtime = null)
    {
        string path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        if (mtime is { } t) File.SetLastWriteTimeUtc(path, t.UtcDateTime);
        return path;
    }

    /// <summary>Writes a gzip file with one member per text given (several = <c>gzip a; gzip b; cat</c>).</summary>
    public string WriteGzip(string relative, DateTimeOffset? mtime, params string[] members) =>
        WriteBytes(relative, Gzip(members), mtime);

    public static byte[] Gzip(params string[] members)
    {
        var all = new MemoryStream();
        foreach (string text in members)
        {
            var one = new MemoryStream();
            using (var gz = new GZipStream(one, CompressionLevel.Optimal, leaveOpen: true))
            {
                gz.Write(Encoding.UTF8.GetBytes(text));
            }
            all.Write(one.ToArray());
        }
        return all.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}

using System.IO.Compression;
using System.Text;

namespace OpsLogTools.Core.Sample;

/// <summary>One file being written: its bytes, the number of the next line, and how it ends up on disk.</summary>
internal sealed class LogFileBuffer
{
    private readonly MemoryStream _bytes = new();

    public LogFileBuffer(string path, string kind, bool gzip)
    {
        Path = path;
        Kind = kind;
        Gzip = gzip;
    }

    public string Path { get; }
    public string Kind { get; }
    public bool Gzip { get; }
    public long Position => _bytes.Length;
    /// <summary>Lines ended so far; the next line written is number <c>Lines + 1</c>.</summary>
    public long Lines { get; private set; }
    public DateTimeOffset? FirstTime { get; private set; }
    public DateTimeOffset? LastTime { get; private set; }

    /// <summary>Writes a line and returns its number.</summary>
    public long WriteLine(string text, DateTimeOffset? trueTime = null)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        _bytes.Write(bytes);
        _bytes.WriteByte((byte)'\n');
        if (trueTime is { } t)
        {
            FirstTime ??= t;
            LastTime = t;
        }
        return ++Lines;
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => _bytes.Write(bytes);

    /// <summary>Writes the file under <paramref name="root"/> and describes it.</summary>
    public FileTruth Save(string root)
    {
        string full = System.IO.Path.Combine(root, Path.Replace('/', System.IO.Path.DirectorySeparatorChar));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        using (var file = new FileStream(full, FileMode.Create, FileAccess.Write, FileShare.Read))
        {
            _bytes.Position = 0;
            if (Gzip)
            {
                using var gz = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
                _bytes.CopyTo(gz);
            }
            else _bytes.CopyTo(file);
        }
        var buffer = _bytes.GetBuffer();
        long length = _bytes.Length;
        long lineCount = Lines + (length > 0 && buffer[length - 1] != (byte)'\n' ? 1 : 0);
        return new FileTruth { Path = Path, Kind = Kind, Compressed = Gzip, LineCount = lineCount, Bytes = length, FirstTime = FirstTime, LastTime = LastTime };
    }
}

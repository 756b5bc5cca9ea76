using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>How far a read has got, by bytes on disk.</summary>
public sealed class ReadProgress
{
    /// <summary>Creates a progress record.</summary>
    public ReadProgress(long bytesRead, long totalBytes, string currentFile, int fileNumber, int fileCount, bool completed = false)
    {
        BytesRead = bytesRead;
        TotalBytes = totalBytes;
        CurrentFile = currentFile;
        FileNumber = fileNumber;
        FileCount = fileCount;
        Completed = completed;
    }

    /// <summary>Bytes of all files consumed so far (compressed bytes for gzip).</summary>
    public long BytesRead { get; }

    /// <summary>Size of all files to read, on disk.</summary>
    public long TotalBytes { get; }

    /// <summary>The file being read.</summary>
    public string CurrentFile { get; }

    /// <summary>1-based number of the file being read.</summary>
    public int FileNumber { get; }

    /// <summary>How many files are to be read.</summary>
    public int FileCount { get; }

    /// <summary>True on the last record, when every file has been read.</summary>
    public bool Completed { get; }

    /// <summary>0–100.</summary>
    public int PercentComplete => Completed ? 100 : TotalBytes <= 0 ? 0 : (int)Math.Clamp(BytesRead * 100 / TotalBytes, 0, 99);
}

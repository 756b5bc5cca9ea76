namespace OpsLogTools.Core.Reading;

/// <summary>A path named something other than a regular file (a FIFO, a socket, a device, a directory): it was not opened.</summary>
public sealed class NotRegularFileException : IOException
{
    /// <summary>Creates the exception for <paramref name="path"/>, which is a <paramref name="kind"/>.</summary>
    public NotRegularFileException(string path, FileNodeKind kind, string message) : base(message)
    {
        Path = path;
        Kind = kind;
    }

    /// <summary>The path.</summary>
    public string Path { get; }

    /// <summary>What it is instead.</summary>
    public FileNodeKind Kind { get; }
}

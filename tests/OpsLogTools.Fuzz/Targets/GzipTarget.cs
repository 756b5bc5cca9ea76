using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// <see cref="GzipContentStream"/> (every member, then the trailer check) read to its end through a
/// <see cref="LineReader"/>, as a <c>.gz</c> log is read. Damaged data may fail only with the exceptions the engine
/// turns into a per-file error (<see cref="LogFileOpener.IsReadFailure"/>); anything else escapes to afl-fuzz.
/// </summary>
internal static class GzipTarget
{
    // A small input may expand to gigabytes (a gzip bomb): reading stops here, which is enough to reach every path.
    private const long MaxDecompressed = 64L << 20;

    public static void Run(byte[] input)
    {
        using var content = new GzipContentStream(new MemoryStream(input, writable: false), "fuzz.gz");
        using var reader = new LineReader(content, 4096, leaveOpen: true);
        try
        {
            while (reader.BytesRead < MaxDecompressed && reader.TryReadLine(out _))
            {
            }
        }
        catch (Exception e) when (LogFileOpener.IsReadFailure(e))
        {
            // Reported per file by the engine (TruncatedGzip, CorruptGzip): expected for damaged input.
        }
    }
}

using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>
/// Reads a few stamps at the head and the tail of each fully dated file (Apache <c>%z</c>, CloudFront, ISO stamps with
/// an offset): they bound the time of the bundle, and the offsets of local-time files among them are the host's zone
/// as it stood at each of those moments (-04:00 before a New York November change, -05:00 after).
/// </summary>
internal static class AnchorReader
{
    private const int StampsPerEnd = 5;
    private const int HeadLinesToTry = 200;

    public static List<TimeReferenceBuilder.Anchor> Read(LogFile file, LogReadOptions options, CancellationToken cancellationToken)
    {
        var head = new List<DateTimeOffset>();
        var tail = new Queue<DateTimeOffset>();
        var reference = TimeReference.AtInstant(file.LastWriteTime, options.LocalZone, "mtime of " + file.DisplayName, "local zone");
        FileSample.Read(file, reference, options, HeadLinesToTry, FileSample.TailBytes, line =>
        {
            var stamp = line.Entry.Timestamp;
            if (!line.InTail && head.Count < StampsPerEnd) head.Add(stamp);
            else
            {
                tail.Enqueue(stamp);
                if (tail.Count > StampsPerEnd) tail.Dequeue();
            }
            return true;
        }, cancellationToken);
        return head.Concat(tail).Select(s => new TimeReferenceBuilder.Anchor(s, file)).ToList();
    }
}

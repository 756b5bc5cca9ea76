using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// The bot engine's fast path (<see cref="RequestFactParser"/>, straight to facts) against the entry readers it must
/// equal (its contract: the facts equal <see cref="RequestFacts.From"/> of the entry the slow path builds), for
/// CloudFront and each access format, over the same lines in order.
/// </summary>
internal static class RequestFactsTarget
{
    // One set for the process, as the engine keeps one per worker thread for a whole run.
    private static readonly FieldStringPools Pools = new();

    private static readonly LogFormat[] Formats = [LogFormat.CloudFront, .. AccessScannerTarget.AccessFormats];

    public static void Run(byte[] input)
    {
        foreach (var format in Formats)
        {
            var slow = FormatRegistry.All.First(f => f.Format == format).CreateParser(new ParserContext("/var/log/fuzz", Clock()));
            var fast = new RequestFactParser(format, Pools) { Buffer = new RequestFacts[1] };
            using var reader = new LineReader(new MemoryStream(input, writable: false), 1 << 16);
            while (reader.TryReadLine(out var line))
            {
                fast.Count = 0;
                var a = slow.TryParse(line, reader.LineNumber, out var entry);
                var b = fast.TryParse(line, reader.LineNumber, out _);
                FuzzCheck.That(a == b, $"{format} line {reader.LineNumber}: the entry reader says {a}, the fast path {b}");
                if (a != LineParseStatus.Parsed) continue;
                FuzzCheck.That(fast.Count == 1, $"{format} line {reader.LineNumber}: the fast path parsed without a fact");
                Same(format, reader.LineNumber, RequestFacts.From((AccessLogEntry)entry!), fast.Buffer[0]);
            }
        }
    }

    private static void Same(LogFormat format, long number, RequestFacts slow, RequestFacts fast)
    {
        void Field<T>(string name, T a, T b) =>
            FuzzCheck.That(EqualityComparer<T>.Default.Equals(a, b), $"{format} line {number}: {name} is '{a}' from the entry, '{b}' from the fast path");

        Field(nameof(slow.Timestamp), slow.Timestamp, fast.Timestamp);
        Field(nameof(slow.ConnectingIp), slow.ConnectingIp, fast.ConnectingIp);
        Field(nameof(slow.ForwardedFor), slow.ForwardedFor, fast.ForwardedFor);
        Field(nameof(slow.Method), slow.Method, fast.Method);
        Field(nameof(slow.Path), slow.Path, fast.Path);
        Field(nameof(slow.Query), slow.Query, fast.Query);
        Field(nameof(slow.Status), slow.Status, fast.Status);
        Field(nameof(slow.UserAgent), slow.UserAgent, fast.UserAgent);
        Field(nameof(slow.Referer), slow.Referer, fast.Referer);
        Field(nameof(slow.IsCloudFront), slow.IsCloudFront, fast.IsCloudFront);
        Field(nameof(slow.ResultType), slow.ResultType, fast.ResultType);
        Field(nameof(slow.TimeTaken), slow.TimeTaken, fast.TimeTaken);
        // The address as a number is an index for the same text, never a different client.
        if (fast.ConnectingIpv4 != 0) Field("ConnectingIpv4", fast.ConnectingIp, IpAddressText.FormatV4(fast.ConnectingIpv4));
    }

    private static StampClock Clock() =>
        new(TimeReference.AtInstant(new DateTimeOffset(2022, 7, 19, 12, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc, "fuzz", "fuzz"));
}

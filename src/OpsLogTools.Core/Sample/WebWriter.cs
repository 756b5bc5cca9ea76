using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>Writes CloudFront's hourly standard logs, the origin's access_log and error_log (rotated like the rest).</summary>
internal sealed class WebWriter
{
    /// <summary>The standard log fields, in AWS's order.</summary>
    public const string CloudFrontFields = "date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end";

    private readonly GeneratorContext _ctx;

    public WebWriter(GeneratorContext ctx) => _ctx = ctx;

    public IEnumerable<LogFileBuffer> CloudFront(List<ViewerRequest> requests)
    {
        var rng = _ctx.Rng(61);
        var buffers = new List<LogFileBuffer>();
        LogFileBuffer? buffer = null;
        string? hour = null;
        foreach (var r in requests.OrderBy(r => r.LogTime).ThenBy(r => r.Seq))
        {
            var t = r.LogTime.UtcDateTime;
            string key = t.ToString("yyyy-MM-dd-HH", CultureInfo.InvariantCulture);
            if (key != hour || buffer is null)
            {
                hour = key;
                string id = rng.Next().ToString("x8", CultureInfo.InvariantCulture);
                buffer = new LogFileBuffer($"cloudfront/{_ctx.S.DistributionId}.{key}.{id}.gz", "CloudFront", gzip: true);
                buffer.WriteLine("#Version: 1.0");
                buffer.WriteLine("#Fields: " + CloudFrontFields);
                buffers.Add(buffer);
            }
            r.CloudFrontPath = buffer.Path;
            r.CloudFrontLine = buffer.WriteLine(CloudFrontLine(r), r.LogTime);
        }
        return buffers;
    }

    private string CloudFrontLine(ViewerRequest r)
    {
        var t = r.LogTime.UtcDateTime;
        bool browser = r.Protocol == "HTTP/2.0";
        double ttfb = r.ResultType is "Hit" ? r.TimeTaken : Math.Max(0.001, r.TimeTaken - 0.001);
        string[] f =
        [
            t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            t.ToString("HH:mm:ss", CultureInfo.InvariantCulture),
            r.Edge,
            (r.HeaderBytes + r.BodyBytes).ToString(CultureInfo.InvariantCulture),
            r.ClientIp,
            r.Method,
            _ctx.S.DistributionDomain,
            r.Path,
            r.Status.ToString(CultureInfo.InvariantCulture),
            TextFormat.CloudFrontEncode(r.Referer),
            TextFormat.CloudFrontEncode(r.UserAgent),
            r.Query ?? "-",
            "-",
            r.ResultType,
            r.RequestId,
            _ctx.S.SiteHost,
            "https",
            r.RequestBytes.ToString(CultureInfo.InvariantCulture),
            TextFormat.Seconds(r.TimeTaken),
            "-",
            browser ? "TLSv1.3" : "TLSv1.2",
            browser ? "TLS_AES_128_GCM_SHA256" : "ECDHE-RSA-AES128-GCM-SHA256",
            r.ResultType,
            r.Protocol,
            "-",
            "-",
            r.ClientPort.ToString(CultureInfo.InvariantCulture),
            TextFormat.Seconds(ttfb),
            r.DetailedResultType,
            TextFormat.CloudFrontEncode(r.ContentType),
            r.Status == 304 ? "-" : r.BodyBytes.ToString(CultureInfo.InvariantCulture),
            "-",
            "-",
        ];
        return string.Join('\t', f);
    }

    public IEnumerable<LogFileBuffer> AccessLog(List<ViewerRequest> requests)
    {
        var buffers = new List<LogFileBuffer>();
        LogFileBuffer? buffer = null;
        int segment = -1;
        foreach (var r in requests.Where(r => r.OriginLogged).OrderBy(r => r.OriginAt).ThenBy(r => r.Seq))
        {
            int s = _ctx.Segment(r.OriginAt);
            if (s != segment || buffer is null)
            {
                segment = s;
                buffer = NewBuffer("httpd/access_log", s, "AccessLog");
                buffers.Add(buffer);
            }
            var local = _ctx.ToLocal(r.OriginAt);
            string target = r.Query is null ? r.Path : r.Path + "?" + r.Query;
            string bytes = r.OriginBytes > 0 ? r.OriginBytes.ToString(CultureInfo.InvariantCulture) : "-";
            string line = $"{r.EdgeAddress} - - {TextFormat.ApacheStamp(local)} \"{r.Method} {target} HTTP/1.1\" {r.OriginStatus.ToString(CultureInfo.InvariantCulture)} {bytes} \"{r.Referer ?? "-"}\" \"{r.UserAgent}\"";
            if (_ctx.S.OriginLogsForwardedFor) line += $" \"{r.ClientIp}\"";
            r.OriginPath = buffer.Path;
            r.OriginLine = buffer.WriteLine(line, _ctx.ToLocal(r.OriginAt));
        }
        if (buffer is null || segment < _ctx.Rotations.Count) buffers.Add(NewBuffer("httpd/access_log", _ctx.Rotations.Count, "AccessLog"));
        return buffers;
    }

    public IEnumerable<LogFileBuffer> ErrorLog(List<ErrorLogLine> lines)
    {
        var buffers = new List<LogFileBuffer>();
        LogFileBuffer? buffer = null;
        int segment = -1;
        foreach (var e in lines.OrderBy(e => e.True).ThenBy(e => e.Seq))
        {
            int s = _ctx.Segment(e.True);
            if (s != segment || buffer is null)
            {
                segment = s;
                buffer = NewBuffer("httpd/error_log", s, "ErrorLog");
                buffers.Add(buffer);
            }
            var local = _ctx.ToLocal(e.True);
            buffer.WriteLine($"[{TextFormat.ApacheErrorStamp(local.DateTime)}] [{e.Module}:{e.Level}] [pid {e.Pid}] {e.Message()}", local);
        }
        if (buffer is null || segment < _ctx.Rotations.Count) buffers.Add(NewBuffer("httpd/error_log", _ctx.Rotations.Count, "ErrorLog"));
        return buffers;
    }

    private LogFileBuffer NewBuffer(string name, int segment, string kind) => new(_ctx.SegmentName(name, segment, out bool gzip), kind, gzip);
}

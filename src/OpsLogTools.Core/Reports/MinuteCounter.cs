using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>Requests per minute by status class, per source. Memory grows with busy minutes, not with requests.</summary>
internal sealed class MinuteCounter
{
    private readonly Dictionary<long, long[]>[] _bySource = [new(), new()];

    public void Add(AccessLogEntry entry)
    {
        var source = entry.Format == LogFormat.CloudFront ? RequestSource.CloudFront : RequestSource.Origin;
        long minute = entry.Timestamp.UtcTicks / TimeSpan.TicksPerMinute;
        var map = _bySource[(int)source];
        if (!map.TryGetValue(minute, out var counts)) map[minute] = counts = new long[5];
        counts[Slot(entry.Status)]++;
    }

    public static StatusClass ClassOf(int status) => status switch
    {
        >= 200 and < 300 => StatusClass.Success,
        >= 300 and < 400 => StatusClass.Redirect,
        >= 400 and < 500 => StatusClass.ClientError,
        >= 500 and < 600 => StatusClass.ServerError,
        _ => StatusClass.Other,
    };

    private static int Slot(int status) => ClassOf(status) switch
    {
        StatusClass.Success => 0,
        StatusClass.Redirect => 1,
        StatusClass.ClientError => 2,
        StatusClass.ServerError => 3,
        _ => 4,
    };

    public List<RequestMinute> ToList()
    {
        var list = new List<RequestMinute>();
        for (int s = 0; s < _bySource.Length; s++)
        {
            foreach (var (minute, c) in _bySource[s])
            {
                list.Add(new RequestMinute
                {
                    Minute = new DateTimeOffset(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero),
                    Source = (RequestSource)s,
                    Success = c[0],
                    Redirect = c[1],
                    ClientError = c[2],
                    ServerError = c[3],
                    Other = c[4],
                });
            }
        }
        list.Sort((a, b) => a.Minute != b.Minute ? a.Minute.CompareTo(b.Minute) : a.Source.CompareTo(b.Source));
        return list;
    }
}

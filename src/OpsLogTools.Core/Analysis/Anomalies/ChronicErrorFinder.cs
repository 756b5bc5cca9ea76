using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Anomalies;

/// <summary>
/// Finds errors that recur all along an error log at a steady rate: one signature (see <see cref="ErrorSignature"/>)
/// present in most hours of a stretch of at least six. Such a condition (a missing file every visitor's browser asks
/// for, a health check hitting a directory without an index) is one finding with its rate, and its rate, hour by hour,
/// is the background a burst must rise clearly above. The rate follows the day (busy hours hit the missing file more):
/// each hour's background is the median of the hours around it, so a burst of the same error inside one hour does not
/// raise its own background.
/// </summary>
internal static class ChronicErrorFinder
{
    private const long Minute = TimeSpan.TicksPerMinute;
    private const long Hour = TimeSpan.TicksPerHour;
    /// <summary>Fewest lines of one signature that can make a chronic condition.</summary>
    private const int FewestLines = 24;
    /// <summary>Hours from its first line to its last: shorter is a burst, however steady.</summary>
    private const int ShortestHours = 6;
    /// <summary>Share of those hours that hold the error at least once.</summary>
    private const double PresentShare = 2.0 / 3;
    /// <summary>Hours either side whose median is an hour's background.</summary>
    private const int Around = 3;

    /// <summary>The chronic errors of error log <paramref name="f"/>, each with its hourly background.</summary>
    public static List<ChronicError> Find(BundleFacts bundle, FileFacts f)
    {
        var found = new List<ChronicError>();
        if (!f.IsErrorLog || !bundle.ErrorKinds.TryGetValue(f, out var kinds) || kinds.Lines.Count < FewestLines) return found;
        long t0 = f.True.Min() / Hour * Hour;
        foreach (var group in kinds.Lines.GroupBy(l => l.Hash))
        {
            var indexes = group.Select(l => l.Index).OrderBy(i => f.True[i]).ToList();
            if (indexes.Count < FewestLines) continue;
            long first = f.True[indexes[0]], last = f.True[indexes[^1]];
            int firstHour = (int)((first - t0) / Hour), lastHour = (int)((last - t0) / Hour);
            int hours = lastHour - firstHour + 1;
            if (hours < ShortestHours) continue;
            var hourly = new int[hours];
            foreach (int i in indexes) hourly[(int)((f.True[i] - t0) / Hour) - firstHour]++;
            int present = hourly.Count(c => c > 0);
            if (present < PresentShare * hours) continue;
            var background = new double[hours];
            for (int h = 0; h < hours; h++)
                background[h] = Median(hourly, Math.Max(0, h - Around), Math.Min(hours - 1, h + Around));
            found.Add(new ChronicError(group.Key, kinds.TextOf(group.Key), kinds.ClientsOf(group.Key), indexes, t0 + firstHour * Hour,
                hourly, background, Median(hourly, 0, hours - 1), present));
        }
        return found;
    }

    /// <summary>Expected chronic error lines in each minute of the file's grid (minute 0 at <paramref name="minute0"/>).</summary>
    public static double[] BackgroundPerMinute(IReadOnlyList<ChronicError> chronic, long minute0, int minutes)
    {
        var expected = new double[minutes];
        foreach (var c in chronic)
        {
            for (int h = 0; h < c.Hourly.Length; h++)
            {
                long from = (c.HourZero + h * Hour) / Minute - minute0;
                for (long m = Math.Max(0, from); m < Math.Min(minutes, from + 60); m++) expected[m] += c.Background[h] / 60;
            }
        }
        return expected;
    }

    /// <summary>The finding for one chronic error.</summary>
    public static LogAnomaly Report(FileFacts f, ChronicError c)
    {
        int first = c.Indexes[0], last = c.Indexes[^1];
        int hours = c.Hourly.Length;
        var evidence = new List<string>
        {
            $"{c.Indexes.Count} line(s) of this one error from {f.Where(first)} ({Words.Time(f.TrueAt(first))}) to {f.Where(last)} ({Words.Time(f.TrueAt(last))}), in {c.HoursPresent} of the {hours} hour(s) between: a steady background, not a burst.",
            $"About {Words.Number(c.RatePerHour)} an hour (the median hour); the busiest hour held {c.Hourly.Max()}, the average is {Words.Number(c.Indexes.Count / (double)hours)}. An error burst in this file is only one that rises clearly above this rate.",
            $"The error, as {f.Where(first)} words it without client, referer and numbers: {c.Text}",
        };
        if (c.Clients > 0) evidence.Add($"Caused by {(c.Clients >= 1000 ? "1000 or more" : c.Clients.ToString(System.Globalization.CultureInfo.InvariantCulture))} client address(es).");
        string service = f.Format is LogFormat.NginxError ? "nginx" : "httpd";
        return new LogAnomaly
        {
            Kind = AnomalyKind.ChronicErrors,
            Path = f.Path,
            FirstLine = f.Line[first],
            LastLine = f.Line[last],
            LineCount = c.Indexes.Count,
            StampedStart = f.StampAt(first),
            StampedEnd = f.StampAt(last),
            Start = f.TrueAt(first),
            End = f.TrueAt(last),
            Cause = AnomalyCause.Unknown,
            Tampering = TamperVerdict.Unlikely,
            Confidence = 0.9,
            Service = service,
            RatePerHour = Math.Round(c.RatePerHour, 2),
            Signature = c.Text,
            Summary = $"{c.Indexes.Count} times the same error in {Words.Duration(TimeSpan.FromTicks(f.True[last] - f.True[first]))}, about {Words.Number(c.RatePerHour)} an hour: {Short(c.Text)}",
            Evidence = evidence,
        };
    }

    private static string Short(string text) => text.Length <= 80 ? text : text[..80] + "…";

    private static double Median(int[] values, int from, int to)
    {
        var window = values[from..(to + 1)];
        Array.Sort(window);
        int n = window.Length;
        return n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2.0;
    }
}

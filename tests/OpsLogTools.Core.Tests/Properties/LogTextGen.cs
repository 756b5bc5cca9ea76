using System.Globalization;
using System.Text;
using CsCheck;

namespace OpsLogTools.Core.Tests.Properties;

/// <summary>
/// Random log files for the reading laws: a run of lines of one format with stamps moving forward by random steps
/// (seconds to hours, across New Year now and then), in rsyslog's traditional format (yearless: the year comes from
/// the file's mtime) or Apache's combined format (fully dated, <c>%z</c>), with now and then a blank line. The lines
/// follow rsyslog's RSYSLOG_TraditionalFileFormat and Apache's mod_log_config combined format.
/// </summary>
public static class LogTextGen
{
    /// <summary>One generated file: its text and the instant of its last line.</summary>
    public sealed record LogText(string Text, DateTimeOffset Last, bool Yearless)
    {
        public override string ToString() => $"{(Yearless ? "syslog" : "combined")}, {Text.Length} chars, last {Last:O}:\n{Text}";
    }

    private static readonly Gen<DateTimeOffset> Start =
        Gen.Select(Gen.Int[2019, 2024], Gen.Int[1, 12], Gen.Int[1, 28], Gen.Int[0, 86399], Gen.OneOf(0, 9, -5))
            .Select((y, m, d, s, h) => new DateTimeOffset(y, m, d, 0, 0, 0, TimeSpan.FromHours(h)).AddSeconds(s));

    // Mostly seconds apart, sometimes hours, at most a day: a file spans at most two months (within a year either way, so
    // the year of a yearless stamp is never in doubt); a month-end start makes some runs cross a month or the year.
    private static readonly Gen<int> Step = Gen.Frequency((6, Gen.Int[0, 90]), (2, Gen.Int[90, 7200]), (1, Gen.Int[7200, 86400]));

    /// <summary>A file of 1 to 60 lines.</summary>
    public static readonly Gen<LogText> File =
        Gen.Select(Gen.Bool, Start, Step.Array[1, 60], Gen.Int[0, 9].Array[60]).Select((yearless, start, steps, noise) =>
        {
            var sb = new StringBuilder();
            var t = start;
            for (int i = 0; i < steps.Length; i++)
            {
                t = t.AddSeconds(steps[i]);
                if (noise[i] == 0) sb.Append('\n'); // a blank line between entries
                sb.Append(yearless ? Syslog(t, i, noise[i]) : Combined(t, i, noise[i])).Append('\n');
            }
            return new LogText(sb.ToString(), t, yearless);
        });

    private static string Syslog(DateTimeOffset t, int i, int noise) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{t.ToString("MMM", CultureInfo.InvariantCulture)} {t.Day,2} {t:HH:mm:ss} web01 {(noise % 2 == 0 ? "sshd" : "CROND")}[{1000 + i}]: line {i} for user{noise} from 203.0.113.{i % 250}");

    private static string Combined(DateTimeOffset t, int i, int noise) =>
        string.Create(CultureInfo.InvariantCulture,
            $"198.51.100.{i % 250} - - [{t.ToString("dd/MMM/yyyy:HH:mm:ss", CultureInfo.InvariantCulture)} {(t.Offset < TimeSpan.Zero ? '-' : '+')}{t.Offset.Duration():hhmm}] \"GET /page/{i}?q={noise} HTTP/1.1\" {(noise == 9 ? 500 : 200)} {100 + i} \"-\" \"Mozilla/5.0 (X11; Linux x86_64)\"");
}

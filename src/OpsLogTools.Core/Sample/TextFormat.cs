using System.Globalization;
using System.Text;

namespace OpsLogTools.Core.Sample;

/// <summary>How each log writes its stamps and fields (invariant culture throughout).</summary>
internal static class TextFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>rsyslog's RSYSLOG_TraditionalFileFormat stamp: <c>Jul  2 03:00:01</c> (day padded with a space).</summary>
    public static string SyslogStamp(DateTime local) =>
        string.Create(Inv, $"{Months[local.Month - 1]} {local.Day,2} {local:HH':'mm':'ss}");

    /// <summary>yum.log's stamp (Python's <c>%b %d %H:%M:%S</c>: day padded with a zero).</summary>
    public static string YumStamp(DateTime local) =>
        string.Create(Inv, $"{Months[local.Month - 1]} {local:dd HH':'mm':'ss}");

    /// <summary>Apache's <c>%t</c> with <c>%z</c>: <c>[19/Jul/2022:21:10:03 +0900]</c>.</summary>
    public static string ApacheStamp(DateTimeOffset t)
    {
        var off = t.Offset;
        string zone = (off < TimeSpan.Zero ? "-" : "+") + off.Duration().ToString("hhmm", Inv);
        return string.Create(Inv, $"[{t.Day:00}/{Months[t.Month - 1]}/{t.Year}:{t:HH':'mm':'ss} {zone}]");
    }

    /// <summary>Apache 2.4 error_log stamp: <c>Tue Jul 19 21:10:03.123456 2022</c>.</summary>
    public static string ApacheErrorStamp(DateTime local) =>
        local.ToString("ddd MMM dd HH':'mm':'ss'.'ffffff yyyy", Inv);

    /// <summary>CloudFront's encoding of header values: spaces and anything unsafe as %XX.</summary>
    public static string CloudFrontEncode(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "-";
        var sb = new StringBuilder(value.Length + 16);
        foreach (byte b in Encoding.UTF8.GetBytes(value))
        {
            if (b <= 0x20 || b >= 0x7F || b is (byte)'"' or (byte)'%' or (byte)'\\' or (byte)'\'')
                sb.Append('%').Append(b.ToString("X2", Inv));
            else sb.Append((char)b);
        }
        return sb.ToString();
    }

    public static string Seconds(double s) => s.ToString("0.000", Inv);
}

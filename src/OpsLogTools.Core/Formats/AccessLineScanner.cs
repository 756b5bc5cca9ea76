using System.Runtime.CompilerServices;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Reads Apache/nginx access lines (common, combined, vhost_combined, nginx main) at the byte level: one pass,
/// vectorised searches, the time parsed by hand, no strings and no allocation until <see cref="Materialize"/>.
/// <para>
/// Quoted fields follow Apache's escaping (<c>\"</c>, <c>\\</c>, <c>\xhh</c>; nginx writes <c>\x22</c> for a quote):
/// a field closes at the first unescaped quote followed by a space or the end of the line. The request field is
/// also checked against what must follow it (status and size), so a stray quote inside a request from an old or
/// unescaped log does not end it early.
/// </para>
/// <para>
/// The per-line methods here and in AccessLineParser, WebParsing, CommonWords, ApacheEscapes and Utf8Text are marked
/// AggressiveOptimization (issue 19, the first call): they are jitted once, fully optimised, when first called, instead of
/// running their ReadyToRun code, then an instrumented copy, then a final one while a fresh process reads its first
/// file. Measured on a 336 k-line access log in a fresh pwsh: the engine's first call 0.46 s of CPU before, 0.37 s after,
/// against 0.33-0.36 s warm for both.
/// </para>
/// </summary>
public static class AccessLineScanner
{
    private const int MaxQuotedFields = 4;

    /// <summary>Finds every field of one access line. False when the line is not an access line of these shapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryScan(ReadOnlySpan<byte> line, out AccessLineFields fields)
    {
        fields = default;

        // " [dd/Mon/yyyy:" ends the unquoted prefix; a '[' inside an IPv6 vhost or a user name cannot be followed by a digit pair and '/'.
        int bracket = FindStampBracket(line);
        if (bracket < 0) return false;
        if (!ScanPrefix(line[..(bracket - 1)], ref fields)) return false;
        if (!ScanStamp(line, bracket, ref fields)) return false;

        int pos = bracket + 28; // just past ']'
        if (pos + 2 > line.Length || line[pos] != (byte)' ' || line[pos + 1] != (byte)'"') return false;
        bool escapes = false;
        int requestStart = pos + 2;
        int afterSize = ScanRequestStatusSize(line, requestStart, ref fields, ref escapes);
        if (afterSize < 0) return false;

        pos = afterSize;
        int quoted = 0;
        while (pos < line.Length)
        {
            if (quoted == MaxQuotedFields || pos + 1 >= line.Length || line[pos] != (byte)' ' || line[pos + 1] != (byte)'"')
            {
                fields.HasTrailingText = true;
                break;
            }
            int start = pos + 2;
            int close = FindClosingQuote(line, start, ref escapes);
            if (close < 0) return false; // cut off inside a quoted field
            var range = new FieldRange(start, close - start);
            switch (quoted)
            {
                case 0: fields.Referer = range; break;
                case 1: fields.UserAgent = range; break;
                case 2: fields.ForwardedFor = range; break;
            }
            quoted++;
            pos = close + 1;
        }
        fields.QuotedFieldsAfterSize = quoted;
        fields.HasEscapes = escapes;
        return true;
    }

    /// <summary>True when the scanned line carries what <paramref name="format"/> needs (combined needs referer and agent, ...).</summary>
    public static bool CanReadAs(in AccessLineFields fields, LogFormat format) => format switch
    {
        LogFormat.ApacheCommon => true,
        LogFormat.ApacheCombined => fields.QuotedFieldsAfterSize >= 2,
        LogFormat.NginxAccess => fields.QuotedFieldsAfterSize >= 3 && !fields.VirtualHost.IsPresent,
        LogFormat.ApacheVhostCombined => fields.VirtualHost.IsPresent && fields.QuotedFieldsAfterSize >= 2,
        _ => false,
    };

    /// <summary>
    /// Builds the entry for a scanned line: decodes the strings (invalid UTF-8 kept visible as <c>\xNN</c>), undoes
    /// Apache's escapes, turns '-' into null. The third quoted field becomes ForwardedFor only for nginx main.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static AccessLogEntry Materialize(ReadOnlySpan<byte> line, in AccessLineFields fields, LogFormat format, string path, long lineNumber)
    {
        bool esc = fields.HasEscapes;
        string message = ApacheEscapes.Text(fields.Request.Of(line), esc);
        bool hasSize = fields.Bytes >= 0;
        return new AccessLogEntry
        {
            Path = path,
            LineNumber = lineNumber,
            Format = format,
            Timestamp = fields.Timestamp,
            StampText = Utf8Text.Decode(fields.StampText.Of(line)),
            Message = message,
            ClientIp = Utf8Text.Decode(fields.ClientIp.Of(line)),
            Method = fields.Method.IsPresent ? CommonWords.Method(fields.Method.Of(line)) : null,
            Target = fields.Target.IsPresent ? ApacheEscapes.Text(fields.Target.Of(line), esc) : null,
            Query = fields.Query.IsPresent ? ApacheEscapes.Text(fields.Query.Of(line), esc) : null,
            Protocol = fields.Protocol.IsPresent ? CommonWords.Protocol(fields.Protocol.Of(line)) : null,
            Status = fields.Status,
            Bytes = hasSize ? fields.Bytes : null,
            Referer = Optional(line, fields.Referer, esc),
            UserAgent = Optional(line, fields.UserAgent, esc),
            ForwardedFor = format == LogFormat.NginxAccess ? Optional(line, fields.ForwardedFor, esc) : null,
            VirtualHost = fields.VirtualHost.IsPresent ? Utf8Text.Decode(fields.VirtualHost.Of(line)) : null,
        };
    }

    private static string? Optional(ReadOnlySpan<byte> line, FieldRange range, bool escapes) =>
        !range.IsPresent || range.IsDash(line) ? null : ApacheEscapes.Text(range.Of(line), escapes);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FindStampBracket(ReadOnlySpan<byte> line)
    {
        int from = 0;
        while (true)
        {
            int k = line[from..].IndexOf(" ["u8);
            if (k < 0) return -1;
            int b = from + k + 1;
            if (b + 4 <= line.Length && WebParsing.IsDigit(line[b + 1]) && line[b + 3] == (byte)'/') return b;
            from = b;
        }
    }

    // "h l u" or "v[:p] h l u"; a user name may hold spaces, so everything after ident up to the stamp is the user.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanPrefix(ReadOnlySpan<byte> prefix, ref AccessLineFields fields)
    {
        int s1 = prefix.IndexOf((byte)' ');
        if (s1 <= 0) return false;
        int s2 = prefix[(s1 + 1)..].IndexOf((byte)' ');
        if (s2 < 0) return false;
        s2 += s1 + 1;
        int s3 = prefix[(s2 + 1)..].IndexOf((byte)' ');
        if (s3 >= 0) s3 += s2 + 1;

        // Four tokens where the second is not '-' (ident is '-' on every server that does not run identd):
        // the first is %v of vhost_combined. IPv6 clients never contain spaces, so they do not confuse this.
        bool vhost = s3 > 0 && !(s2 - s1 - 1 == 1 && prefix[s1 + 1] == (byte)'-');
        if (vhost)
        {
            SetVirtualHost(prefix[..s1], ref fields);
            fields.ClientIp = new FieldRange(s1 + 1, s2 - s1 - 1);
            fields.Ident = new FieldRange(s2 + 1, s3 - s2 - 1);
            fields.User = new FieldRange(s3 + 1, prefix.Length - s3 - 1);
        }
        else
        {
            fields.ClientIp = new FieldRange(0, s1);
            fields.Ident = new FieldRange(s1 + 1, s2 - s1 - 1);
            fields.User = new FieldRange(s2 + 1, prefix.Length - s2 - 1);
        }
        return fields.ClientIp.Length > 0;
    }

    private static void SetVirtualHost(ReadOnlySpan<byte> token, ref AccessLineFields fields)
    {
        int colon = token.LastIndexOf((byte)':');
        if (colon > 0 && colon < token.Length - 1 && token.Length - colon - 1 <= 5)
        {
            long port = WebParsing.DigitRun(token, colon + 1, 5, out int n);
            if (n == token.Length - colon - 1 && port <= 65535)
            {
                fields.VirtualHost = new FieldRange(0, colon);
                fields.VirtualPort = (int)port;
                return;
            }
        }
        fields.VirtualHost = new FieldRange(0, token.Length);
    }

    // [19/Jul/2022:21:10:03 +0900] — fixed width, 28 bytes with the brackets.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ScanStamp(ReadOnlySpan<byte> line, int b, ref AccessLineFields fields)
    {
        if (b + 28 > line.Length || line[b + 27] != (byte)']') return false;
        if (line[b + 3] != (byte)'/' || line[b + 7] != (byte)'/' || line[b + 12] != (byte)':' || line[b + 15] != (byte)':'
            || line[b + 18] != (byte)':' || line[b + 21] != (byte)' ')
            return false;
        int day = WebParsing.Digits2(line, b + 1);
        int month = WebParsing.Month(line, b + 4);
        int year = WebParsing.Digits4(line, b + 8);
        int hour = WebParsing.Digits2(line, b + 13);
        int minute = WebParsing.Digits2(line, b + 16);
        int second = WebParsing.Digits2(line, b + 19);
        long ticks = WebParsing.Ticks(year, month, day, hour, minute, second);
        if (ticks < 0) return false;

        byte sign = line[b + 22];
        int oh = WebParsing.Digits2(line, b + 23), om = WebParsing.Digits2(line, b + 25);
        if ((sign != (byte)'+' && sign != (byte)'-') || oh < 0 || oh > 14 || om < 0 || om > 59) return false;
        int offset = oh * 60 + om;
        if (offset > 14 * 60) return false;

        fields.StampText = new FieldRange(b + 1, 26);
        fields.LocalTicks = ticks;
        fields.OffsetMinutes = sign == (byte)'-' ? -offset : offset;
        return true;
    }

    // From just after the request's opening quote: request, status, size. Returns the offset after the size, or -1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanRequestStatusSize(ReadOnlySpan<byte> line, int start, ref AccessLineFields fields, ref bool escapes)
    {
        int from = start;
        while (true)
        {
            int close = FindClosingQuote(line, from, ref escapes);
            if (close < 0) return -1;
            int after = ScanStatusSize(line, close + 1, out int status, out long size);
            if (after >= 0)
            {
                fields.Request = new FieldRange(start, close - start);
                fields.Status = status;
                fields.Bytes = size;
                SplitRequest(line, start, close, ref fields);
                return after;
            }
            from = close + 1;
        }
    }

    // " 200 1234" or " 400 -", ending at the end of the line or a space.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScanStatusSize(ReadOnlySpan<byte> line, int pos, out int status, out long size)
    {
        status = 0;
        size = -1;
        if (pos >= line.Length || line[pos] != (byte)' ') return -1;
        pos++;
        if (pos < line.Length && line[pos] == (byte)'-') pos++;
        else
        {
            long s = WebParsing.DigitRun(line, pos, 3, out int n);
            if (n == 0) return -1;
            status = (int)s;
            pos += n;
        }
        if (pos >= line.Length || line[pos] != (byte)' ') return -1;
        pos++;
        if (pos < line.Length && line[pos] == (byte)'-') pos++;
        else
        {
            long b = WebParsing.DigitRun(line, pos, 18, out int n);
            if (n == 0) return -1;
            size = b;
            pos += n;
        }
        return pos == line.Length || line[pos] == (byte)' ' ? pos : -1;
    }

    /// <summary>Index of the quote that closes a field starting at <paramref name="from"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FindClosingQuote(ReadOnlySpan<byte> line, int from, ref bool escapes)
    {
        int i = from;
        while (i < line.Length)
        {
            int k = line[i..].IndexOfAny((byte)'"', (byte)'\\');
            if (k < 0) return -1;
            i += k;
            if (line[i] == (byte)'\\')
            {
                escapes = true;
                i += 2;
                continue;
            }
            if (i + 1 == line.Length || line[i + 1] == (byte)' ') return i;
            i++;
        }
        return -1;
    }

    // METHOD SP target SP HTTP/x.y; anything else ('-', TLS bytes, a bare path) leaves the parts absent.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SplitRequest(ReadOnlySpan<byte> line, int start, int end, ref AccessLineFields fields)
    {
        var req = line[start..end];
        int sp = req.IndexOf((byte)' ');
        if (sp <= 0 || sp > 32) return;
        for (int i = 0; i < sp; i++)
        {
            byte c = req[i];
            if (!((uint)(c - 'A') <= 'Z' - 'A' || c == (byte)'-' || c == (byte)'_')) return;
        }
        var rest = req[(sp + 1)..];
        int targetLength = rest.Length;
        int last = rest.LastIndexOf((byte)' ');
        if (last >= 0 && rest[(last + 1)..].StartsWith("HTTP/"u8))
        {
            fields.Protocol = new FieldRange(start + sp + 1 + last + 1, rest.Length - last - 1);
            targetLength = last;
        }
        if (targetLength == 0) return;
        fields.Method = new FieldRange(start, sp);
        int targetStart = start + sp + 1;
        int q = rest[..targetLength].IndexOf((byte)'?');
        if (q >= 0)
        {
            fields.Target = new FieldRange(targetStart, q);
            fields.Query = new FieldRange(targetStart + q + 1, targetLength - q - 1);
        }
        else
        {
            fields.Target = new FieldRange(targetStart, targetLength);
        }
    }
}

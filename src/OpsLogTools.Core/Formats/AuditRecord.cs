using System.Text;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// Reads one audit.log record by hand (auditd's own layout, libaudit's <c>audit_log_user_message</c> and the kernel's
/// <c>audit_log_format</c>): an optional <c>node=NAME </c>, <c>type=TYPE msg=audit(SECONDS.MILLIS:SERIAL): </c>, then
/// <c>name=value</c> fields (values bare, <c>"quoted"</c>, or a user-space <c>msg='...'</c> holding more fields), and in
/// the ENRICHED format a group separator (0x1D) before the interpreted upper-case fields. No regex; one pass.
/// </summary>
internal static class AuditRecord
{
    private const byte GroupSeparator = 0x1D;

    /// <summary>The header: node, type, seconds, milliseconds, serial, and where the body starts. False when the line is no audit record.</summary>
    public static bool TryHeader(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> node, out ReadOnlySpan<byte> type, out long seconds, out int millis, out long serial, out int bodyStart, out int stampStart, out int stampEnd)
    {
        node = type = default;
        seconds = serial = 0;
        millis = 0;
        bodyStart = stampStart = stampEnd = 0;
        int p = 0;
        if (line.StartsWith("node="u8))
        {
            int sp = line.IndexOf((byte)' ');
            if (sp <= 5 || sp > 260) return false;
            node = line[5..sp];
            p = sp + 1;
        }
        if (!line[p..].StartsWith("type="u8)) return false;
        p += 5;
        int typeEnd = line[p..].IndexOf((byte)' ');
        if (typeEnd <= 0 || typeEnd > 64) return false;
        type = line.Slice(p, typeEnd);
        foreach (byte b in type)
        {
            if (!(b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'_' or (byte)'[' or (byte)']')) return false;
        }
        p += typeEnd + 1;
        if (!line[p..].StartsWith("msg=audit("u8)) return false;
        p += 10;
        stampStart = p;
        if (!Digits(line, ref p, 12, out seconds) || p >= line.Length || line[p] != '.') return false;
        p++;
        int fracStart = p;
        if (!Digits(line, ref p, 9, out long fraction) || p >= line.Length || line[p] != ':') return false;
        int fracDigits = p - fracStart;
        // auditd writes three digits; a shorter fraction (".0") is tenths, as plaso reads it.
        for (int d = fracDigits; d < 3; d++) fraction *= 10;
        for (int d = fracDigits; d > 3; d--) fraction /= 10;
        millis = (int)fraction;
        p++;
        if (!Digits(line, ref p, 18, out serial) || p >= line.Length || line[p] != ')') return false;
        stampEnd = p + 1;
        p++;
        if (p < line.Length && line[p] == ':') p++;
        while (p < line.Length && line[p] == ' ') p++;
        bodyStart = p;
        return seconds > 0;
    }

    /// <summary>The body's fields into <paramref name="fields"/>; returns the body up to the group separator (the record as auditd wrote it).</summary>
    public static ReadOnlySpan<byte> ReadFields(ReadOnlySpan<byte> body, Dictionary<string, string> fields)
    {
        int gs = body.IndexOf(GroupSeparator);
        var raw = gs >= 0 ? body[..gs] : body;
        Fields(raw, fields, 0);
        if (gs >= 0) Fields(body[(gs + 1)..], fields, 0);
        return raw;
    }

    private static void Fields(ReadOnlySpan<byte> s, Dictionary<string, string> fields, int depth)
    {
        int p = 0;
        ReadOnlySpan<byte> previousWord = default;
        while (p < s.Length)
        {
            while (p < s.Length && s[p] == ' ') p++;
            int start = p;
            while (p < s.Length && s[p] != ' ' && s[p] != '=') p++;
            var name = s[start..p];
            if (p >= s.Length || s[p] == ' ')
            {
                // A bare word ("old", "new", "avc:", "denied", "{"): remembered only for old/new prefixes.
                previousWord = name;
                continue;
            }
            p++; // '='
            string value;
            if (p < s.Length && s[p] == '"')
            {
                int close = s[(p + 1)..].IndexOf((byte)'"');
                int end = close < 0 ? s.Length : p + 1 + close;
                value = Utf8Text.Decode(s[(p + 1)..end]);
                p = Math.Min(s.Length, end + 1);
            }
            else if (p < s.Length && s[p] == '\'')
            {
                int close = s[(p + 1)..].IndexOf((byte)'\'');
                int end = close < 0 ? s.Length : p + 1 + close;
                var inner = s[(p + 1)..end];
                p = Math.Min(s.Length, end + 1);
                // libaudit's user messages: msg='op=login acct="root" exe="/usr/sbin/sshd" ... res=success' hold the fields.
                if (depth == 0 && inner.IndexOf((byte)'=') >= 0)
                {
                    Fields(inner, fields, depth + 1);
                    previousWord = default;
                    continue;
                }
                value = Utf8Text.Decode(inner);
            }
            else
            {
                int end = s[p..].IndexOf((byte)' ');
                end = end < 0 ? s.Length : p + end;
                // libaudit quotes an account name, or writes it as bare hex when it holds a space, a quote or a control
                // character (audit_value_needs_encoding): bare hex is decoded, as `ausearch -i` shows it.
                value = name.SequenceEqual("acct"u8) && IsHex(s[p..end]) ? FromHex(s[p..end]) : Utf8Text.Decode(s[p..end]);
                p = end;
            }
            if (name.IsEmpty) continue;
            string key = Encoding.ASCII.GetString(name.Length > 64 ? name[..64] : name);
            if (previousWord.SequenceEqual("old"u8) || previousWord.SequenceEqual("new"u8)) key = Encoding.ASCII.GetString(previousWord) + "-" + key;
            fields.TryAdd(key, value);
            previousWord = default;
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> v)
    {
        if (v.Length < 2 || v.Length % 2 != 0) return false;
        foreach (byte b in v)
        {
            if (!char.IsAsciiHexDigit((char)b)) return false;
        }
        return true;
    }

    private static string FromHex(ReadOnlySpan<byte> v)
    {
        var bytes = new byte[v.Length / 2];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(Convert.FromHexString(Encoding.ASCII.GetString(v.Slice(2 * i, 2)))[0]);
        return Utf8Text.Decode(bytes);
    }

    private static bool Digits(ReadOnlySpan<byte> s, ref int p, int max, out long value)
    {
        value = 0;
        int start = p;
        while (p < s.Length && p - start < max && s[p] is >= (byte)'0' and <= (byte)'9') value = value * 10 + (s[p++] - '0');
        return p > start;
    }
}

namespace OpsLogTools.Core.Formats;

/// <summary>
/// The part of a syslog line after the stamp: <c>host tag: message</c>, split without copying. The tag forms are
/// the ones rsyslog's <c>%syslogtag%</c> passes through: <c>prog[pid]:</c>, <c>prog(pam_unix)[pid]:</c>,
/// <c>prog:</c>, <c>postfix/smtpd[12]:</c>, <c>/usr/sbin/crond[1]:</c>; and lines with no tag at all
/// (<c>-- MARK --</c>, <c>last message repeated 3 times</c>).
/// </summary>
internal ref struct SyslogTag
{
    /// <summary>The host token; empty when the line has none.</summary>
    public ReadOnlySpan<byte> Host;

    /// <summary>True when the first token after the host is a tag.</summary>
    public bool HasTag;

    /// <summary>The program part of the tag (may be empty for a bare <c>:</c>).</summary>
    public ReadOnlySpan<byte> Program;

    /// <summary>The <c>(pam_unix)</c> part of an old PAM tag, without the parentheses; else empty.</summary>
    public ReadOnlySpan<byte> Subsystem;

    /// <summary>The pid in brackets, when numeric.</summary>
    public int? ProcessId;

    /// <summary>The message after the tag and the one space that follows it.</summary>
    public ReadOnlySpan<byte> Message;

    /// <summary>
    /// Splits <c>host tag: message</c>. A "host" that itself reads as a tag (<c>Updated:</c>, <c>sshd[1]:</c>)
    /// means the writer left the host out; the line is read as tag and message with no host.
    /// </summary>
    public static bool TryParseHostAndTag(ReadOnlySpan<byte> rest, out SyslogTag tag)
    {
        tag = default;
        var host = StampBytes.Token(rest);
        if (host.IsEmpty) return false;
        if (IsTagToken(host))
        {
            tag = ParseTag(rest);
            return true;
        }
        tag = ParseTag(StampBytes.AfterToken(rest));
        tag.Host = host;
        return true;
    }

    /// <summary>True when a token ends like a tag: <c>x:</c> or <c>x[..]:</c> (the shape of yum.log's verbs too).</summary>
    public static bool IsTagToken(ReadOnlySpan<byte> token) =>
        token.Length > 0 && (token[^1] == ':' || token.IndexOf("]:"u8) >= 0);

    /// <summary>Splits <c>tag: message</c>; text whose first token is not a tag is all message.</summary>
    public static SyslogTag ParseTag(ReadOnlySpan<byte> s)
    {
        var result = default(SyslogTag);
        var token = StampBytes.Token(s);
        ReadOnlySpan<byte> body;
        int messageStart;
        int closing = token.IndexOf("]:"u8);
        if (closing >= 0)
        {
            body = token[..(closing + 1)];
            messageStart = closing + 2;
        }
        else if (token.Length > 0 && token[^1] == ':')
        {
            body = token[..^1];
            messageStart = token.Length;
        }
        else if (token.Length > 2 && token[^1] == ']' && token.IndexOf((byte)'[') > 0)
        {
            // Some writers drop the colon after the pid; the bracket still marks a tag.
            body = token;
            messageStart = token.Length;
        }
        else
        {
            result.Message = s;
            return result;
        }

        result.HasTag = true;
        var message = s[messageStart..];
        if (!message.IsEmpty && message[0] == ' ') message = message[1..];
        result.Message = message;

        var program = body;
        if (body.Length > 0 && body[^1] == ']')
        {
            int open = body.LastIndexOf((byte)'[');
            if (open >= 0 && StampBytes.TryParseInt(body[(open + 1)..^1], out int pid))
            {
                result.ProcessId = pid;
                program = body[..open];
            }
        }
        if (program.Length > 2 && program[^1] == ')')
        {
            int open = program.IndexOf((byte)'(');
            if (open > 0)
            {
                result.Subsystem = program[(open + 1)..^1];
                program = program[..open];
            }
        }
        result.Program = program;
        return result;
    }
}

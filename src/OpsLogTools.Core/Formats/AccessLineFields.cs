using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// The fields of one access-log line as found by <see cref="AccessLineScanner.TryScan"/>: byte ranges into the
/// line plus the few values the scan already had to read (time, status, size). Nothing is decoded or unescaped
/// here; quoted fields are the raw bytes between the quotes, Apache/nginx escapes included.
/// </summary>
public struct AccessLineFields
{
    /// <summary><c>%v</c> of vhost_combined / vhost_common (server name, without the port), else absent.</summary>
    public FieldRange VirtualHost { readonly get; internal set; }

    /// <summary>The <c>%p</c> after <c>%v:</c>, or 0.</summary>
    public int VirtualPort { readonly get; internal set; }

    /// <summary>The client address (<c>%h</c>, <c>$remote_addr</c>), IPv4, IPv6 or a name.</summary>
    public FieldRange ClientIp { readonly get; internal set; }

    /// <summary><c>%l</c> (identd), usually '-'.</summary>
    public FieldRange Ident { readonly get; internal set; }

    /// <summary><c>%u</c> / <c>$remote_user</c>, usually '-'.</summary>
    public FieldRange User { readonly get; internal set; }

    /// <summary>The stamp between the brackets, e.g. <c>19/Jul/2022:21:10:03 +0900</c>.</summary>
    public FieldRange StampText { readonly get; internal set; }

    /// <summary>The stamp's wall-clock time as <see cref="DateTime.Ticks"/> (before applying the offset).</summary>
    public long LocalTicks { readonly get; internal set; }

    /// <summary>The stamp's UTC offset in minutes (+0900 → 540).</summary>
    public int OffsetMinutes { readonly get; internal set; }

    /// <summary>The stamp as an instant.</summary>
    public readonly DateTimeOffset Timestamp => new(LocalTicks, TimeSpan.FromMinutes(OffsetMinutes));

    /// <summary>The whole request line between the quotes (<c>%r</c>), raw.</summary>
    public FieldRange Request { readonly get; internal set; }

    /// <summary>The method, absent when the request is not an HTTP request line ('-', TLS bytes on port 80, ...).</summary>
    public FieldRange Method { readonly get; internal set; }

    /// <summary>The path without the query, absent with <see cref="Method"/>.</summary>
    public FieldRange Target { readonly get; internal set; }

    /// <summary>The query without '?', absent when the target has none.</summary>
    public FieldRange Query { readonly get; internal set; }

    /// <summary>The protocol (<c>HTTP/1.1</c>), absent for HTTP/0.9-style requests and garbage.</summary>
    public FieldRange Protocol { readonly get; internal set; }

    /// <summary>The status, 0 when logged as '-'.</summary>
    public int Status { readonly get; internal set; }

    /// <summary>The response size, -1 when logged as '-'.</summary>
    public long Bytes { readonly get; internal set; }

    /// <summary>The Referer between quotes, absent in common lines.</summary>
    public FieldRange Referer { readonly get; internal set; }

    /// <summary>The User-Agent between quotes, absent in common lines.</summary>
    public FieldRange UserAgent { readonly get; internal set; }

    /// <summary>A third quoted field after the user agent (nginx <c>"$http_x_forwarded_for"</c>), else absent.</summary>
    public FieldRange ForwardedFor { readonly get; internal set; }

    /// <summary>How many quoted fields followed the size (0 common, 2 combined, 3 nginx main; counts up to 4).</summary>
    public int QuotedFieldsAfterSize { readonly get; internal set; }

    /// <summary>True when something other than quoted fields followed the size (a custom format's extra fields).</summary>
    public bool HasTrailingText { readonly get; internal set; }

    /// <summary>True when a quoted field held a backslash escape (so unescaping is needed when materialising).</summary>
    public bool HasEscapes { readonly get; internal set; }

    /// <summary>The most specific standard format this line's shape matches exactly, or the nearest one it can be read as.</summary>
    public readonly LogFormat Shape =>
        VirtualHost.IsPresent && QuotedFieldsAfterSize >= 2 ? LogFormat.ApacheVhostCombined
        : QuotedFieldsAfterSize == 3 && !VirtualHost.IsPresent ? LogFormat.NginxAccess
        : QuotedFieldsAfterSize >= 2 ? LogFormat.ApacheCombined
        : LogFormat.ApacheCommon;

    /// <summary>True when nothing beyond the fields of <see cref="Shape"/> was on the line.</summary>
    public readonly bool IsExactShape => !HasTrailingText && Shape switch
    {
        LogFormat.ApacheCommon => QuotedFieldsAfterSize == 0 && !VirtualHost.IsPresent,
        LogFormat.ApacheCombined => QuotedFieldsAfterSize == 2 && !VirtualHost.IsPresent,
        LogFormat.NginxAccess => true,
        LogFormat.ApacheVhostCombined => QuotedFieldsAfterSize == 2,
        _ => false,
    };
}

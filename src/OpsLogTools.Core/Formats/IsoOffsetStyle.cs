namespace OpsLogTools.Core.Formats;

/// <summary>How an ISO-8601 stamp wrote its offset; the formats that share this stamp differ exactly here.</summary>
internal enum IsoOffsetStyle
{
    /// <summary><c>Z</c>.</summary>
    Zulu,
    /// <summary><c>+09:00</c> (RFC 3339, rsyslog, newer journalctl).</summary>
    Colon,
    /// <summary><c>+0900</c> (older journalctl, dnf).</summary>
    NoColon,
}

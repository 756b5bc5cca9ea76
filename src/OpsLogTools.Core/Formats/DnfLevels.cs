namespace OpsLogTools.Core.Formats;

/// <summary>
/// The level words dnf's logging writes after its stamp (dnf.logging: CRITICAL … SUBDEBUG, TRACE, ALL).
/// The ISO-stamped syslog readers use this to leave dnf's lines alone: <c>2022-07-20T03:00:12+0000 DEBUG x</c>
/// would otherwise read as host "DEBUG".
/// </summary>
internal static class DnfLevels
{
    public static bool IsLevel(ReadOnlySpan<byte> token) =>
        token.SequenceEqual("DEBUG"u8) || token.SequenceEqual("INFO"u8) || token.SequenceEqual("DDEBUG"u8)
        || token.SequenceEqual("SUBDEBUG"u8) || token.SequenceEqual("WARNING"u8) || token.SequenceEqual("ERROR"u8)
        || token.SequenceEqual("CRITICAL"u8) || token.SequenceEqual("TRACE"u8) || token.SequenceEqual("ALL"u8);
}

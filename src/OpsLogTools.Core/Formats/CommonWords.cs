using System.Runtime.CompilerServices;
namespace OpsLogTools.Core.Formats;

/// <summary>
/// Shared string instances for the handful of words that fill most web log lines (GET, HTTP/1.1, error):
/// millions of entries then point at a few strings instead of each carrying its own copy.
/// </summary>
internal static class CommonWords
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Method(ReadOnlySpan<byte> s) => s switch
    {
        _ when s.SequenceEqual("GET"u8) => "GET",
        _ when s.SequenceEqual("POST"u8) => "POST",
        _ when s.SequenceEqual("HEAD"u8) => "HEAD",
        _ when s.SequenceEqual("PUT"u8) => "PUT",
        _ when s.SequenceEqual("DELETE"u8) => "DELETE",
        _ when s.SequenceEqual("OPTIONS"u8) => "OPTIONS",
        _ => Reading.Utf8Text.Decode(s),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string Protocol(ReadOnlySpan<byte> s) => s switch
    {
        _ when s.SequenceEqual("HTTP/1.1"u8) => "HTTP/1.1",
        _ when s.SequenceEqual("HTTP/1.0"u8) => "HTTP/1.0",
        _ when s.SequenceEqual("HTTP/2.0"u8) => "HTTP/2.0",
        _ when s.SequenceEqual("HTTP/2"u8) => "HTTP/2",
        _ when s.SequenceEqual("HTTP/3"u8) => "HTTP/3",
        _ => Reading.Utf8Text.Decode(s),
    };

    public static string Level(ReadOnlySpan<byte> s) => s switch
    {
        _ when s.SequenceEqual("error"u8) => "error",
        _ when s.SequenceEqual("notice"u8) => "notice",
        _ when s.SequenceEqual("warn"u8) => "warn",
        _ when s.SequenceEqual("info"u8) => "info",
        _ when s.SequenceEqual("crit"u8) => "crit",
        _ when s.SequenceEqual("debug"u8) => "debug",
        _ => Reading.Utf8Text.Decode(s),
    };
}

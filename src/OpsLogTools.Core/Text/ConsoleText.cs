using System.Text;

namespace OpsLogTools.Core.Text;

/// <summary>
/// Makes untrusted log text safe to print on a terminal: control characters (C0, DEL, C1 — including ESC,
/// which starts terminal escape sequences) are replaced by visible stand-ins, so a log line can neither move
/// the cursor, change colours, set the window title, nor hide itself.
/// </summary>
public static class ConsoleText
{
    /// <summary>Returns <paramref name="text"/> with every control character made visible (tab becomes a space).</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        int i = 0;
        while (i < text.Length && !IsControl(text[i])) i++;
        if (i == text.Length) return text;

        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsControl(c)) sb.Append(c);
            else if (c == '\t') sb.Append(' ');
            else if (c < 0x20) sb.Append((char)(0x2400 + c));   // U+2400 block: ␀ ␁ … ␛ …
            else if (c == 0x7F) sb.Append('\u2421');             // ␡
            else sb.Append('\uFFFD');                            // C1 controls (0x80–0x9F), e.g. CSI
        }
        return sb.ToString();
    }

    private static bool IsControl(char c) => c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

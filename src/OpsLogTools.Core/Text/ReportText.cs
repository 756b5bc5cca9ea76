using System.Text;

namespace OpsLogTools.Core.Text;

/// <summary>
/// Makes untrusted log text safe to put in a report. Every string that came from a log (a path, a user agent, a
/// referer, a message, an evidence line quoting one) goes through exactly one of these before it is written:
/// <see cref="Html"/> for HTML text and quoted attribute values, <see cref="Markdown"/> for a Markdown table cell,
/// <see cref="Plain"/> for anything else. All of them first <see cref="Clean"/> the text (control characters,
/// terminal escapes and bidirectional overrides made visible or removed) and defuse spreadsheet formulas, because a
/// report table is exactly what an admin pastes into a spreadsheet.
/// </summary>
public static class ReportText
{
    /// <summary>Longest text kept from one value; the rest is cut with an ellipsis (a 64 KiB user agent is an attack, not a finding).</summary>
    public const int MaxLength = 2000;

    /// <summary>
    /// <see cref="ConsoleText.Visible(string?)"/>'s stand-ins (ESC becomes ␛, so <c>ESC[31m</c> is inert text; C1 controls,
    /// bidirectional overrides, zero-width and other invisible characters become <c>\u202e</c>-style escapes), except
    /// that newlines, tabs and the line and paragraph separators become spaces, so a value stays on one line of a report.
    /// Over-long text is cut at <see cref="MaxLength"/>.
    /// </summary>
    public static string Clean(string? text) => ConsoleText.Visible(text, MaxLength, breaksAsSpaces: true);

    /// <summary>
    /// A value that starts with <c>= + - @</c> (or a tab or carriage return, which spreadsheets skip before reading
    /// a formula) gets a leading apostrophe, so pasting it into a spreadsheet shows the text instead of running
    /// <c>=HYPERLINK(...)</c> or <c>=cmd|...</c>. Applied after <see cref="Clean"/> by every method here.
    /// </summary>
    public static string DefuseFormula(string text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? string.Empty;
        if (text[0] is '\t' or '\r') return "'" + text;
        // Spreadsheets skip leading blanks before looking for a formula; full-width signs are read as formulas too.
        int i = 0;
        while (i < text.Length && text[i] is ' ' or '\u3000') i++;
        return i < text.Length && text[i] is '=' or '+' or '-' or '@' or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20' ? "'" + text : text;
    }

    /// <summary>Cleaned, formula-defused text for places that are neither HTML nor Markdown (a console line, a file name in a message).</summary>
    public static string Plain(string? text) => DefuseFormula(Clean(text));

    /// <summary>
    /// One CSV cell of the module's own objects (what Export-Csv and ConvertTo-Csv write while the module is loaded):
    /// <see cref="ConsoleText.Visible(string?)"/>'s stand-ins, then <see cref="DefuseFormula"/>. Never cut and never
    /// joined onto one line differently from the console, so the cell reads as the list view shows the value.
    /// </summary>
    public static string Csv(string? text) => DefuseFormula(ConsoleText.Visible(text));

    /// <summary>
    /// Cleaned, formula-defused and HTML-escaped: <c>&amp; &lt; &gt; " '</c> and the backtick become character references,
    /// so the result is safe as element text and as a double- or single-quoted attribute value. It can never open a
    /// tag, close a <c>&lt;script&gt;</c>, or end an attribute. (Never put log text in an unquoted attribute, a URL
    /// attribute such as <c>href</c>, an event handler or a <c>&lt;style&gt;</c>: the report does none of these.)
    /// </summary>
    public static string Html(string? text) => HtmlEncode(Plain(text));

    /// <summary>
    /// HTML-escapes the report's own words (numbers, times, enum names, headings) without cleaning or defusing them.
    /// Never for log text: use <see cref="Html"/>.
    /// </summary>
    public static string HtmlEncode(string? s)
    {
        if (string.IsNullOrEmpty(s)) return string.Empty;
        var sb = new StringBuilder(s.Length + 16);
        foreach (char c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '`': sb.Append("&#96;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Cleaned, formula-defused text for a GitHub-flavoured Markdown table cell or list item: it cannot end the cell
    /// (<c>|</c>), start a new row (newlines), open a code span, emphasis or heading, carry raw HTML (<c>&lt;</c> becomes
    /// <c>&amp;lt;</c>), or make a link. Link brackets are escaped; autolinks are defused with visible syntax only, never
    /// with invisible characters (which would come along when the text is copied): <c>http\://</c> and <c>www\.</c>
    /// are backslash escapes that render as the original text, and a word with <c>@</c> (an address, an @mention), which
    /// no escape keeps from autolinking, is set as a code span.
    /// </summary>
    public static string Markdown(string? text)
    {
        string plain = Plain(text);
        if (plain.IndexOf('@') < 0) return MarkdownEncode(plain, defuseLinks: true);
        var sb = new StringBuilder(plain.Length + 16);
        int start = 0;
        while (start < plain.Length)
        {
            int space = plain.IndexOf(' ', start);
            int end = space < 0 ? plain.Length : space;
            string word = plain[start..end];
            sb.Append(word.IndexOf('@') >= 0 ? CodeSpan(word) : MarkdownEncode(word, defuseLinks: true));
            if (space < 0) break;
            sb.Append(' ');
            start = space + 1;
        }
        return sb.ToString();
    }

    /// <summary>
    /// Escapes the report's own words for a Markdown table cell (table, code, emphasis and HTML syntax) without cleaning,
    /// defusing or breaking autolinks. Never for log text: use <see cref="Markdown"/>.
    /// </summary>
    public static string MarkdownEncode(string? s) => MarkdownEncode(s, defuseLinks: false);

    private static string MarkdownEncode(string? s, bool defuseLinks)
    {
        if (string.IsNullOrEmpty(s)) return string.Empty;
        var sb = new StringBuilder(s.Length + 16);
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '\n' or '\r': sb.Append(' '); break;
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '#' or '~':
                    sb.Append('\\').Append(c);
                    break;
                // "http://" and "www." start autolinks; an escaped ':' or '.' renders the same and starts nothing.
                case ':' when defuseLinks && i + 2 < s.Length && s[i + 1] == '/' && s[i + 2] == '/':
                case '.' when defuseLinks && i >= 3 && string.Equals(s[(i - 3)..i], "www", StringComparison.OrdinalIgnoreCase):
                    sb.Append('\\').Append(c);
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    // A code span fenced by more backticks than the word holds in a row; a pipe stays escaped, as a table cell needs
    // even inside a code span (GFM splits cells before it reads spans).
    private static string CodeSpan(string word)
    {
        int longest = 0, run = 0;
        foreach (char c in word)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        string fence = new('`', longest + 1);
        string pad = word.StartsWith('`') || word.EndsWith('`') ? " " : "";
        return fence + pad + word.Replace("|", "\\|", StringComparison.Ordinal) + pad + fence;
    }
}

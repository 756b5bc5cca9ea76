using System.Globalization;
using System.Text;

namespace OpsLogTools.Core.Text;

/// <summary>
/// The one sanitiser for untrusted text on its way to a terminal (views, warnings, errors, verbose and progress
/// lines) and, through <see cref="ReportText"/>, into reports and CSV cells. A log line, a user name from an ssh
/// attempt or a file name in a copied /var/log can then neither drive the terminal (move the cursor, recolour,
/// retitle, clear it), nor reorder what the admin reads (bidirectional overrides), nor hide characters.
/// </summary>
/// <remarks>
/// <para>The convention, everywhere in OpsLogTools:</para>
/// <list type="bullet">
/// <item>C0 controls U+0000–U+001F (tab, line feed and ESC included) become their Unicode control pictures
/// U+2400–U+241F (<c>␀ … ␉ ␊ … ␛ …</c>), and DEL U+007F becomes <c>␡</c> U+2421: one cell each, so
/// <c>ESC[31m</c> reads as the inert <c>␛[31m</c> and table columns stay aligned.</item>
/// <item>Every other character a terminal would not show as itself becomes <c>\u</c> and four lower-case hex
/// digits (<c>\U</c> and eight beyond U+FFFF), naming the code point exactly: C1 controls U+0080–U+009F
/// (<c>\u009b</c> is CSI), format characters (Unicode category Cf: the bidirectional marks, embeddings,
/// overrides and isolates U+200E/U+200F, U+061C, U+202A–U+202E, U+2066–U+2069; the zero-width U+200B–U+200D,
/// U+2060 and U+FEFF; the soft hyphen; the tag characters U+E0000–U+E007F), the line and paragraph separators
/// U+2028/U+2029, unpaired surrogates, and the rest of Unicode's Default_Ignorable_Code_Point set (variation
/// selectors, Hangul fillers, the combining grapheme joiner), which terminals draw as nothing.</item>
/// </list>
/// <para>Text without any of these is returned unchanged (the same instance), so the mapping is the identity on
/// printable text; and because every stand-in starts with a control picture or a backslash, text that has no
/// control picture and no backslash of its own can be read back exactly from the result.</para>
/// </remarks>
public static class ConsoleText
{
    /// <summary>
    /// Returns <paramref name="text"/> with every control, format, separator and invisible character replaced by a
    /// visible stand-in (see the remarks on <see cref="ConsoleText"/>). Null becomes the empty string. Safe to call
    /// from a view on any string, including the properties of objects read back with Import-Clixml.
    /// </summary>
    public static string Visible(string? text) => Visible(text, int.MaxValue, breaksAsSpaces: false);

    /// <summary>The same as <see cref="Visible(string?)"/>; kept for views and callers written before it.</summary>
    public static string Clean(string? text) => Visible(text);

    /// <summary>
    /// Each item of a list shown through <see cref="Visible(string?)"/> (its <c>ToString()</c>), for list views of
    /// properties such as Evidence. A string is one item; null gives an empty array.
    /// </summary>
    public static string[] VisibleEach(System.Collections.IEnumerable? items)
    {
        if (items is null) return [];
        if (items is string one) return [Visible(one)];
        var list = new List<string>();
        foreach (object? item in items) list.Add(Visible(item?.ToString()));
        return list.ToArray();
    }

    /// <summary>True when <paramref name="text"/> holds nothing that <see cref="Visible(string?)"/> would replace.</summary>
    public static bool IsVisible(string? text) => string.IsNullOrEmpty(text) || IndexOfHidden(text, 0) < 0;

    /// <summary>
    /// The worker behind <see cref="Visible(string?)"/> and <see cref="ReportText.Clean"/>: stand-ins as documented,
    /// line breaks (CR, LF, tab, NEL, U+2028, U+2029) as spaces when <paramref name="breaksAsSpaces"/>, and the
    /// result cut with an ellipsis once it would pass <paramref name="maxLength"/> characters (never inside a
    /// stand-in or a surrogate pair).
    /// </summary>
    internal static string Visible(string? text, int maxLength, bool breaksAsSpaces)
    {
        if (string.IsNullOrEmpty(text)) return string.Empty;
        int first = IndexOfHidden(text, 0);
        if (first < 0 && text.Length <= maxLength) return text;
        if (first < 0) first = text.Length;

        var sb = new StringBuilder(Math.Min(text.Length + 16, maxLength < int.MaxValue ? maxLength + 1 : int.MaxValue));
        int start = Math.Min(first, maxLength);
        if (start > 0 && start < text.Length && char.IsHighSurrogate(text[start - 1])) start--;  // never split a pair
        sb.Append(text, 0, start);
        Span<char> unit = stackalloc char[10];
        for (int i = start; i < text.Length;)
        {
            int used = 1;
            int written;
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                used = 2;
                int cp = char.ConvertToUtf32(c, text[i + 1]);
                if (IsHidden(cp)) written = Escape(cp, unit);
                else { unit[0] = c; unit[1] = text[i + 1]; written = 2; }
            }
            else if (breaksAsSpaces && c is '\n' or '\r' or '\t' or '\u0085' or '\u2028' or '\u2029')
            {
                unit[0] = ' ';
                written = 1;
            }
            else if (c < 0x20) { unit[0] = (char)(0x2400 + c); written = 1; }  // ␀ … ␛ …
            else if (c == 0x7F) { unit[0] = '\u2421'; written = 1; }          // ␡
            else if (IsHidden(c)) written = Escape(c, unit);                    // C1, Cf, lone surrogates, …
            else { unit[0] = c; written = 1; }

            if (sb.Length + written > maxLength)
            {
                sb.Append('…');
                break;
            }
            sb.Append(unit[..written]);
            i += used;
        }
        return sb.ToString();
    }

    /// <summary>The index of the first character at or after <paramref name="from"/> that would be replaced, or -1.</summary>
    private static int IndexOfHidden(string text, int from)
    {
        var span = text.AsSpan(from);
        int i = span.IndexOfAnyExceptInRange(' ', '~');   // printable ASCII needs no look at all
        if (i < 0) return -1;
        for (int k = from + i; k < text.Length; k++)
        {
            char c = text[k];
            if (c is >= ' ' and <= '~') continue;
            if (char.IsHighSurrogate(c) && k + 1 < text.Length && char.IsLowSurrogate(text[k + 1]))
            {
                if (IsHidden(char.ConvertToUtf32(c, text[k + 1]))) return k;
                k++;
                continue;
            }
            if (IsHidden(c)) return k;
        }
        return -1;
    }

    /// <summary>
    /// True for a code point that must not reach a terminal as itself: Cc, Cf, Zl, Zp, a surrogate (only ever
    /// seen here unpaired), or a Default_Ignorable_Code_Point (Unicode's DerivedCoreProperties.txt).
    /// </summary>
    internal static bool IsHidden(int cp)
    {
        if (cp < 0x20 || cp is >= 0x7F and <= 0x9F) return true;
        if (cp < 0xA0) return false;
        if (cp is >= 0xD800 and <= 0xDFFF) return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(cp);
        if (category is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator) return true;
        return IsDefaultIgnorable(cp);
    }

    // Default_Ignorable_Code_Point ranges that are not already Cf (Unicode 15.1 DerivedCoreProperties.txt):
    // letters and marks that render as nothing, and the reserved code points kept ignorable for the future.
    private static bool IsDefaultIgnorable(int cp) => cp switch
    {
        0x00AD or 0x034F or 0x061C => true,
        >= 0x115F and <= 0x1160 => true,   // Hangul choseong/jungseong fillers
        >= 0x17B4 and <= 0x17B5 => true,   // Khmer inherent vowels
        >= 0x180B and <= 0x180F => true,   // Mongolian free variation selectors and vowel separator
        >= 0x200B and <= 0x200F => true,
        >= 0x202A and <= 0x202E => true,
        >= 0x2060 and <= 0x206F => true,
        0x3164 or 0xFEFF or 0xFFA0 => true, // Hangul filler, BOM / zero-width no-break space, halfwidth filler
        >= 0xFE00 and <= 0xFE0F => true,   // variation selectors 1–16
        >= 0xFFF0 and <= 0xFFF8 => true,
        >= 0x1BCA0 and <= 0x1BCA3 => true,
        >= 0x1D173 and <= 0x1D17A => true,
        >= 0xE0000 and <= 0xE0FFF => true, // tags and variation selectors 17–256
        _ => false,
    };

    private static int Escape(int cp, Span<char> into)
    {
        into[0] = '\\';
        if (cp <= 0xFFFF)
        {
            into[1] = 'u';
            cp.TryFormat(into[2..], out int n, "x4", CultureInfo.InvariantCulture);
            return 2 + n;
        }
        into[1] = 'U';
        cp.TryFormat(into[2..], out int m, "x8", CultureInfo.InvariantCulture);
        return 2 + m;
    }
}

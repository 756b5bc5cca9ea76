using System.Globalization;
using System.Text;
using OpsLogTools.Core.Text;
using Xunit;

namespace OpsLogTools.Core.Tests;

/// <summary>
/// The law of the console sanitiser over all text: what comes out holds no control, format, separator or invisible
/// character; printable text comes out as it went in; nothing is lost (the result reads back to the input whenever
/// the input has no backslash or control picture of its own, so different inputs never look the same); and cleaning
/// twice changes nothing. Checked on every code point one by one and on random strings (seeded, so a failure
/// repeats) that mix every hidden code point with printable text of many scripts.
/// </summary>
public class ConsoleTextPropertyTests
{
    private const int Seed = 20261125;
    private const int Cases = 20_000;

    /// <summary>The characters the brief names, and every Cc, Cf, Zl, Zp code point (an oracle independent of ConsoleText).</summary>
    private static bool MustNotSurvive(int cp) =>
        cp < 0x20 || cp is >= 0x7F and <= 0x9F
        || cp is >= 0x202A and <= 0x202E || cp is >= 0x2066 and <= 0x2069 || cp is 0x200E or 0x200F or 0x061C
        || cp is >= 0x200B and <= 0x200D || cp is 0x2060 or 0xFEFF
        || CharUnicodeInfo.GetUnicodeCategory(cp) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static readonly int[] Hidden = Enumerable.Range(0, 0x110000)
        .Where(cp => cp is < 0xD800 or > 0xDFFF && ConsoleText.IsHidden(cp)).ToArray();

    [Fact]
    public void Every_code_point_the_brief_names_is_hidden_and_nothing_printable_is()
    {
        int named = 0;
        for (int cp = 0; cp < 0x110000; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            if (MustNotSurvive(cp)) { Assert.True(ConsoleText.IsHidden(cp), $"U+{cp:X4} must be made visible"); named++; }
            var category = CharUnicodeInfo.GetUnicodeCategory(cp);
            if (category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.DecimalDigitNumber
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.OtherPunctuation or UnicodeCategory.SpaceSeparator)
            {
                Assert.False(ConsoleText.IsHidden(cp), $"U+{cp:X4} ({category}) is printable and must stay as it is");
            }
        }
        Assert.True(named >= 200, $"{named} code points checked");   // C0 + C1 + DEL are 65; Cf adds about 170
    }

    [Fact]
    public void Each_hidden_code_point_alone_comes_out_visible_and_reads_back()
    {
        foreach (int cp in Hidden)
        {
            string input = char.ConvertFromUtf32(cp);
            string output = ConsoleText.Visible(input);
            AssertNothingHidden(output, input);
            Assert.Equal(input, ReadBack(output));
        }
        for (int lone = 0xD800; lone <= 0xDFFF; lone += 0x3F)
        {
            string output = ConsoleText.Visible(((char)lone).ToString());
            AssertNothingHidden(output, $"U+{lone:X4}");
        }
    }

    [Fact]
    public void Random_text_comes_out_visible_unchanged_when_printable_and_without_loss()
    {
        var random = new Random(Seed);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int n = 0; n < Cases; n++)
        {
            bool withStandIns = n % 10 == 0;       // one case in ten also carries backslashes and control pictures
            string input = RandomText(random, withStandIns);
            string output = ConsoleText.Visible(input);

            AssertNothingHidden(output, input);
            Assert.Equal(output, ConsoleText.Visible(output));                        // idempotent
            if (!input.EnumerateRunes().Any(r => ConsoleText.IsHidden(r.Value)) && !HasLoneSurrogate(input))
            {
                Assert.Equal(input, output);                                          // printable text untouched
            }
            if (!withStandIns)
            {
                Assert.Equal(input, ReadBack(output));                                // nothing lost
                if (seen.TryGetValue(output, out var other)) Assert.Equal(other, input); // hence injective
                else seen[output] = input;
            }
        }
    }

    private static void AssertNothingHidden(string output, string input)
    {
        for (int i = 0; i < output.Length; i++)
        {
            char c = output[i];
            if (char.IsHighSurrogate(c) && i + 1 < output.Length && char.IsLowSurrogate(output[i + 1]))
            {
                int cp = char.ConvertToUtf32(c, output[i + 1]);
                if (MustNotSurvive(cp) || ConsoleText.IsHidden(cp)) Assert.Fail($"U+{cp:X} left in the output for {Escaped(input)}");
                i++;
                continue;
            }
            if (char.IsSurrogate(c)) Assert.Fail($"lone surrogate U+{(int)c:X4} left in the output for {Escaped(input)}");
            if (MustNotSurvive(c) || ConsoleText.IsHidden(c)) Assert.Fail($"U+{(int)c:X4} left in the output for {Escaped(input)}");
        }
    }

    /// <summary>The inverse the convention allows: control pictures back to C0/DEL, \uXXXX and \UXXXXXXXX back to their code point.</summary>
    private static string ReadBack(string output)
    {
        var sb = new StringBuilder(output.Length);
        for (int i = 0; i < output.Length; i++)
        {
            char c = output[i];
            if (c is >= '\u2400' and <= '\u241F') sb.Append((char)(c - 0x2400));
            else if (c == '\u2421') sb.Append('\u007F');
            else if (c == '\\' && i + 5 < output.Length && output[i + 1] == 'u')
            {
                int cp = int.Parse(output.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                sb.Append((char)cp);
                i += 5;
            }
            else if (c == '\\' && i + 9 < output.Length && output[i + 1] == 'U')
            {
                int cp = int.Parse(output.AsSpan(i + 2, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                sb.Append(char.ConvertFromUtf32(cp));
                i += 9;
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }

    // Printable pieces from several scripts (ASCII, Latin-1 letters, CJK, Arabic, Hebrew, Devanagari, emoji beyond
    // U+FFFF), every hidden code point, and the stand-ins' own characters.
    private static readonly string[] Printable =
        ["a", "Z", "0", " ", "/", "=", "é", "ß", "日", "本", "ア", "ب", "ש", "क", "\U0001F600", "\U0001F1EF\U0001F1F5", "€", "…", "‰"];

    private static string RandomText(Random random, bool withStandIns)
    {
        int length = random.Next(0, 40);
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            int pick = random.Next(100);
            if (pick < 45) sb.Append(Printable[random.Next(Printable.Length)]);
            else if (pick < 90) sb.Append(char.ConvertFromUtf32(Hidden[random.Next(Hidden.Length)]));
            else if (pick < 95) sb.Append((char)random.Next(0xD800, 0xE000));   // may pair up with a neighbour, or stay alone
            else if (withStandIns) sb.Append(random.Next(3) switch { 0 => "\\", 1 => "\\u202e", _ => "\u241b" });
            else
            {
                char ascii = (char)random.Next(0x20, 0x7F);
                sb.Append(ascii == '\\' ? '/' : ascii);
            }
        }
        // Two random surrogate halves in a row make one (random) character beyond U+FFFF: that is fine, it is
        // either printable and kept or hidden and escaped, and reads back either way.
        return sb.ToString();
    }

    private static bool HasLoneSurrogate(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return true;
        }
        return false;
    }

    private static string Escaped(string s) =>
        string.Concat(s.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}

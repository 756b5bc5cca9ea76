using System.Globalization;

namespace OpsLogTools.Core.Analysis.Updates.Timers;

/// <summary>
/// One component of a systemd calendar event (years, months, days, hours, minutes or seconds): <c>*</c>, values,
/// comma lists, ranges <c>a..b</c> and repetitions <c>a/b</c>, <c>*/b</c>, <c>a..b/c</c> (systemd.time(7)).
/// </summary>
internal sealed class CalendarField
{
    private readonly (int Start, int End, int Step, bool FromHigh)[] _items;

    private CalendarField((int, int, int, bool)[] items, string text)
    {
        _items = items;
        Text = text;
    }

    /// <summary>The component as written.</summary>
    public string Text { get; }

    /// <summary>True for a plain <c>*</c>.</summary>
    public bool IsAny => _items.Length == 1 && _items[0] == (int.MinValue, int.MaxValue, 1, false);

    /// <summary>True when <paramref name="value"/> is one of the component's values.</summary>
    public bool Matches(int value)
    {
        foreach (var (start, end, step, fromHigh) in _items)
        {
            if (value < start || value > end) continue;
            if (start == int.MinValue || (fromHigh ? end - value : value - start) % step == 0) return true;
        }
        return false;
    }

    /// <summary>
    /// Reads a component whose values lie in <paramref name="min"/>..<paramref name="max"/>; null when it does not read.
    /// <paramref name="downward"/> is for days counted from the month's end (<c>~07/1</c>: the 7th-last day and every day
    /// after it, towards the end): a repetition without a range runs down to <paramref name="min"/>.
    /// </summary>
    public static CalendarField? Parse(string text, int min, int max, bool downward = false)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var items = new List<(int, int, int, bool)>();
        foreach (string part in text.Split(','))
        {
            if (part.Length == 0) return null;
            string range = part;
            int step = 0;
            int slash = part.IndexOf('/');
            if (slash >= 0)
            {
                if (!TryNumber(part[(slash + 1)..], out step) || step <= 0) return null;
                range = part[..slash];
            }
            int start, end;
            if (range == "*")
            {
                if (step == 0)
                {
                    items.Add((int.MinValue, int.MaxValue, 1, false));
                    continue;
                }
                (start, end) = (min, max);
            }
            else
            {
                int dots = range.IndexOf("..", StringComparison.Ordinal);
                if (dots >= 0)
                {
                    if (!TryNumber(range[..dots], out start) || !TryNumber(range[(dots + 2)..], out end) || end < start) return null;
                }
                else
                {
                    if (!TryNumber(range, out start)) return null;
                    // "a/b" runs from a to the end of the range (down to its start, for days counted from the month's end).
                    end = start;
                    if (step > 0 && downward)
                    {
                        if (start < min || start > max) return null;
                        items.Add((min, start, step, true));
                        continue;
                    }
                    if (step > 0) end = max;
                }
            }
            if (start < min || end > max) return null;
            items.Add((start, end, step == 0 ? 1 : step, false));
        }
        return new CalendarField([.. items], text);
    }

    private static bool TryNumber(string s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && s.Length <= 4;
}

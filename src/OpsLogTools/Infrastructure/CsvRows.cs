using System.Collections;
using System.Globalization;
using System.Management.Automation;
using OpsLogTools.Core.Text;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// What Export-Csv and ConvertTo-Csv write for the module's own objects while the module is loaded (the module's
/// OpsLogTools.Csv.psm1 puts each input through <see cref="ForCsv"/> before handing it to the built-in cmdlet).
/// Log text is untrusted and a CSV file is opened in a spreadsheet: a user agent or a request path starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return would run there as a formula
/// (<c>=HYPERLINK(...)</c>, <c>=cmd|...</c>). The objects themselves are never changed: Where-Object, -like,
/// -match, ConvertTo-Json, Export-Clixml and the HTML report keep seeing the original text.
/// </summary>
public static class CsvRows
{
    /// <summary>
    /// For an object of this module (live, from Select-Object, or read back by Import-Clixml or over remoting): a
    /// row with the same property names in the same order and the same type names, one useful value per cell:
    /// <list type="bullet">
    /// <item>text: made visible (<see cref="ConsoleText.Visible(string?)"/>) and formula-defused
    /// (<see cref="ReportText.DefuseFormula"/>: a leading apostrophe);</item>
    /// <item>a list (Evidence, SamplePaths, OtherKinds, Packages, ...): its items' text, one item per line of the cell
    /// (a line feed between items; an item never holds a raw line break, Visible shows it as a stand-in, so
    /// <c>$row.Evidence -split "`n"</c> gives the items back);</item>
    /// <item>a dictionary (StatusCounts): <c>key=value</c> pairs joined by <c>"; "</c>, e.g. <c>404=3581; 500=22</c>;</item>
    /// <item>a time: ISO 8601 with its offset, <c>2022-07-09T21:40:01+09:00</c> (fractions of a second only when
    /// there are any), which <c>[DateTimeOffset]</c> reads back; a deserialized time the same;</item>
    /// <item>numbers, booleans, enums and durations are computed by the module, never copied from a log, and are
    /// passed as they are, so a negative offset stays a number;</item>
    /// <item>any other object (a small object inside a finding): its text.</item>
    /// </list>
    /// Any other input object is returned unchanged.
    /// </summary>
    public static object? ForCsv(object? input)
    {
        if (input is null) return null;
        var source = PSObject.AsPSObject(input);
        if (!IsOwn(source)) return input;

        var row = new PSObject();
        row.TypeNames.Clear();
        foreach (string name in source.TypeNames) row.TypeNames.Add(name);
        foreach (var property in source.Properties)
        {
            object? value;
            try
            {
                value = property.Value;
            }
            catch (Exception e) when (e is GetValueException or ExtendedTypeSystemException or InvalidOperationException)
            {
                value = null;   // Export-Csv writes an unreadable value as an empty cell too
            }
            row.Properties.Add(new PSNoteProperty(property.Name, Cell(value)));
        }
        return row;
    }

    /// <summary>True for the module's objects: a type name (after Deserialized., Selected. or CSV:) in OpsLogTools.</summary>
    public static bool IsOwn(PSObject item)
    {
        foreach (string name in item.TypeNames)
        {
            var rest = name.AsSpan();
            while (true)
            {
                if (rest.StartsWith("Deserialized.", StringComparison.Ordinal)) rest = rest["Deserialized.".Length..];
                else if (rest.StartsWith("Selected.", StringComparison.Ordinal)) rest = rest["Selected.".Length..];
                else if (rest.StartsWith("CSV:", StringComparison.Ordinal)) rest = rest["CSV:".Length..];
                else break;
            }
            if (rest.StartsWith("OpsLogTools.", StringComparison.Ordinal)) return true;
        }
        return false;
    }

    /// <summary>How the items of a list are joined in one cell: one item per line.</summary>
    public const string ListSeparator = "\n";

    /// <summary>How the pairs of a dictionary are joined in one cell: <c>404=3581; 500=22</c>.</summary>
    public const string PairSeparator = "; ";

    /// <summary>Times in a cell: ISO 8601 with the offset, fractions of a second only when there are any.</summary>
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

    private static object? Cell(object? value)
    {
        object? bare = value is PSObject p ? p.BaseObject : value;
        if (bare is null) return null;
        if (bare is DateTimeOffset time) return Time(time);
        if (DeserializedTimeConverter.TryRead(value, out var back)) return Time(back);
        if (bare is DateTime dt) return dt.ToString("o", CultureInfo.InvariantCulture);
        if (IsComputed(bare)) return bare;
        try
        {
            switch (bare)
            {
                case string s:
                    return ReportText.Csv(s);
                case IDictionary dictionary:
                    // Sorted by key, shortest first (statuses in numeric order): a dictionary read back by Import-Clixml is
                    // a Hashtable, whose order is arbitrary, and its cell should read the same as the live object's.
                    var pairs = new List<(string Key, string Value)>();
                    foreach (DictionaryEntry pair in dictionary) pairs.Add((Text(pair.Key), Text(pair.Value)));
                    pairs.Sort((x, y) => x.Key.Length != y.Key.Length ? x.Key.Length.CompareTo(y.Key.Length) : string.CompareOrdinal(x.Key, y.Key));
                    return ReportText.DefuseFormula(string.Join(PairSeparator, pairs.Select(x => $"{x.Key}={x.Value}")));   // each part already made visible
                case IEnumerable items:
                    var texts = new List<string>();
                    foreach (object? item in items) texts.Add(Text(item));
                    return ReportText.DefuseFormula(string.Join(ListSeparator, texts));   // each item already made visible
                default:
                    return ReportText.Csv(value!.ToString());
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;   // Export-Csv writes an unreadable value as an empty cell too
        }
    }

    private static string Time(DateTimeOffset time) => time.ToString(TimeFormat, CultureInfo.InvariantCulture);

    // One item of a list or one key or value of a dictionary, made visible (line breaks become stand-ins). Bytes (a
    // journal's binary field) as 0x and hex, a list inside (a journal field given more than once) as [a, b], as the
    // JournalEntry list view shows them.
    private static string Text(object? item)
    {
        object? bare = item is PSObject p ? p.BaseObject : item;
        return bare switch
        {
            null => "",
            byte[] bytes => "0x" + Convert.ToHexString(bytes),
            DateTimeOffset t => Time(t),
            IEnumerable inner and not string and not IDictionary => "[" + string.Join(", ", inner.Cast<object?>().Select(Text)) + "]",
            IFormattable f when IsComputed(f) => f.ToString(null, CultureInfo.InvariantCulture),
            _ when DeserializedTimeConverter.TryRead(item, out var back) => Time(back),
            _ => ConsoleText.Visible(item!.ToString()),
        };
    }

    private static bool IsComputed(object value) =>
        value is Enum or bool or DateTimeOffset or DateTime or TimeSpan or Guid
        || (value.GetType().IsPrimitive && value is not char) || value is decimal;
}

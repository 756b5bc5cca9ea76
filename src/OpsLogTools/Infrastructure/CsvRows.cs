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
    /// row with the same property names in the same order and the same type names, each value turned into the text
    /// Export-Csv would write (its <c>ToString()</c>), made visible (<see cref="ConsoleText.Visible(string?)"/>) and
    /// formula-defused (<see cref="ReportText.DefuseFormula"/>: a leading apostrophe). Numbers, booleans, enums,
    /// times and durations are computed by the module, never copied from a log, and are passed as they are, so a
    /// negative offset stays a number. Any other object is returned unchanged.
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

    private static object? Cell(object? value)
    {
        object? bare = value is PSObject p ? p.BaseObject : value;
        if (bare is null) return null;
        if (IsComputed(bare)) return bare;
        string? text;
        try
        {
            text = value!.ToString();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
        return text is null ? null : ReportText.Csv(text);
    }

    private static bool IsComputed(object value) =>
        value is Enum or bool or DateTimeOffset or DateTime or TimeSpan or Guid
        || (value.GetType().IsPrimitive && value is not char) || value is decimal;
}

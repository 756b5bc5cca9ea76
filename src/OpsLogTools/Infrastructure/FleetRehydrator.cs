using System.Collections;
using System.Management.Automation;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Gives objects received from a host the values a CliXml round trip gives them: the module's enums as enums and times
/// as <see cref="DateTimeOffset"/>. PowerShell's remoting deserializes them on its own threads, where the types file's
/// rehydration of the module's types does not take (an enum arrives as a bare Int32 that prints as its number, a time as
/// a property bag), so scripts written for live objects (<c>Where-Object Kind -eq CmsProbe</c>, <c>Sort-Object
/// Timestamp</c>) would behave otherwise on a fleet. Done here, on the pipeline thread, two levels deep.
/// </summary>
internal static class FleetRehydrator
{
    private const string Deserialized = "Deserialized.";
    private static readonly System.Reflection.Assembly Model = typeof(LogAnomaly).Assembly;

    /// <summary>Replaces deserialized enum and time values in <paramref name="item"/>'s properties, in place.</summary>
    public static void Rehydrate(PSObject item) => Walk(item, depth: 2);

    private static void Walk(PSObject item, int depth)
    {
        if (depth < 0) return;
        foreach (var property in item.Properties)
        {
            // Deserialized bags hold their values as note properties or, as remoting builds them, as settable properties.
            if (property is not (PSNoteProperty or PSProperty) || !property.IsSettable) continue;
            object? value = property.Value;
            if (Revived(value) is { } revived)
            {
                property.Value = revived;
            }
            else if (value is PSObject { BaseObject: IList list })
            {
                for (int i = 0; i < list.Count; i++)
                {
                    if (list.IsReadOnly) break;
                    if (Revived(list[i]) is { } element) list[i] = element;
                    else if (list[i] is PSObject inner) Walk(inner, depth - 1);
                }
            }
            else if (value is PSObject bag && IsDeserialized(bag))
            {
                Walk(bag, depth - 1);
            }
        }
    }

    private static object? Revived(object? value)
    {
        if (value is not PSObject bag || bag.TypeNames.Count == 0) return null;
        string name = bag.TypeNames[0];
        if (DeserializedTimeConverter.TryRead(bag, out var time)) return time;
        if (!name.StartsWith(Deserialized + "OpsLogTools.Core.Model.", StringComparison.Ordinal)) return null;
        var type = Model.GetType(name[Deserialized.Length..], throwOnError: false);
        if (type is not { IsEnum: true }) return null;
        return bag.BaseObject switch
        {
            int or long or short or byte or uint or ulong or ushort or sbyte => Enum.ToObject(type, bag.BaseObject),
            string text when Enum.TryParse(type, text, ignoreCase: false, out object? parsed) => parsed,
            _ => null,
        };
    }

    private static bool IsDeserialized(PSObject bag) =>
        bag.TypeNames.Count > 0 && bag.TypeNames[0].StartsWith(Deserialized, StringComparison.Ordinal);
}

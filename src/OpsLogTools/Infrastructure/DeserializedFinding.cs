using System.Collections;
using System.Management.Automation;
using System.Reflection;
using OpsLogTools.Core.Model;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Turns the findings that come back from a fleet run, Import-Clixml or remoting (<c>Deserialized.OpsLogTools.Core.Model.*</c>
/// property bags) into the engine's objects again, so Export-OpsReport reports them as it reports live ones. The types
/// file rehydrates only times and enums; the findings themselves stay bags, so their init-only properties are set here
/// from the bag's properties of the same name (times through <see cref="DeserializedTimeConverter"/>, lists and
/// dictionaries element by element, the small objects inside recursively). A property the bag lacks keeps its default.
/// </summary>
public static class DeserializedFinding
{
    private const string Prefix = "Deserialized.";

    /// <summary>The live finding for <paramref name="item"/>: its base object when live, a rebuilt one when a bag of a finding type; else null.</summary>
    public static object? From(PSObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.BaseObject is LogAnomaly or BotActivity or UpdateWindowResult or LogEntry) return item.BaseObject;
        foreach (var type in (Type[])[typeof(LogAnomaly), typeof(BotActivity), typeof(UpdateWindowResult)])
        {
            if (item.TypeNames.Contains(Prefix + type.FullName)) return Build(item, type, 0);
        }
        return null;
    }

    /// <summary>
    /// The host a fleet run tagged the object with: <c>PSComputerName</c>, else a <c>HostName</c> note the fleet added
    /// (the engine's own LogEntry.HostName is the log's host field, not the fleet's, and is not read). Null when untagged.
    /// </summary>
    public static string? Host(PSObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Properties["PSComputerName"]?.Value is { } pc && pc.ToString() is { Length: > 0 } name) return name;
        if (item.BaseObject is not LogEntry && item.Properties["HostName"] is PSNoteProperty { Value: { } hn } && hn.ToString() is { Length: > 0 } host) return host;
        return null;
    }

    private static object Build(PSObject bag, Type type, int depth)
    {
        object target = Activator.CreateInstance(type)!;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.SetMethod is null || p.GetIndexParameters().Length > 0) continue;
            var value = bag.Properties[p.Name]?.Value;
            if (value is null) continue;
            if (TryConvert(value, p.PropertyType, depth, out var converted)) p.SetValue(target, converted);
        }
        return target;
    }

    private static bool TryConvert(object value, Type type, int depth, out object? result)
    {
        result = null;
        if (depth > 4) return false;
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        object bare = value is PSObject pso && pso.BaseObject is not PSCustomObject ? pso.BaseObject : value;
        try
        {
            if (underlying == typeof(DateTimeOffset))
            {
                if (bare is DateTimeOffset d) { result = d; return true; }
                if (DeserializedTimeConverter.TryRead(value, out var t)) { result = t; return true; }
                result = LanguagePrimitives.ConvertTo(bare, typeof(DateTimeOffset), System.Globalization.CultureInfo.InvariantCulture);
                return true;
            }
            if (underlying.IsEnum || underlying.IsPrimitive || underlying == typeof(string) || underlying == typeof(TimeSpan) || underlying == typeof(decimal))
            {
                result = LanguagePrimitives.ConvertTo(bare, underlying, System.Globalization.CultureInfo.InvariantCulture);
                return true;
            }
            if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && bare is IDictionary dict)
            {
                var args = underlying.GetGenericArguments();
                var made = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(args))!;
                foreach (DictionaryEntry e in dict)
                {
                    if (TryConvert(e.Key, args[0], depth + 1, out var k) && k is not null && TryConvert(e.Value ?? "", args[1], depth + 1, out var v)) made[k] = v;
                }
                result = made;
                return true;
            }
            if (underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                var element = underlying.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
                IEnumerable items = bare is IEnumerable e and not string ? e : new[] { value };
                foreach (var item in items)
                {
                    if (item is not null && TryConvert(item, element, depth + 1, out var x)) list.Add(x);
                }
                result = list;
                return true;
            }
            if (underlying.IsClass && value is PSObject { BaseObject: PSCustomObject } nested && underlying.GetConstructor(Type.EmptyTypes) is not null)
            {
                result = Build(nested, underlying, depth + 1);
                return true;
            }
        }
        catch (PSInvalidCastException)
        {
        }
        return false;
    }
}

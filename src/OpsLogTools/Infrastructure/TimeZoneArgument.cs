using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace OpsLogTools.Infrastructure;

/// <summary>Lets -TimeZone take an IANA id ("Asia/Tokyo"), a Windows id, "UTC", "Local", an offset ("+09:00") or a TimeZoneInfo.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class TimeZoneTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is TimeZoneInfo tz) return tz;
        if (value is TimeSpan ts) return TimeZoneInfo.CreateCustomTimeZone($"UTC{Core.Reading.TimeReference.FormatOffset(ts)}", ts, null, null);
        if (value is string s) return Parse(s);
        throw new ArgumentTransformationMetadataException($"Cannot convert '{Core.Text.ConsoleText.Visible(value?.ToString())}' to a time zone.");
    }

    public static TimeZoneInfo Parse(string s)
    {
        s = s.Trim();
        if (s.Equals("Local", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Local;
        if (s.Equals("UTC", StringComparison.OrdinalIgnoreCase) || s == "Z") return TimeZoneInfo.Utc;
        if ((s.StartsWith('+') || s.StartsWith('-')) && TimeSpan.TryParse(s.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture, out var offset))
        {
            return TimeZoneInfo.CreateCustomTimeZone($"UTC{s}", offset, null, null);
        }
        // The Try form: an id naming a directory of the zone database ("Europe/") makes the throwing form raise a
        // SecurityException rather than TimeZoneNotFoundException.
        if (TimeZoneInfo.TryFindSystemTimeZoneById(s, out var zone)) return zone;
        throw new ArgumentTransformationMetadataException(
            $"'{Core.Text.ConsoleText.Visible(s)}' is not a known time zone. Use an IANA id such as 'Asia/Tokyo', 'UTC', 'Local' or an offset such as '+09:00'.");
    }
}

/// <summary>Tab completion for -TimeZone: the system's zone ids.</summary>
internal sealed class TimeZoneCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string word = wordToComplete.Trim('\'', '"');
        foreach (string id in new[] { "UTC", "Local" }.Concat(TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)))
        {
            if (id.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(id.Contains(' ') ? $"'{id}'" : id, id, CompletionResultType.ParameterValue, id);
            }
        }
    }
}

using System.Globalization;
using System.Management.Automation;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Lets a TimeSpan parameter take what an admin types: "2s", "90s", "5m", "1.5h", "1d", a number of seconds,
/// or anything TimeSpan takes ("00:10:00"). Unquoted, 2s and 1d reach here as numbers (see Transform).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case TimeSpan ts: return ts;
            // PowerShell reads 2s as a short (the s suffix) and 1d as a decimal (the d suffix) before this sees
            // them: a short is seconds as typed, and a decimal only comes from the d suffix, so it is days.
            case short sh: return TimeSpan.FromSeconds(sh);
            case int i: return TimeSpan.FromSeconds(i);
            case long l: return TimeSpan.FromSeconds(l);
            case double d when double.IsFinite(d): return TimeSpan.FromSeconds(d);
            case decimal m when Math.Abs(m) < 100_000: return TimeSpan.FromDays((double)m);
            case string s when TryParse(s, out var parsed): return parsed;
        }
        throw new ArgumentTransformationMetadataException($"Cannot convert '{Core.Text.ConsoleText.Visible(value?.ToString())}' to a duration. Use e.g. 2s, 5m, 1h, 1d or 00:10:00.");
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        string s = text.Trim();
        value = default;
        if (s.Length == 0) return false;
        double unit = char.ToLowerInvariant(s[^1]) switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        if (unit > 0 && double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && double.IsFinite(n))
        {
            value = TimeSpan.FromSeconds(n * unit);
            return true;
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
    }
}

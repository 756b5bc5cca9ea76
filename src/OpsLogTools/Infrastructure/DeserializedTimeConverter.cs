using System.Management.Automation;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Turns a deserialized <see cref="DateTimeOffset"/> (the property bag Import-Clixml and remoting give back, type name
/// <c>Deserialized.System.DateTimeOffset</c>) into a live <see cref="DateTimeOffset"/> again, with the same clock
/// time and offset, so the times of the module's objects stay times after a round trip: <c>Sort-Object Timestamp</c>
/// sorts instants, <c>-lt</c> compares them, and the views format them. OpsLogTools.Types.ps1xml names it as the
/// rehydrating converter (PowerShell's own pattern for IPAddress and friends); it only takes such property bags and
/// leaves every other conversion to PowerShell.
/// </summary>
public sealed class DeserializedTimeConverter : PSTypeConverter
{
    private const string DeserializedName = "Deserialized.System.DateTimeOffset";

    /// <inheritdoc />
    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        destinationType == typeof(DateTimeOffset) && TryRead(sourceValue, out _);

    /// <inheritdoc />
    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        TryRead(sourceValue, out var value)
            ? value
            : throw new PSInvalidCastException($"Not a deserialized DateTimeOffset: {sourceValue}");

    /// <inheritdoc />
    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    /// <inheritdoc />
    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new PSInvalidCastException($"Cannot convert {sourceValue} to {destinationType}.");

    /// <summary>
    /// Reads a deserialized DateTimeOffset: its clock ticks and its offset (both written by every serialization depth
    /// that writes the bag at all). False for anything else.
    /// </summary>
    public static bool TryRead(object? sourceValue, out DateTimeOffset value)
    {
        value = default;
        if (sourceValue is not PSObject bag || !bag.TypeNames.Contains(DeserializedName)) return false;
        object? ticks = Bare(bag.Properties["Ticks"]?.Value);
        object? offset = Bare(bag.Properties["Offset"]?.Value);
        if (offset is not TimeSpan span) return false;
        try
        {
            long clock = ticks switch
            {
                long l => l,
                DateTime d => d.Ticks,
                _ => Bare(bag.Properties["DateTime"]?.Value) is DateTime dt ? dt.Ticks : throw new FormatException("no clock time"),
            };
            value = new DateTimeOffset(clock, span);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return false;
        }
    }

    private static object? Bare(object? value) => value is PSObject p ? p.BaseObject : value;
}

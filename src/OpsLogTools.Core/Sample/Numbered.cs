namespace OpsLogTools.Core.Sample;

/// <summary>
/// A process or login session whose number is handed out later, in order of birth, so PIDs and session ids
/// rise with true time across every file however the generators happen to run.
/// </summary>
internal sealed class Numbered
{
    internal Numbered(DateTimeOffset born, long order)
    {
        Born = born;
        Order = order;
    }

    /// <summary>When the process started (true time).</summary>
    public DateTimeOffset Born { get; }

    /// <summary>Creation order, to break ties between processes born in the same instant.</summary>
    public long Order { get; }

    /// <summary>The number, once assigned.</summary>
    public int Value { get; set; }

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

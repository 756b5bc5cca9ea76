namespace OpsLogTools.Core.Sample;

/// <summary>A stretch of lines cut out of one rsyslog file while the other files go on.</summary>
public sealed record MissingLinesPlant
{
    /// <summary>Whether lines are cut.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// The file, by its Amazon Linux base name: <c>secure</c>, <c>messages</c> or <c>cron</c> (on a Debian host: <c>auth.log</c>
    /// for secure, <c>syslog</c> for the other two, where cron's lines go).
    /// </summary>
    public string File { get; init; } = "secure";

    /// <summary>Start of the cut, relative to the incident start (true time). Default: 11 hours before it.</summary>
    public TimeSpan Start { get; init; } = TimeSpan.FromHours(-11);

    /// <summary>Length of the cut.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(2);
}

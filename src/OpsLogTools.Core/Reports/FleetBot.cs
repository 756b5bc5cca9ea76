using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Reports;

/// <summary>One bot client (by address) seen on two hosts or more of a fleet.</summary>
public sealed class FleetBot
{
    /// <summary>The client address.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>The hosts it reached, in ordinal order.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];

    /// <summary>What each host's detector made of it.</summary>
    public IReadOnlyList<(string Host, BotActivity Activity)> Sightings { get; init; } = [];

    /// <summary>Its requests on all hosts together.</summary>
    public long Requests => Sightings.Sum(s => s.Activity.Requests);

    /// <summary>Its first request on any host.</summary>
    public DateTimeOffset FirstSeen => Sightings.Min(s => s.Activity.FirstSeen);

    /// <summary>Its last request on any host.</summary>
    public DateTimeOffset LastSeen => Sightings.Max(s => s.Activity.LastSeen);

    /// <summary>The most hostile intent any host gave it.</summary>
    public BotIntent Intent => Sightings.Max(s => s.Activity.Intent);

    /// <inheritdoc />
    public override string ToString() => $"{ClientIp} on {string.Join(", ", Hosts)}: {Requests} requests";
}

using OpsLogTools.Core.Model;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>An address to write a block rule for, with what is known about it.</summary>
public sealed class BlockCandidate
{
    /// <summary>The address as given (plain or CIDR).</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>
    /// True when <see cref="ClientIp"/> was taken from a log (a finding's client): then it must be one address, and a
    /// network written in a log's client field is refused. False for addresses and prefixes typed by hand.
    /// </summary>
    public bool IsLoggedClient { get; init; }

    /// <summary>What the client did (None when given as a bare address).</summary>
    public BotKind Kind { get; init; }

    /// <summary>How hostile it looked, when known.</summary>
    public BotIntent? Intent { get; init; }

    /// <summary>True when the finding already knew it is a CDN edge.</summary>
    public bool IsCdnEdge { get; init; }

    /// <summary>The candidate for a finding.</summary>
    public static BlockCandidate From(BotActivity activity) => new()
    {
        ClientIp = activity.ClientIp,
        IsLoggedClient = true,
        Kind = activity.Kind,
        Intent = activity.Intent,
        IsCdnEdge = activity.IsCdnEdge,
    };

    /// <summary>
    /// The candidate for a login finding: its source as a logged client (so a host name or a network is refused), an
    /// attack as Malicious brute force; an ordinary login or a few failures as Benign (refused without -Force).
    /// </summary>
    public static BlockCandidate From(LoginActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new()
        {
            ClientIp = activity.Source,
            IsLoggedClient = true,
            Kind = activity.Kind == LoginActivityKind.Scan ? BotKind.Scanner : BotKind.BruteForce,
            Intent = activity.IsAttack ? BotIntent.Malicious : BotIntent.Benign,
        };
    }
}

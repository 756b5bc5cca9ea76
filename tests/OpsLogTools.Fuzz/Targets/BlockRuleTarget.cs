using System.Net;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Fuzz.Targets;

/// <summary>
/// The block-rule address parser: each input line as an address as logs write it (<see cref="IpAddressText.TryParse"/>)
/// and as a prefix (<see cref="IpAddressText.TryParseNetwork"/>), whose canonical text must read back as the same
/// address or prefix; then all lines as candidates for <see cref="BlockRuleWriter"/> in every rule format, whose rules
/// must name a prefix that reads back.
/// </summary>
internal static class BlockRuleTarget
{
    private static readonly BlockRuleWriter Writer = new();

    public static void Run(byte[] input)
    {
        var candidates = new List<BlockCandidate>();
        foreach (string raw in Utf8Text.Decode(input).Split('\n'))
        {
            string text = raw.Length > 200 ? raw[..200] : raw;
            candidates.Add(new BlockCandidate { ClientIp = text });
            if (IpAddressText.TryParse(text, out var address))
            {
                string canonical = IpAddressText.Canonical(address);
                FuzzCheck.That(IpAddressText.TryParse(canonical, out var again) && again.Equals(address), $"'{text}' reads as {canonical}, which does not read back");
            }
            if (IpAddressText.TryParseNetwork(text, out var network))
            {
                string cidr = network.ToString();
                FuzzCheck.That(IpAddressText.TryParseNetwork(cidr, out var again) && again.Equals(network), $"'{text}' reads as {cidr}, which does not read back");
            }
        }

        foreach (var format in Enum.GetValues<BlockRuleFormat>())
        {
            var result = Writer.Write(candidates, format);
            foreach (var rule in result.Rules)
            {
                FuzzCheck.That(IpAddressText.TryParseNetwork(rule.Address, out IPNetwork _), $"{format} rule for '{rule.SourceClientIp}' names '{rule.Address}', not a prefix");
            }
        }
    }
}

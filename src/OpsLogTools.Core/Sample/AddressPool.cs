using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>
/// Hands out distinct public addresses from realistic blocks (Japanese ISPs for visitors, hosting providers
/// for bots, the crawlers' own published ranges). No address is handed out twice, so every planted actor
/// can be counted by address; none falls in a CloudFront, private or documentation range.
/// </summary>
internal sealed class AddressPool
{
    // Japanese consumer ISPs (NTT OCN, SoftBank, KDDI, ...).
    private static readonly string[] JapanV4 = ["126.0.0.0/8", "153.128.0.0/10", "220.96.0.0/14", "114.144.0.0/13", "60.32.0.0/13", "49.96.0.0/13", "122.16.0.0/13", "180.0.0.0/13"];
    private static readonly string[] JapanV6 = ["2400:4050", "240b:10", "2409:10", "2001:268", "2404:7a80"];
    // Hosting providers that bots run from.
    private static readonly string[] HostingV4 = ["45.155.204.0/22", "193.106.191.0/24", "141.98.10.0/24", "89.248.160.0/19", "80.94.92.0/24", "194.26.29.0/24", "164.90.128.0/17", "167.99.0.0/16", "134.209.0.0/16", "185.191.171.0/24"];
    // Sources of sshd noise.
    private static readonly string[] SshNoiseV4 = ["61.177.172.0/24", "218.92.0.0/24", "43.154.0.0/16", "170.64.128.0/17", "159.223.0.0/16", "36.133.0.0/16", "106.13.0.0/16", "179.43.128.0/18"];
    private static readonly string[] GooglebotV4 = ["66.249.64.0/19"];
    private static readonly string[] BingbotV4 = ["40.77.167.0/24", "157.55.39.0/24", "207.46.13.0/24"];

    private readonly Random _rng;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public AddressPool(Random rng) => _rng = rng;

    public string JapanIpv4() => Take(() => FromBlock(JapanV4));
    public string Hosting() => Take(() => FromBlock(HostingV4));
    public string SshNoise() => Take(() => FromBlock(SshNoiseV4));
    public string Googlebot() => Take(() => FromBlock(GooglebotV4));
    public string Bingbot() => Take(() => FromBlock(BingbotV4));

    public string JapanIpv6() => Take(() =>
    {
        string prefix = JapanV6[_rng.Next(JapanV6.Length)];
        // Six non-zero groups keep the text canonical (no '::' to compress, no leading zeros).
        var groups = Enumerable.Range(0, 6).Select(_ => _rng.Next(1, 0x10000).ToString("x", CultureInfo.InvariantCulture));
        return prefix + ":" + string.Join(':', groups);
    });

    /// <summary>Claims an address chosen by the scenario (so generated ones never collide with it).</summary>
    public string Claim(string address)
    {
        if (!_used.Add(address)) throw new ArgumentException($"Address {address} is given to two actors.");
        return address;
    }

    private string Take(Func<string> make)
    {
        for (int i = 0; i < 1000; i++)
        {
            string a = make();
            if (_used.Add(a)) return a;
        }
        throw new InvalidOperationException("Address pool exhausted.");
    }

    private string FromBlock(string[] blocks)
    {
        var (network, size) = Ipv4Block.Parse(blocks[_rng.Next(blocks.Length)]);
        uint host;
        do host = network + (uint)_rng.NextInt64(0, size);
        while ((host & 0xFF) is 0 or 255);
        return Ipv4Block.Format(host);
    }
}

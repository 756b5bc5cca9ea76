using System.Globalization;

namespace OpsLogTools.Core.Sample;

/// <summary>Minimal IPv4 CIDR arithmetic for choosing addresses inside a block.</summary>
internal static class Ipv4Block
{
    public static (uint Network, long Size) Parse(string cidr)
    {
        int slash = cidr.IndexOf('/');
        var parts = cidr[..slash].Split('.');
        uint a = 0;
        foreach (var p in parts) a = (a << 8) | byte.Parse(p, CultureInfo.InvariantCulture);
        int bits = int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture);
        long size = 1L << (32 - bits);
        return (a & (uint)~(size - 1), size);
    }

    public static string Format(uint a) => string.Create(CultureInfo.InvariantCulture, $"{a >> 24}.{(a >> 16) & 0xFF}.{(a >> 8) & 0xFF}.{a & 0xFF}");

    public static bool Contains(string cidr, string address)
    {
        if (address.Contains(':')) return false;
        var (network, size) = Parse(cidr);
        var (a, _) = Parse(address + "/32");
        return a >= network && a < network + size;
    }
}

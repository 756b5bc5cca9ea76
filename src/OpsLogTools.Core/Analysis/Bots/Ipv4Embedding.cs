namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// The IPv4 addresses an IPv6 range stands for, in the IPv6 forms that carry one: IPv4-mapped <c>::ffff:a.b.c.d</c>
/// and IPv4-compatible <c>::a.b.c.d</c> (RFC 4291 §2.5.5), NAT64 <c>64:ff9b::a.b.c.d</c> (RFC 6052, the /96 form),
/// 6to4 <c>2002:AABB:CCDD::/48</c> (RFC 3056) and Teredo <c>2001:0:SSSS:SSSS:flags:port:CCCC:CCCC</c> (RFC 4380:
/// the server address in clear, the client's inverted bit by bit). The local-use NAT64 block 64:ff9b:1::/48 (RFC
/// 8215) is left out: where its IPv4 bits sit depends on the prefix length each operator picks. Those blocks are
/// refused as special-purpose anyway; the embedded address says which IPv4 host or network the text stands for.
/// </summary>
internal static class Ipv4Embedding
{
    // :: and ::1 are the unspecified and loopback addresses (RFC 4291 §2.5.2-3), not IPv4-compatible 0.0.0.0 and 0.0.0.1.
    private static readonly AddressRange UnspecifiedAndLoopback = AddressRange.Parse("::/127");

    private static readonly (AddressRange Block, int Offset, bool Inverted, string Form)[] Forms =
    [
        (AddressRange.Parse("::ffff:0:0/96"), 96, false, "the IPv4-mapped form"),
        (AddressRange.Parse("64:ff9b::/96"), 96, false, "the NAT64 form"),
        (AddressRange.Parse("::/96"), 96, false, "the IPv4-compatible form"),
        (AddressRange.Parse("2002::/16"), 16, false, "the 6to4 form"),
        (AddressRange.Parse("2001::/32"), 32, false, "a Teredo address (server)"),
        (AddressRange.Parse("2001::/32"), 96, true, "a Teredo address (client)"),
    ];

    /// <summary>
    /// For each form whose block shares addresses with <paramref name="v6"/>: the form and the IPv4 range those shared
    /// addresses carry (a single address when the IPv6 range fixes all 32 bits, all of IPv4 when it fixes none).
    /// </summary>
    public static IEnumerable<(string Form, AddressRange V4)> Of(AddressRange v6)
    {
        if (!v6.IsV6) yield break;
        foreach (var (block, offset, inverted, form) in Forms)
        {
            if (!block.Overlaps(v6) || (block.First == UInt128.Zero && UnspecifiedAndLoopback.Covers(v6))) continue;
            // CIDR blocks overlap only by nesting: the shared part is the longer prefix.
            var shared = v6.PrefixLength >= block.PrefixLength ? v6 : block;
            // The IPv4 bits are bits offset .. offset+31 counted from the top; the shared prefix fixes those above its length.
            int fixedBits = Math.Clamp(shared.PrefixLength - offset, 0, 32);
            uint bits = (uint)(shared.First >> (96 - offset));
            var v4 = AddressRange.Prefix(bits, fixedBits, isV6: false);
            // Inverting every bit maps a prefix block onto a prefix block of the same length.
            if (inverted) v4 = AddressRange.Prefix(~(uint)v4.First, fixedBits, isV6: false);
            yield return (form, v4);
        }
    }
}

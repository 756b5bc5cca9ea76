namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>One row of <see cref="SpecialPurposeRegistry"/>: a block no visitor on the internet comes from.</summary>
internal sealed record SpecialPurposeRange(AddressRange Range, AddressClass Class, string Name, string Source)
{
    /// <summary>CIDR text of the block.</summary>
    public string Prefix => Range.ToString();

    /// <summary>Words for messages: <c>192.0.2.0/24 (Documentation (TEST-NET-1), RFC 5737)</c>.</summary>
    public string Describe() => $"{Prefix} ({Name}, {Source})";
}

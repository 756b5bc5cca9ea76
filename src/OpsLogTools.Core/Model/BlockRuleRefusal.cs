namespace OpsLogTools.Core.Model;

/// <summary>An address ConvertTo-BlockRule would not write a rule for, and why.</summary>
public sealed class BlockRuleRefusal
{
    /// <summary>The address as given.</summary>
    public string ClientIp { get; init; } = "";

    /// <summary>A stable id scripts can match: CdnEdgeAddress, PrivateAddress, LoopbackAddress, LinkLocalAddress,
    /// SharedAddressSpace, ReservedAddress, BenignClient, InvalidAddress.</summary>
    public string ErrorId { get; init; } = "";

    /// <summary>The reason in plain words.</summary>
    public string Message { get; init; } = "";

    /// <summary>True when <c>-Force</c> would write the rule anyway (only for Benign clients).</summary>
    public bool Overridable { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{ErrorId}: {ClientIp}: {Message}";
}

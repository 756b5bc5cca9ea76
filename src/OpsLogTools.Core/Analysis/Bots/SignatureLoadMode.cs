namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>How a user signature file combines with the shipped one.</summary>
public enum SignatureLoadMode
{
    /// <summary>The user's entries are added to the shipped ones (and its <c>disable</c> list removes shipped entries).</summary>
    Merge = 0,
    /// <summary>The user's file stands alone.</summary>
    Replace,
}

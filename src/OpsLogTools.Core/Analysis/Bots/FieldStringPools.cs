namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// One <see cref="FieldStringPool"/> per kind of field, sized for what a busy site has of each, so that tens of
/// thousands of client addresses do not push the few hundred agents and paths out. One set per worker thread.
/// </summary>
internal sealed class FieldStringPools
{
    public FieldStringPool Clients { get; } = new(1 << 18);
    public FieldStringPool Paths { get; } = new(1 << 14);
    public FieldStringPool Queries { get; } = new(1 << 12);
    public FieldStringPool Agents { get; } = new(1 << 12);
    public FieldStringPool Referers { get; } = new(1 << 12);

    /// <summary>Methods, result types: a handful of words.</summary>
    public FieldStringPool Words { get; } = new(1 << 6);
}

namespace OpsLogTools.Fuzz;

/// <summary>One seed input: a file name (says where it came from) and its bytes.</summary>
internal sealed record Seed(string Name, byte[] Bytes);

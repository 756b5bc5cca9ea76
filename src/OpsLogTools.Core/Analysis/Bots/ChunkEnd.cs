namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// How a chunk of a big file ended: its line count, the read failure that stopped it (after <see cref="Lines"/> lines;
/// <see cref="LastLineCut"/> when the last of them was cut by it), and the last valid CloudFront <c>#Fields</c> line
/// it held (the columns the chunks after it are read with), or null.
/// </summary>
internal sealed record ChunkEnd(long Lines, Exception? Failure, bool LastLineCut, byte[]? LastFields);

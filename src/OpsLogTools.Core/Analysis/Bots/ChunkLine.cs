using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>
/// A line of a chunk that the file's session must judge (<see cref="Bundles.FileReadSession.Replay"/>): what the line
/// reader noticed, how it parsed (null: not parsed, empty once its NULs were removed), and for a malformed line its
/// start (for the warning's excerpt) and whether it holds binary bytes. <see cref="Number"/> counts from the chunk's
/// first line (1); the detector's thread adds the lines of the chunks before.
/// </summary>
internal readonly record struct ChunkLine(long Number, LineFlags Flags, int NulBytesRemoved, LineParseStatus? Status, string? Failure, byte[]? Head, bool Binary);

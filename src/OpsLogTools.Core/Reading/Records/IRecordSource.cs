namespace OpsLogTools.Core.Reading.Records;

/// <summary>
/// The reading door: a source over one opened file that yields its records in file order, each with its provenance
/// (<see cref="LogRecord.Path"/>, <see cref="LogRecord.Ordinal"/>, <see cref="LogRecord.Offset"/>). Files that are not
/// lines of text (systemd's journal, its export stream, utmp, audit) are read through one; lines are the other kind of
/// record and keep their own fast path (<see cref="LineReader"/>, which hands out spans, not objects).
/// </summary>
/// <remarks>
/// <para>
/// This layer (<c>OpsLogTools.Core.Reading</c>) turns files into records and knows nothing of what they mean. Above it,
/// a format (<c>OpsLogTools.Core.Formats</c>; for records, an <c>IRecordFormat</c>) recognises a file by its first bytes,
/// opens its record source and turns records into entries; above both, the bundle layer (<c>OpsLogTools.Core.Bundles</c>)
/// chooses each file's format, and with it the source, and brings detection, the per-file report and warning limits,
/// progress, time references and the merge of a whole bundle. References point down only (checked by
/// <c>tests/OpsLogTools.Core.Tests/Architecture/LayerTests</c>), so nothing here may name a format or the bundle layer.
/// </para>
/// <para>
/// To plug in a new binary log: derive a record from <see cref="LogRecord"/>, write a source that reads it from a
/// <see cref="Stream"/> (checking every offset and length against the file before trusting it; damage goes to
/// <see cref="RecordSourceContext.Damage"/>, never as an exception), then a format implementing
/// <c>Formats.IRecordFormat</c> (magic bytes for detection, the source, and record → entry) and add it to
/// <c>Formats.FormatRegistry</c>. Nothing downstream needs to know the file was binary.
/// </para>
/// </remarks>
public interface IRecordSource : IDisposable
{
    /// <summary>The next record; false at the end of what can be read. Never throws for bad content (only for I/O
    /// failures of the file itself and cancellation).</summary>
    bool TryRead(out LogRecord? record);
}

/// <summary>What a record source needs besides its stream: the file's path and where damage goes.</summary>
/// <param name="Path">The file's path, to put in records and messages.</param>
/// <param name="Damage">Receives every damage the source reads past.</param>
public sealed record RecordSourceContext(string Path, Action<RecordDamage> Damage)
{
    /// <summary>A context that drops damage (samples, fuzzing).</summary>
    public static RecordSourceContext Quiet(string path) => new(path, _ => { });
}

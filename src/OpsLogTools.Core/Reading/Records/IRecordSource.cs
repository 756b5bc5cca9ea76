namespace OpsLogTools.Core.Reading.Records;

/// <summary>
/// The reading door for files that are not lines of text (systemd's journal, its export stream, utmp, audit): a source
/// over one opened file that yields <see cref="LogRecord"/>s in file order. Lines are the other kind of record; they
/// keep their own fast path (<see cref="LineReader"/>), and both reach the formats through
/// the bundle layer's file read session (<c>Bundles/FileReadSession</c>), so every cmdlet that reads a bundle reads these files too.
/// </summary>
/// <remarks>
/// To plug in a new binary log: derive a record from <see cref="LogRecord"/>, write a source that reads it from a
/// <see cref="Stream"/> (checking every offset and length against the file before trusting it; damage goes to
/// <see cref="RecordSourceContext.Damage"/>, never as an exception), and a format implementing
/// <see cref="Formats.IRecordFormat"/> (magic bytes for detection, the source, and record → entry), then add that
/// format to <see cref="Formats.FormatRegistry"/>. Detection, the per-file report and warning limits, progress,
/// time references and the bundle merge come with the door.
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

using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Formats;

/// <summary>
/// The text of journal values shared between entries, decoded once: the binary reader hands every entry that names a
/// data object the same array (<see cref="Reading.Journal.JournalFileReader"/> keeps decoded objects by offset), so a
/// host name, program or unit is decoded the first time and found by reference after. Bounded: cleared when full.
/// </summary>
internal sealed class JournalTextCache
{
    private const int MaxValues = 4096;
    private readonly Dictionary<byte[], string> _texts = new(ReferenceEqualityComparer.Instance);

    /// <summary>The value's text (<see cref="Utf8Text.Decode"/>).</summary>
    public string Decode(byte[] value)
    {
        if (_texts.TryGetValue(value, out var text)) return text;
        if (_texts.Count >= MaxValues) _texts.Clear();
        text = Utf8Text.Decode(value);
        _texts[value] = text;
        return text;
    }
}

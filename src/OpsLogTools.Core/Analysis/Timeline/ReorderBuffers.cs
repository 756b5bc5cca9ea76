namespace OpsLogTools.Core.Analysis.Timeline;

/// <summary>
/// The budget the merge's reorder buffers share: each file may hold at most <see cref="PerFile"/> lines and all files
/// together at most <see cref="Total"/> (every open file always holds its next line, whatever the budget). A file
/// whose lines do not move its stamps on (2 M lines stamped the same second, a flood within the window) would
/// otherwise hold all of itself: past the cap its lines go out in the order they were read, which for equal stamps
/// is their place anyway (ties go by line). Counts what is held, and the files open, for the warning and for the tests.
/// </summary>
internal sealed class ReorderBuffers
{
    public ReorderBuffers(int perFile, int total)
    {
        PerFile = Math.Max(1, perFile);
        Total = Math.Max(PerFile, total);
    }

    /// <summary>Lines one file's buffer may hold.</summary>
    public int PerFile { get; }

    /// <summary>Lines all buffers together may hold (beyond one line per open file).</summary>
    public int Total { get; }

    /// <summary>Lines held now, in every buffer.</summary>
    public long Held { get; private set; }

    /// <summary>The most lines held at once, in every buffer together.</summary>
    public long PeakHeld { get; private set; }

    /// <summary>The most lines one file's buffer held at once.</summary>
    public long PeakHeldByOneFile { get; private set; }

    /// <summary>True when a buffer already holding <paramref name="own"/> lines must not read another before giving one out.</summary>
    public bool Full(int own) => own >= PerFile || Held >= Total;

    public void Took(int own)
    {
        Held++;
        if (Held > PeakHeld) PeakHeld = Held;
        if (own > PeakHeldByOneFile) PeakHeldByOneFile = own;
    }

    /// <summary>Lines read ahead of the windows (small files read whole, then closed): at most <see cref="Total"/> too.</summary>
    public long Ahead { get; private set; }

    /// <summary>The most lines read ahead at once.</summary>
    public long PeakAhead { get; private set; }

    /// <summary>True when another line may be read ahead.</summary>
    public bool MayReadAhead => Ahead < Total;

    public void TookAhead()
    {
        Ahead++;
        if (Ahead > PeakAhead) PeakAhead = Ahead;
    }

    public void GaveAhead() => Ahead--;

    public void Gave() => Held--;

    /// <summary>Files being read now (each holds a reader and its buffer).</summary>
    public int OpenFiles { get; private set; }

    /// <summary>The most files open at once.</summary>
    public int PeakOpenFiles { get; private set; }

    public void Opened()
    {
        OpenFiles++;
        if (OpenFiles > PeakOpenFiles) PeakOpenFiles = OpenFiles;
    }

    public void Closed() => OpenFiles--;
}

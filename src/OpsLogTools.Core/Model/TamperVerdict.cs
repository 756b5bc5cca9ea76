namespace OpsLogTools.Core.Model;

/// <summary>How likely it is that a stretch of log was tampered with, judged from the logs themselves.</summary>
public enum TamperVerdict
{
    /// <summary>Everything seen fits an ordinary mechanism (a re-stamped run, an unclean shutdown).</summary>
    Unlikely,
    /// <summary>Something does not fit an ordinary mechanism (a hole in one file while the others go on).</summary>
    Possible,
    /// <summary>Lines out of their process order, lines replayed from another period, or similar.</summary>
    Likely,
}

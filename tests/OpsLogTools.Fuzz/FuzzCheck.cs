namespace OpsLogTools.Fuzz;

/// <summary>
/// Invariants the targets check beyond "no exception": a broken one throws <see cref="FuzzInvariantException"/>, which
/// afl-fuzz records as a crash like any other exception.
/// </summary>
internal static class FuzzCheck
{
    public static void That(bool condition, string what)
    {
        if (!condition) throw new FuzzInvariantException(what);
    }
}

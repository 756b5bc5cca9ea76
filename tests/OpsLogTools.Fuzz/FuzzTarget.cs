namespace OpsLogTools.Fuzz;

/// <summary>
/// One named fuzz target: what it does with one input (any exception that escapes is a crash for afl-fuzz), and
/// which seeds of the corpus it starts from.
/// </summary>
/// <param name="Name">The name on the command line and under <c>out/fuzz/&lt;name&gt;</c>.</param>
/// <param name="What">What is exercised, in a few words (for <c>list</c> and the report).</param>
/// <param name="Run">Runs the engine on one input.</param>
/// <param name="Seeds">Picks this target's seeds from the corpus.</param>
internal sealed record FuzzTarget(string Name, string What, Action<byte[]> Run, Func<SeedCorpus, IEnumerable<Seed>> Seeds);

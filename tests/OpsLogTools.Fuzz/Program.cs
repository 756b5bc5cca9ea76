using System.Diagnostics;
using OpsLogTools.Fuzz;

// The harness that build.ps1 -Task Fuzz drives (see README, "Fuzzing"):
//   list                                       the targets, one per line: name<TAB>what it exercises
//   fuzz <target>                              under afl-fuzz, in the instrumented copy (SharpFuzz's out-of-process loop)
//   replay <target> <file|dir>... [--timeout-ms N]
//                                              each input once, uninstrumented: "ok|crash|hang<TAB>ms<TAB>file<TAB>what";
//                                              exit 0 when all pass, 1 on a crash, 2 on a hang
//   seeds <out> [--realdata <dir>] [--target <name>]...
//                                              writes <out>/<target>/seeds/ from the corpus (SeedCorpus)
return args.Length == 0 ? Usage() : args[0] switch
{
    "list" => List(),
    "fuzz" when args.Length == 2 => Fuzz(args[1]),
    "replay" when args.Length >= 3 => Replay(args[1..]),
    "seeds" when args.Length >= 2 => Seeds(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: OpsLogTools.Fuzz list | fuzz <target> | replay <target> <file|dir>... [--timeout-ms N] | seeds <out> [--realdata <dir>] [--target <name>]...");
    return 64;
}

static int List()
{
    foreach (var t in FuzzTargets.All) Console.WriteLine($"{t.Name}\t{t.What}");
    return 0;
}

static FuzzTarget Target(string name) =>
    FuzzTargets.Find(name) ?? throw new ArgumentException($"No fuzz target '{name}'. Targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");

static int Fuzz(string name)
{
    // No engine code may run before SharpFuzz has set up the shared coverage map (instrumented code writes to it), and
    // the target table calls the engine (FormatRegistry): it is built inside the loop, in the fuzzed child process.
    FuzzTarget? target = null;
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        target ??= Target(name);
        var input = new MemoryStream();
        stream.CopyTo(input);
        target.Run(input.ToArray());
    });
    return 0;
}

static int Replay(string[] args)
{
    var target = Target(args[0]);
    int timeoutMs = 10_000;
    var files = new List<string>();
    for (int i = 1; i < args.Length; i++)
    {
        if (args[i] == "--timeout-ms" && i + 1 < args.Length) timeoutMs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
        else if (Directory.Exists(args[i])) files.AddRange(Directory.GetFiles(args[i]).Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        else files.Add(args[i]);
    }

    int result = 0;
    foreach (string file in files)
    {
        byte[] input = File.ReadAllBytes(file);
        Exception? failure = null;
        var watch = Stopwatch.StartNew();
        // A thread of its own, so a hang is told from a crash; a big stack, as the fuzzed process has.
        var thread = new Thread(() =>
        {
            try { target.Run(input); }
            catch (Exception e) { failure = e; }
        }, 64 << 20) { IsBackground = true };
        thread.Start();
        if (!thread.Join(timeoutMs))
        {
            Console.WriteLine($"hang\t{watch.ElapsedMilliseconds}\t{file}\tstill running after {timeoutMs} ms");
            Console.Out.Flush();
            // The stuck thread cannot be stopped: the process ends here, and the caller replays the rest if it wants.
            Environment.Exit(2);
        }
        if (failure is null)
        {
            Console.WriteLine($"ok\t{watch.ElapsedMilliseconds}\t{file}\t");
            continue;
        }
        result = 1;
        string where = failure.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("OpsLogTools.Core", StringComparison.Ordinal))?.Trim() ?? "";
        Console.WriteLine($"crash\t{watch.ElapsedMilliseconds}\t{file}\t{failure.GetType().Name}: {OneLine(failure.Message)} {where}");
    }
    return result;
}

static int Seeds(string[] args)
{
    string outRoot = Path.GetFullPath(args[0]);
    string? realData = null;
    var only = new List<string>();
    for (int i = 1; i + 1 < args.Length; i += 2)
    {
        if (args[i] == "--realdata") realData = args[i + 1];
        else if (args[i] == "--target") only.Add(args[i + 1]);
    }
    var corpus = SeedCorpus.Build(Path.Combine(outRoot, "scratch"), realData, Console.Out);
    foreach (var target in FuzzTargets.All.Where(t => only.Count == 0 || only.Contains(t.Name, StringComparer.OrdinalIgnoreCase)))
    {
        string dir = Path.Combine(outRoot, target.Name, "seeds");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        Directory.CreateDirectory(dir);
        int n = 0;
        long bytes = 0;
        foreach (var seed in target.Seeds(corpus))
        {
            File.WriteAllBytes(Path.Combine(dir, $"{n++:D3}-{seed.Name}"), seed.Bytes);
            bytes += seed.Bytes.Length;
        }
        Console.WriteLine($"{target.Name}\t{n} seeds\t{bytes} bytes");
    }
    return 0;
}

static string OneLine(string text) => text.ReplaceLineEndings(" ").Replace('\t', ' ');

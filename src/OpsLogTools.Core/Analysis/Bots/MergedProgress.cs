using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Analysis.Bots;

/// <summary>Progress over web files read side by side: bytes of the files finished, file by file.</summary>
internal sealed class MergedProgress(IReadOnlyList<LogFile> files, IProgress<ReadProgress>? progress)
{
    private readonly long _total = files.Sum(f => f.Length);
    private long _done;
    private int _started;

    public void Started(LogFile file) => progress?.Report(new ReadProgress(_done, _total, file.Path, ++_started, files.Count));

    public void Finished(LogFile file) => _done += file.Length;

    public void Complete() => progress?.Report(new ReadProgress(_total, _total, "", files.Count, files.Count, completed: true));
}

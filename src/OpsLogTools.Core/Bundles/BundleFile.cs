using OpsLogTools.Core.Reading;

namespace OpsLogTools.Core.Bundles;

/// <summary>A file found under the paths given: where, its name for messages, whether it was found inside a directory, and its facts.</summary>
internal readonly record struct BundleFile(string Path, string DisplayName, bool InDirectory, FileNode Node);

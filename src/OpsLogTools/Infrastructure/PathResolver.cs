using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using OpsLogTools.Core.Reading;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Resolves -Path (wildcards) and -LiteralPath to file-system paths. A path that matches nothing or is not on
/// the file system gives a non-terminating error naming it; the other paths go on.
/// </summary>
internal static class PathResolver
{
    public static List<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths, bool literal)
    {
        var result = new List<string>();
        foreach (string path in paths)
        {
            if (string.IsNullOrWhiteSpace(path)) continue;
            ProviderInfo provider;
            IEnumerable<string> resolved;
            try
            {
                if (literal)
                {
                    string one = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
                    resolved = [one];
                }
                else
                {
                    resolved = cmdlet.SessionState.Path.GetResolvedProviderPathFromPSPath(path, out provider);
                }
            }
            catch (ItemNotFoundException e)
            {
                cmdlet.WriteError(VisibleErrors.Record(e, ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path));
                continue;
            }
            catch (Exception e) when (e is ProviderNotFoundException or System.Management.Automation.DriveNotFoundException or PSArgumentException or NotSupportedException)
            {
                cmdlet.WriteError(VisibleErrors.Record(e, ErrorIds.NotFileSystem, ErrorCategory.InvalidArgument, path));
                continue;
            }

            if (provider.ImplementingType != typeof(FileSystemProvider))
            {
                cmdlet.WriteError(VisibleErrors.Record(
                    new ArgumentException($"'{path}' is on the {provider.Name} provider; OpsLogTools reads files only."),
                    ErrorIds.NotFileSystem, ErrorCategory.InvalidArgument, path));
                continue;
            }

            bool any = false;
            foreach (string p in resolved)
            {
                any = true;
                if (File.Exists(p) || Directory.Exists(p)) result.Add(p);
                else cmdlet.WriteError(VisibleErrors.Record(new FileNotFoundException($"Cannot find path '{p}' because it does not exist.", p),
                    ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, p));
            }
            if (!any)
            {
                cmdlet.WriteError(VisibleErrors.Record(new FileNotFoundException($"No file matches '{path}'.", path),
                    ErrorIds.FileNotFound, ErrorCategory.ObjectNotFound, path));
            }
        }
        return result;
    }
}

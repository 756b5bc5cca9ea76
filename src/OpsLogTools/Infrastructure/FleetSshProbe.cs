using System.Collections;
using System.Diagnostics;
using System.Globalization;

namespace OpsLogTools.Infrastructure;

/// <summary>
/// Asks ssh itself why a connection failed. PowerShell's SSH transport lets ssh's own message go to the console and
/// reports every failure after the connect (a refused key, a missing pwsh, a refused connection) as "the SSH transport
/// process has abruptly terminated". So, only after a failure, the same ssh connection to the same host is made once
/// more, in batch mode with stdin closed, and its stderr read: "Permission denied", "Connection refused",
/// "Host key verification failed", "subsystem request failed"; and its exit code: 127 or 126 when sshd started the
/// subsystem's command and the shell found no such program (a missing pwsh says nothing on stderr).
/// </summary>
internal static class FleetSshProbe
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    /// <summary>What ssh said and how it ended: a host without pwsh, and ssh's stderr (trimmed, or null), or null when ssh could not be run.</summary>
    public static (bool NoPwsh, string? Said)? Ask(string userName, string host, int port, string? keyFilePath, Hashtable? options)
    {
        var start = new ProcessStartInfo("ssh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (keyFilePath is not null) { start.ArgumentList.Add("-i"); start.ArgumentList.Add(keyFilePath); }
        foreach (DictionaryEntry o in options ?? new Hashtable())
        {
            start.ArgumentList.Add("-o");
            start.ArgumentList.Add($"{o.Key}={o.Value}");
        }
        foreach (string a in new[] { "-o", "BatchMode=yes", "-l", userName, "-p", port.ToString(CultureInfo.InvariantCulture), host, "-s", "powershell" })
        {
            start.ArgumentList.Add(a);
        }
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            stdout.Wait(Limit);
            string text = stderr.Wait(Limit) ? stderr.Result.Trim() : "";
            bool noPwsh = process.ExitCode is 126 or 127 || text.Contains("subsystem request failed", StringComparison.OrdinalIgnoreCase);
            return (noPwsh, text.Length > 0 ? text : null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}

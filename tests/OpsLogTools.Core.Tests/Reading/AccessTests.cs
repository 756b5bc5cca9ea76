using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Reading;

/// <summary>
/// Access problems are errors with an id and the path, never silence and never "not found" (issue 12, item 6).
/// Root reads through any mode bits, and CI runs as root: the end-to-end checks live in tests/pester/Reading.Tests.ps1,
/// which runs the cmdlet in a child pwsh with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped (setpriv). Here the
/// engine-level checks that need mode bits run only as a user they bind, and say why they are skipped as root.
/// </summary>
public class AccessTests
{
    private const string Messages = "Jul 19 21:10:03 ip-172-26-1-10 systemd[1]: Started Session 12 of user ec2-user.\n";

    [Fact]
    public void PermissionDeniedIsUnreadableNotMissing()
    {
        // A file in a directory that cannot be searched: File.Exists says false, but the file is there.
        var e = new UnauthorizedAccessException("permission denied");
        Assert.Equal(ErrorIds.FileUnreadable, LogFileOpener.ErrorIdFor(e, "/no/such/dir/messages"));
        Assert.Contains("permission denied", LogFileOpener.Describe(e, "/no/such/dir/messages", 0));
        Assert.DoesNotContain("not found", LogFileOpener.Describe(e, "/no/such/dir/messages", 0));
    }

    [UnprivilegedFact]
    public void UnreadableSubdirectoryIsAnErrorAndTheRestIsRead()
    {
        using var b = new TempBundle();
        b.Write("messages", Messages);
        b.Write("locked/secure", Messages);
        File.SetUnixFileMode(b.PathOf("locked"), UnixFileMode.None);
        try
        {
            var diagnostics = new CollectingDiagnostics();
            var files = new BundleScanner(TestFormats.All).Scan([b.Root], null, null, diagnostics);
            Assert.Equal(["messages"], files.Select(f => f.DisplayName));
            var error = Assert.Single(diagnostics.Errors);
            Assert.Equal((b.PathOf("locked"), ErrorIds.DirectoryUnreadable), (error.Path, error.ErrorId));
        }
        finally
        {
            File.SetUnixFileMode(b.PathOf("locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [UnprivilegedFact]
    public void FileInAnUnsearchableDirectoryIsPermissionDenied()
    {
        using var b = new TempBundle();
        string path = b.Write("closed/messages", Messages);
        File.SetUnixFileMode(b.PathOf("closed"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var diagnostics = new CollectingDiagnostics();
            Assert.Empty(new BundleScanner(TestFormats.All).Scan([path], null, null, diagnostics));
            var error = Assert.Single(diagnostics.Errors);
            Assert.Equal((path, ErrorIds.FileUnreadable), (error.Path, error.ErrorId));
            Assert.Contains("permission denied", error.Message);
        }
        finally
        {
            File.SetUnixFileMode(b.PathOf("closed"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}

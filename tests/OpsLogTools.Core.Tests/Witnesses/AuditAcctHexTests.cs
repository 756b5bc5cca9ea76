using System.Diagnostics;
using OpsLogTools.Core.Bundles;
using OpsLogTools.Core.Formats;
using OpsLogTools.Core.Model;
using OpsLogTools.Core.Reading;
using OpsLogTools.Core.Tests.Sample;
using Xunit;

namespace OpsLogTools.Core.Tests.Witnesses;

/// <summary>
/// auditd writes an account name with a space, a quote or a non-ASCII byte as bare hex (libaudit's
/// audit_value_needs_encoding; a plain name is quoted): the reader decodes it as <c>ausearch -i</c> shows it. Records
/// written here in sshd's USER_LOGIN/USER_AUTH shape (audit-linux.c, PAM); ausearch (Debian auditd) is the oracle.
/// </summary>
public sealed class AuditAcctHexTests : IDisposable
{
    private readonly TempBundles _temp = new();

    public void Dispose() => _temp.Dispose();

    private static readonly (string Raw, string Expected)[] Accounts =
    [
        ("6A6F686E20646F65", "john doe"),
        ("\"root\"", "root"),
        ("2261646D696E22", "\"admin\""),
        ("C3A974C3A9", "été"),
        ("?", "?"),
    ];

    private string Write()
    {
        string dir = _temp.NewDirectory("acct");
        Directory.CreateDirectory(Path.Combine(dir, "audit"));
        string file = Path.Combine(dir, "audit", "audit.log");
        var lines = Accounts.Select((a, i) =>
            $"type=USER_LOGIN msg=audit(17000000{i:00}.123:{70 + i}): pid=4242 uid=0 auid=4294967295 ses=4294967295 msg='op=login acct={a.Raw} exe=\"/usr/sbin/sshd\" hostname=? addr=198.51.100.7 terminal=ssh res=failed'");
        File.WriteAllText(file, string.Join('\n', lines) + "\n");
        return file;
    }

    private static List<string> Ours(string file) =>
        new LogReader(FormatRegistry.All).Read([file], new LogReadOptions(), new CollectingDiagnostics())
            .OfType<AuditEntry>().Select(e => e.Fields["acct"]).ToList();

    [Fact]
    public void HexAccountsAreDecodedAndQuotedOnesKept() =>
        Assert.Equal(Accounts.Select(a => a.Expected), Ours(Write()));

    [AusearchFact]
    public void AccountsAreWhatAusearchInterprets()
    {
        string file = Write();
        var start = new ProcessStartInfo(Ausearch.Path!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-if", file, "-i"]) start.ArgumentList.Add(a);
        start.Environment["TZ"] = "UTC";
        using var p = Process.Start(start)!;
        var text = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000));
        var theirs = text.Result.Split('\n').Where(l => l.StartsWith("type=USER_LOGIN", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(" acct=", StringComparison.Ordinal) + 6)..l.IndexOf(" exe=", StringComparison.Ordinal)]).ToList();
        Assert.Equal(Accounts.Length, theirs.Count);
        Assert.Equal(theirs, Ours(file));
    }
}

using OpsLogTools.Core.Text;
using Xunit;

namespace OpsLogTools.Core.Tests;

public class ConsoleTextTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("a\tb", "a b")]
    [InlineData("\u001b[31mred\u001b[0m", "\u241b[31mred\u241b[0m")]
    [InlineData("title\u001b]0;pwned\u0007", "title\u241b]0;pwned\u2407")]
    [InlineData("csi\u009b2J", "csi\uFFFD2J")]
    [InlineData("nul\0end\u007f", "nul\u2400end\u2421")]
    public void ControlCharactersBecomeVisible(string input, string expected) =>
        Assert.Equal(expected, ConsoleText.Clean(input));

    [Fact]
    public void NullIsEmpty() => Assert.Equal("", ConsoleText.Clean(null));
}

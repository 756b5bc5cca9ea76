using System.Text;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests;

public class Utf8TextTests
{
    [Fact]
    public void ValidUtf8DecodesAsIs() =>
        Assert.Equal("ログ abc", Utf8Text.Decode(Encoding.UTF8.GetBytes("ログ abc")));

    [Fact]
    public void InvalidBytesStayVisible()
    {
        // Shift_JIS "ログ" read as UTF-8 is invalid: the bytes must survive as \xNN.
        byte[] bytes = [0x83, 0x8D, 0x83, 0x4F, 0x20, 0x61];
        Assert.Equal("\\x83\\x8d\\x83O a", Utf8Text.Decode(bytes));
    }
}

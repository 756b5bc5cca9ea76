using OpsLogTools.Core.Model;
using OpsLogTools.Core.Text;
using Xunit;

namespace OpsLogTools.Core.Tests;

// The reader's warnings name the format with its article ("not an ApacheCombined line"); the words are the enum's own.
public class ArticleTests
{
    [Theory]
    [InlineData(LogFormat.ApacheCombined, "an ApacheCombined")]
    [InlineData(LogFormat.ApacheError24, "an ApacheError24")]
    [InlineData(LogFormat.Syslog, "a Syslog")]
    [InlineData(LogFormat.SyslogIso, "a SyslogIso")]
    [InlineData(LogFormat.NginxAccess, "an NginxAccess")]
    [InlineData(LogFormat.Yum, "a Yum")]
    [InlineData(LogFormat.Dnf, "a Dnf")]
    [InlineData(LogFormat.CloudFront, "a CloudFront")]
    [InlineData(LogFormat.JournalJson, "a JournalJson")]
    [InlineData(LogFormat.Unknown, "an Unknown")]
    public void Formats_get_the_article_they_are_said_with(LogFormat format, string expected) => Assert.Equal(expected, Article.With(format.ToString()));

    [Theory]
    [InlineData("utmp", "a")]
    [InlineData("error", "an")]
    [InlineData("", "a")]
    public void Words_get_the_article_they_are_said_with(string word, string expected) => Assert.Equal(expected, Article.For(word));
}

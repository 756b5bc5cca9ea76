using OpsLogTools.Core.Analysis.Updates.Timers;
using Xunit;

namespace OpsLogTools.Core.Tests.Updates.Timers;

/// <summary>
/// Zone suffixes of OnCalendar= come from unit files in a copied bundle: untrusted. A suffix naming a directory of the
/// zone database ("Europe/", found by the timer-unit fuzz target in CI) made FindSystemTimeZoneById throw a
/// SecurityException through the parser; such a suffix is no zone, and the expression is refused, never a crash.
/// </summary>
public sealed class CalendarSpecZoneTests
{
    [Theory]
    [InlineData("*-*-* 06:00 Europe/")]
    [InlineData("daily Europe/")]
    [InlineData("*-*-* 06:00 ../../../etc/passwd")]
    [InlineData("*-*-* 06:00 Nowhere/Atlantis")]
    public void AZoneThatIsNoZoneIsRefusedNotThrown(string expression)
    {
        Assert.False(CalendarSpec.TryParse(expression, out _));
    }

    [Fact]
    public void ARealZoneSuffixStillReads()
    {
        Assert.True(CalendarSpec.TryParse("*-*-* 06:00 Europe/Berlin", out var spec));
        Assert.NotNull(spec);
    }
}

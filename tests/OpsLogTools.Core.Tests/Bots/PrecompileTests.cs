using System.Reflection;
using System.Runtime.CompilerServices;
using OpsLogTools.Core.Analysis.Anomalies;
using OpsLogTools.Core.Analysis.Bots;
using OpsLogTools.Core.Reading;
using Xunit;

namespace OpsLogTools.Core.Tests.Bots;

/// <summary>
/// The fast path's per-line methods are compiled on the warm-up thread while the bundle is scanned (issue 19:
/// <see cref="Precompile"/>, <see cref="BotScan"/>): every such method is found, generic code is passed over, and no
/// type of the fast path is left out of the list as the code grows.
/// </summary>
public class PrecompileTests
{
    private static bool Aggressive(MethodBase m) => (m.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) != 0;

    private static IEnumerable<MethodBase> Declared(Type t) =>
        t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly).Cast<MethodBase>()
            .Concat(t.GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly));

    [Fact]
    public void EveryAggressivelyOptimisedMethodOfTheTypesAndTheirNestedTypesIsCompiled()
    {
        var types = new[] { typeof(LightClients), typeof(LineReader) };
        int expected = types.SelectMany(t => new[] { t }.Concat(t.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)))
            .Where(t => !t.ContainsGenericParameters).SelectMany(Declared).Count(m => Aggressive(m) && !m.IsAbstract && !m.ContainsGenericParameters);
        Assert.True(expected > 3);
        Assert.Equal(expected, Precompile.AggressiveMethods(types));
    }

    [Fact]
    public void GenericCodeIsCompiledOnlyForItsArguments()
    {
        // Column<T> has aggressively optimised methods; its definition has no code to compile, Column<short> has.
        Assert.Equal(0, Precompile.AggressiveMethods([typeof(Column<>)]));
        Assert.True(Precompile.AggressiveMethods([typeof(Column<short>)]) > 0);
        Assert.Equal(0, Precompile.AggressiveMethods([typeof(BotScan)]));
    }

    [Fact]
    public void TheFastPathListNamesEveryTypeOfItsNamespacesWithSuchMethods()
    {
        // Only what some inputs need is left to be compiled when first called (see BotScan.FactPathTypes).
        Type[] leftOut = [typeof(MergedFactFeed), typeof(ChunkReader)];
        var missing = typeof(BotScan).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(BotScan).Namespace && !t.IsNested && !t.ContainsGenericParameters)
            .Where(t => new[] { t }.Concat(t.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)).SelectMany(Declared).Any(Aggressive))
            .Except(BotScan.FactPathTypes).Except(leftOut).Select(t => t.Name).Order().ToList();
        Assert.Empty(missing);
        Assert.Equal(BotScan.FactPathTypes.Length, BotScan.FactPathTypes.Distinct().Count());
    }
}

using System.Reflection;
using System.Runtime.CompilerServices;

namespace OpsLogTools.Core.Reading;

/// <summary>
/// Compiles methods marked <see cref="MethodImplOptions.AggressiveOptimization"/> before their first call. ReadyToRun
/// leaves such methods (the per-line ones, kept out of the runtime's instrumented tier) to the JIT, which would otherwise
/// compile each on the thread that first calls it, while that thread holds up the others: a thread that would be idle
/// (the second core while the bundle is scanned) compiles them instead. Compiling a method twice is not possible: a
/// thread that calls one being compiled here waits for the same code.
/// </summary>
internal static class Precompile
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>
    /// Compiles the aggressively optimised methods and constructors of <paramref name="types"/> and of the types nested in
    /// them, in the order given. Generic types and methods are passed over (their code depends on the arguments).
    /// </summary>
    /// <returns>The number of methods compiled.</returns>
    public static int AggressiveMethods(IEnumerable<Type> types)
    {
        int compiled = 0;
        foreach (var type in types)
        {
            compiled += Compile(type);
            foreach (var nested in type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)) compiled += Compile(nested);
        }
        return compiled;
    }

    private static int Compile(Type type)
    {
        if (type.ContainsGenericParameters) return 0;
        int compiled = 0;
        foreach (var method in type.GetMethods(Declared).Cast<MethodBase>().Concat(type.GetConstructors(Declared)))
        {
            if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0 || method.IsAbstract || method.ContainsGenericParameters) continue;
            RuntimeHelpers.PrepareMethod(method.MethodHandle);
            compiled++;
        }
        return compiled;
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// Every loop of the managed engine's step, topology round, link prediction and initialisation (namespaces
/// <c>Engine.Csr*</c>, <c>Engine.Core.LinkPrediction</c>, <c>Engine.Core.Kernels</c>) and of the scoring kernels
/// (<c>Microsoft.ML.Sparse.Inference</c>) sits in a method marked <see cref="MethodImplOptions.AggressiveOptimization"/>,
/// lambdas and local functions included. Without it .NET runs a method as unoptimised tier-0 code until it has been
/// called 30 times: a topology round runs a few times per fit, so on small tables its loops stayed unoptimised and rounds
/// took 10-45 ms instead of 3-7 ms (bench/tabular-report.md), and short fits ran 2.4x slower. Iterators and async state
/// machines cannot carry the attribute and are not checked.
/// </summary>
[TestClass]
public sealed class HotLoopCompilationTests
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly string[] EngineNamespaces =
    {
        "Microsoft.ML.Sparse.Engine.Csr", "Microsoft.ML.Sparse.Engine.Core.LinkPrediction", "Microsoft.ML.Sparse.Engine.Core.Kernels",
    };

    [TestMethod]
    public void EveryLoopOfTheManagedEngineAndTheScoringKernelsIsCompiledOptimisedOnFirstCall()
    {
        var engine = typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly.GetTypes()
            .Where(t => EngineNamespaces.Any(n => t.Namespace is { } ns && (ns == n || ns.StartsWith(n + ".", StringComparison.Ordinal))));
        var inference = typeof(Microsoft.ML.Sparse.Inference.CsrMatrix).Assembly.GetTypes();
        var checkedMethods = engine.Concat(inference).Where(t => !IsStateMachine(t)).SelectMany(t => t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
            .Where(m => !m.IsAbstract && IlInstructions.HasLoop(m)).ToArray();
        Assert.IsTrue(checkedMethods.Length > 100, $"{checkedMethods.Length} methods with loops found");
        var missing = checkedMethods.Where(m => !IsOptimisedOnFirstCall(m)).Select(m => $"{m.DeclaringType!.FullName}.{m.Name}").Order().ToArray();
        Assert.IsEmpty(missing, "add [MethodImpl(MethodImplOptions.AggressiveOptimization)] to (for a lambda: put it before the lambda's parameter list):\n" + string.Join("\n", missing));
    }

    [TestMethod]
    public void TheCheckSeesLoopsAndTheAttribute()
    {
        var probe = typeof(Probe);
        Assert.IsTrue(IlInstructions.HasLoop(probe.GetMethod(nameof(Probe.Unmarked))!), "a for loop is found");
        Assert.IsFalse(IlInstructions.HasLoop(probe.GetMethod(nameof(Probe.Straight))!), "straight-line code has no loop");
        Assert.IsFalse(IsOptimisedOnFirstCall(probe.GetMethod(nameof(Probe.Unmarked))!));
        Assert.IsTrue(IsOptimisedOnFirstCall(probe.GetMethod(nameof(Probe.Marked))!));
        Assert.IsTrue(IsOptimisedOnFirstCall(probe.GetMethod(nameof(Probe.Inlined))!));
    }

    // An AggressiveInlining helper (the scatter and row kernels) is compiled into its caller, which this test checks.
    private static bool IsOptimisedOnFirstCall(MethodBase method) =>
        (method.MethodImplementationFlags & (MethodImplAttributes.AggressiveOptimization | MethodImplAttributes.AggressiveInlining)) != 0;

    private static bool IsStateMachine(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute)) && (typeof(IEnumerator).IsAssignableFrom(type) || typeof(IAsyncStateMachine).IsAssignableFrom(type));

    private static class Probe
    {
        public static int Unmarked(int n)
        {
            int s = 0;
            for (int i = 0; i < n; i++)
                s += i;
            return s;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static int Marked(int n)
        {
            int s = 0;
            for (int i = 0; i < n; i++)
                s += i;
            return s;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Inlined(int n)
        {
            int s = 0;
            while (s < n)
                s++;
            return s;
        }

        public static int Straight(int n) => n + 1;
    }
}

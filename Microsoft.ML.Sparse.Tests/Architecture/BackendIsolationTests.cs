// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The engine is a core (<c>Microsoft.ML.Sparse.Engine.Core</c>) and two back-ends that use the core and never each
/// other: the CSR engine (<c>Engine.Csr</c>, managed code only) and the TorchSharp engine (<c>Engine.Torch</c>). The
/// core uses neither back-end and no TorchSharp type. Checked on member signatures and on the IL of every method body
/// (docs/architecture.md, "The engine: a core and two back-ends").
/// </summary>
[TestClass]
public sealed class BackendIsolationTests
{
    private const string Engine = "Microsoft.ML.Sparse.Engine";

    private static Type[] EngineTypes => typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly.GetTypes();

    private static bool In(Type type, string area) => type.Namespace is { } ns && (ns == area || ns.StartsWith(area + ".", StringComparison.Ordinal));

    private static bool IsTorchSharp(Type type) => type.Assembly.GetName().Name == "TorchSharp";

    private static string[] Violations(string area, Func<Type, bool> forbidden) =>
        EngineTypes.Where(t => In(t, area) && !t.IsNested)
            .SelectMany(t => TypeReferences.Of(t).Where(u => forbidden(u.Used)).Select(u => $"{t.FullName}.{u.Where}: {u.Used.FullName}"))
            .Distinct().ToArray();

    [TestMethod]
    public void TheCsrBackEndUsesNeitherTheTorchBackEndNorTorchSharp()
    {
        Assert.IsTrue(EngineTypes.Count(t => In(t, Engine + ".Csr")) > 20, "the CSR back-end's types are found");
        var violations = Violations(Engine + ".Csr", u => In(u, Engine + ".Torch") || IsTorchSharp(u));
        Assert.IsEmpty(violations, "the CSR back-end must not use the TorchSharp back-end:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheTorchBackEndDoesNotUseTheCsrBackEnd()
    {
        Assert.IsTrue(EngineTypes.Count(t => In(t, Engine + ".Torch")) > 20, "the TorchSharp back-end's types are found");
        var violations = Violations(Engine + ".Torch", u => In(u, Engine + ".Csr"));
        Assert.IsEmpty(violations, "the TorchSharp back-end must not use the CSR back-end:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheCoreUsesNoBackEndAndNoTorchSharp()
    {
        Assert.IsTrue(EngineTypes.Count(t => In(t, Engine + ".Core")) > 20, "the core's types are found");
        var violations = Violations(Engine + ".Core", u => In(u, Engine + ".Csr") || In(u, Engine + ".Torch") || IsTorchSharp(u));
        Assert.IsEmpty(violations, "the engine core must not use a back-end or TorchSharp:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheCheckFindsAUseInsideAMethodBody()
    {
        var uses = TypeReferences.Of(typeof(Probe)).Select(u => u.Used).ToArray();
        CollectionAssert.Contains(uses, typeof(System.Text.StringBuilder), "a local created in a method body is found");
        CollectionAssert.Contains(uses, typeof(Uri), "a static call's declaring type is found");
    }

    private sealed class Probe
    {
        public static int Length()
        {
            var builder = new System.Text.StringBuilder("x");
            return builder.Length + (Uri.IsHexDigit('a') ? 1 : 0);
        }
    }
}

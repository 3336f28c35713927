// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The engine (assembly Microsoft.ML.Sparse.Engine) knows nothing of ML.NET or of the public options classes:
/// the trainers map the options into the engine's own settings (Trainers/Common/EngineSettings). Checked on every member
/// signature (fields, properties, constructors, methods, base types) and method body of every engine type (<see cref="TypeReferences"/>).
/// </summary>
[TestClass]
public sealed class EngineBoundaryTests
{
    private static readonly Type[] PublicOptions =
    {
        typeof(SparseTopologyOptions), typeof(SparseTrainerOptionsBase), typeof(SparseMlpOptions),
        typeof(SparseTextTransformerOptions), typeof(SparseTranslationOptions),
    };

    // TypeReferences.Of already unfolds arrays and generic arguments into the types they are made of.
    private static bool Forbidden(Type type) =>
        PublicOptions.Contains(type) || type.Assembly.GetName().Name is "Microsoft.ML.Core" or "Microsoft.ML.Data" or "Microsoft.ML.DataView";

    [TestMethod]
    public void EngineSignaturesUseNeitherMlNetNorThePublicOptions()
    {
        var engineTypes = typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly.GetTypes();
        Assert.IsTrue(engineTypes.Length > 50, $"{engineTypes.Length} engine types found");
        var violations = engineTypes.SelectMany(t => TypeReferences.Of(t).Where(u => Forbidden(u.Used)).Select(u => $"{t.FullName}.{u.Where}: {u.Used.Name}")).ToArray();
        Assert.IsEmpty(violations, "the engine must not use ML.NET or the public options types:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheCheckFindsAViolation()
    {
        Assert.IsTrue(TypeReferences.Of(typeof(EngineBoundaryTests.Probe)).Any(u => Forbidden(u.Used)), "a field of a public options type is found");
    }

    private sealed class Probe
    {
        public SparseTopologyOptions? Options { get; set; }
    }
}

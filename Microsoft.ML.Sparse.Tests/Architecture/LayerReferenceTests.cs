// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The layers are assemblies, and these tests fail the build when one references what it must not: managed inference
/// (Microsoft.ML.Sparse.Inference) knows nothing of ML.NET or TorchSharp, the engine (Microsoft.ML.Sparse.Engine) knows
/// nothing of ML.NET or the library, the model (Microsoft.ML.Sparse: prediction transformers, save/load, scoring) knows
/// nothing of the trainers (Microsoft.ML.Sparse.Trainers), and the types of each live only there.
/// </summary>
[TestClass]
public sealed class LayerReferenceTests
{
    private static string[] ReferencedAssemblies(Type anyTypeOfTheAssembly)
    {
        using var pe = new PEReader(File.OpenRead(anyTypeOfTheAssembly.Assembly.Location));
        var md = pe.GetMetadataReader();
        return md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).OrderBy(n => n).ToArray();
    }

    [TestMethod]
    public void ManagedInferenceReferencesOnlyDotNet()
    {
        var references = ReferencedAssemblies(typeof(Microsoft.ML.Sparse.Inference.CsrMatrix));
        CollectionAssert.Contains(references, "System.Runtime");
        var foreign = references.Where(r => !(r.StartsWith("System", StringComparison.Ordinal) || r is "netstandard" or "mscorlib")).ToArray();
        Assert.IsEmpty(foreign, $"Microsoft.ML.Sparse.Inference must reference only .NET; it references {string.Join(", ", foreign)}");
    }

    [TestMethod]
    public void TheEngineReferencesNeitherMlNetNorTheLibrary()
    {
        var references = ReferencedAssemblies(typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings));
        CollectionAssert.Contains(references, "TorchSharp");
        CollectionAssert.Contains(references, "Microsoft.ML.Sparse.Inference");
        var foreign = references.Where(r => r.StartsWith("Microsoft.ML", StringComparison.Ordinal) && r != "Microsoft.ML.Sparse.Inference").ToArray();
        Assert.IsEmpty(foreign, $"Microsoft.ML.Sparse.Engine must not reference ML.NET or the library; it references {string.Join(", ", foreign)}");
    }

    [TestMethod]
    public void TheModelAssemblyDoesNotReferenceTheTrainers()
    {
        var references = ReferencedAssemblies(typeof(SparsePredictionTransformerBase));
        CollectionAssert.Contains(references, "Microsoft.ML.Sparse.Engine");
        CollectionAssert.DoesNotContain(references, "Microsoft.ML.Sparse.Trainers",
            "Microsoft.ML.Sparse (the model) must load and score without the trainers; move what it needs into it");
        CollectionAssert.Contains(ReferencedAssemblies(typeof(SparseMlpOptions)), "Microsoft.ML.Sparse");
    }

    [TestMethod]
    public void SavedModelsNameTheAssemblyThatHoldsTheLoaders()
    {
        // ML.NET writes the loader's assembly name into every model zip and loads that assembly by name to find the
        // loaders, so the transformers must stay in the assembly called Microsoft.ML.Sparse: zips saved by earlier
        // versions name it.
        foreach (var type in new[] { typeof(SparseMulticlassPredictionTransformer), typeof(SparseBinaryPredictionTransformer), typeof(SparseRegressionPredictionTransformer), typeof(SparseTranslationTransformer) })
            Assert.AreEqual("Microsoft.ML.Sparse", type.Assembly.GetName().Name, type.Name);
    }

    [TestMethod]
    public void EngineTypesLiveOnlyInTheEngineAssembly()
    {
        foreach (var assembly in LibraryAssemblies)
        {
            var misplaced = assembly.GetTypes()
                .Where(t => t.Namespace?.StartsWith("Microsoft.ML.Sparse.Engine", StringComparison.Ordinal) == true).Select(t => t.FullName).ToArray();
            Assert.IsEmpty(misplaced, $"engine types compiled into {assembly.GetName().Name}: {string.Join(", ", misplaced)}; move them to Microsoft.ML.Sparse.Engine/");
        }
        CollectionAssert.Contains(ReferencedAssemblies(typeof(SparseMlpOptions)), "Microsoft.ML.Sparse.Engine");
    }

    [TestMethod]
    public void InferenceTypesLiveOnlyInTheInferenceAssembly()
    {
        foreach (var assembly in LibraryAssemblies)
        {
            var misplaced = assembly.GetTypes()
                .Where(t => t.Namespace == "Microsoft.ML.Sparse.Inference").Select(t => t.FullName).ToArray();
            Assert.IsEmpty(misplaced, $"types of the inference layer compiled into {assembly.GetName().Name}: {string.Join(", ", misplaced)}; move them to Microsoft.ML.Sparse.Inference/");
        }
        CollectionAssert.Contains(ReferencedAssemblies(typeof(SparsePredictionTransformerBase)), "Microsoft.ML.Sparse.Inference");
    }

    private static IEnumerable<System.Reflection.Assembly> LibraryAssemblies => new[] { typeof(SparsePredictionTransformerBase).Assembly, typeof(SparseMlpOptions).Assembly };
}

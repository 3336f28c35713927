// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The layers are assemblies, and these tests fail the build when one references what it must not: managed inference
/// (Microsoft.ML.Sparse.Inference) knows nothing of ML.NET or TorchSharp, the engine (Microsoft.ML.Sparse.Engine) knows
/// nothing of ML.NET or the library, and the types of each live only there.
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
        var references = ReferencedAssemblies(typeof(Microsoft.ML.Sparse.Engine.TopologySettings));
        CollectionAssert.Contains(references, "TorchSharp");
        CollectionAssert.Contains(references, "Microsoft.ML.Sparse.Inference");
        var foreign = references.Where(r => r.StartsWith("Microsoft.ML", StringComparison.Ordinal) && r != "Microsoft.ML.Sparse.Inference").ToArray();
        Assert.IsEmpty(foreign, $"Microsoft.ML.Sparse.Engine must not reference ML.NET or the library; it references {string.Join(", ", foreign)}");
    }

    [TestMethod]
    public void EngineTypesLiveOnlyInTheEngineAssembly()
    {
        var misplaced = typeof(SparseMlpOptions).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Microsoft.ML.Sparse.Engine", StringComparison.Ordinal) == true).Select(t => t.FullName).ToArray();
        Assert.IsEmpty(misplaced, $"engine types compiled into Microsoft.ML.Sparse: {string.Join(", ", misplaced)}; move them to Microsoft.ML.Sparse.Engine/");
        CollectionAssert.Contains(ReferencedAssemblies(typeof(SparseMlpOptions)), "Microsoft.ML.Sparse.Engine");
    }

    [TestMethod]
    public void InferenceTypesLiveOnlyInTheInferenceAssembly()
    {
        var misplaced = typeof(SparseMlpOptions).Assembly.GetTypes()
            .Where(t => t.Namespace == "Microsoft.ML.Sparse.Inference").Select(t => t.FullName).ToArray();
        Assert.IsEmpty(misplaced, $"types of the inference layer compiled into Microsoft.ML.Sparse: {string.Join(", ", misplaced)}; move them to Microsoft.ML.Sparse.Inference/");
        CollectionAssert.Contains(ReferencedAssemblies(typeof(SparseMlpOptions)), "Microsoft.ML.Sparse.Inference");
    }
}

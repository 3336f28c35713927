// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// ML.NET internals are used in one assembly only: Microsoft.ML.Sparse (the model), the one compiled against the
/// publicized ML.NET references. These tests read the built assemblies' metadata: every ML.NET type and member that the
/// trainers, engine and inference assemblies reference must be visible outside ML.NET, and the same check does find the
/// internals the model assembly uses (so it can fail).
/// </summary>
[TestClass]
public sealed class MlNetInternalsTests
{
    [TestMethod]
    public void OnlyTheModelAssemblyUsesMlNetInternals()
    {
        foreach (var assembly in new[] { typeof(SparseMlpOptions).Assembly, typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly, typeof(Microsoft.ML.Sparse.Inference.CsrMatrix).Assembly })
        {
            var internals = InternalUses(assembly);
            Assert.IsEmpty(internals, $"{assembly.GetName().Name} uses ML.NET internals ({string.Join(", ", internals.Take(10))}); " +
                "only Microsoft.ML.Sparse (Persistence/) may: move that code there");
        }
    }

    [TestMethod]
    public void TheCheckFindsTheInternalsOfTheModelAssembly()
    {
        var internals = InternalUses(typeof(SparsePredictionTransformerBase).Assembly);
        CollectionAssert.Contains(internals, "Microsoft.ML.LoadableClassAttribute");
        CollectionAssert.Contains(internals, "Microsoft.ML.ModelLoadContext");
    }

    /// <summary>ML.NET types and members referenced by <paramref name="assembly"/> that code outside ML.NET cannot see.</summary>
    private static List<string> InternalUses(Assembly assembly)
    {
        using var pe = new PEReader(File.OpenRead(assembly.Location));
        var md = pe.GetMetadataReader();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var handle in md.TypeReferences)
        {
            if (Resolve(md, handle) is { } type && !IsVisible(type))
                found.Add(type.FullName!);
        }
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference || Resolve(md, (TypeReferenceHandle)member.Parent) is not { } type)
                continue;
            string name = md.GetString(member.Name);
            var candidates = type.GetMember(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);
            if (candidates.Length > 0 && !candidates.Any(IsAccessible))
                found.Add($"{type.FullName}.{name}");
        }
        return found.ToList();
    }

    private static Type? Resolve(MetadataReader md, TypeReferenceHandle handle)
    {
        var reference = md.GetTypeReference(handle);
        string name = md.GetString(reference.Name);
        if (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            return Resolve(md, (TypeReferenceHandle)reference.ResolutionScope)?.GetNestedType(name, BindingFlags.Public | BindingFlags.NonPublic);
        if (reference.ResolutionScope.Kind != HandleKind.AssemblyReference)
            return null;
        string assembly = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name);
        return assembly is "Microsoft.ML.Core" or "Microsoft.ML.Data"
            ? Type.GetType($"{md.GetString(reference.Namespace)}.{name}, {assembly}", throwOnError: true)
            : null;
    }

    private static bool IsVisible(Type type) =>
        type.IsPublic || ((type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!));

    private static bool IsAccessible(MemberInfo member) => member switch
    {
        MethodBase method => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly,
        FieldInfo field => field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly,
        Type nested => IsVisible(nested),
        _ => true,
    };
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The engine (assembly Microsoft.ML.Sparse.Engine) knows nothing of ML.NET or of the public options classes:
/// the trainers map the options into the engine's own settings (Trainers/Common/EngineSettings). Checked on every member
/// signature (fields, properties, constructors, methods, base types) of every engine type.
/// </summary>
[TestClass]
public sealed class EngineBoundaryTests
{
    private static readonly Type[] PublicOptions =
    {
        typeof(SparseTopologyOptions), typeof(SparseTrainerOptionsBase), typeof(SparseMlpOptions),
        typeof(SparseTextTransformerOptions), typeof(SparseTranslationOptions),
    };

    private static bool Forbidden(Type type)
    {
        if (type.HasElementType)
            return Forbidden(type.GetElementType()!);
        if (type.IsGenericType && type.GetGenericArguments().Any(Forbidden))
            return true;
        string assembly = type.Assembly.GetName().Name!;
        return PublicOptions.Contains(type) || assembly is "Microsoft.ML.Core" or "Microsoft.ML.Data" or "Microsoft.ML.DataView";
    }

    private static IEnumerable<(Type Used, string Where)> Uses(Type t)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (t.BaseType is { } b)
            yield return (b, "base type");
        foreach (var f in t.GetFields(all))
            yield return (f.FieldType, f.Name);
        foreach (var p in t.GetProperties(all))
            yield return (p.PropertyType, p.Name);
        foreach (var m in t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all)))
        {
            if (m is MethodInfo mi)
                yield return (mi.ReturnType, m.Name);
            foreach (var p in m.GetParameters())
                yield return (p.ParameterType, $"{m.Name}({p.Name})");
        }
    }

    [TestMethod]
    public void EngineSignaturesUseNeitherMlNetNorThePublicOptions()
    {
        var engineTypes = typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly.GetTypes();
        Assert.IsTrue(engineTypes.Length > 50, $"{engineTypes.Length} engine types found");
        var violations = engineTypes.SelectMany(t => Uses(t).Where(u => Forbidden(u.Used)).Select(u => $"{t.FullName}.{u.Where}: {u.Used.Name}")).ToArray();
        Assert.IsEmpty(violations, "the engine must not use ML.NET or the public options types:\n" + string.Join("\n", violations));
    }

    [TestMethod]
    public void TheCheckFindsAViolation()
    {
        Assert.IsTrue(Uses(typeof(EngineBoundaryTests.Probe)).Any(u => Forbidden(u.Used)), "a field of a public options type is found");
    }

    private sealed class Probe
    {
        public SparseTopologyOptions? Options { get; set; }
    }
}

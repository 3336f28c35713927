// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// The trainers (assembly Microsoft.ML.Sparse.Trainers) reach the engine through its training facades
/// (<c>MlpTraining</c>, <c>TransformerTraining</c>) and the types their requests and results are made of, plus a short,
/// named list of helpers; any other internal engine type they start to use fails this test (docs/architecture.md).
/// Checked on signatures and method-body IL.
/// </summary>
[TestClass]
public sealed class TrainerFacadeTests
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        // the facades, their requests and results
        "Microsoft.ML.Sparse.Engine.Networks.MlpTraining", "Microsoft.ML.Sparse.Engine.Networks.MlpTrainingRequest",
        "Microsoft.ML.Sparse.Engine.Networks.MlpTrainingResult", "Microsoft.ML.Sparse.Engine.Networks.MlpDataRows",
        "Microsoft.ML.Sparse.Engine.Networks.Transformer.TransformerTraining", "Microsoft.ML.Sparse.Engine.Networks.Transformer.TransformerTrainingRequest",
        "Microsoft.ML.Sparse.Engine.Networks.Transformer.TransformerTrainingResult`1",
        // what the requests are made of
        "Microsoft.ML.Sparse.Engine.Core.Training.TrainingSettings", "Microsoft.ML.Sparse.Engine.Core.TopologySettings",
        "Microsoft.ML.Sparse.Engine.Core.Training.TrainingHistory", "Microsoft.ML.Sparse.Engine.Core.Training.EpochRecord", "Microsoft.ML.Sparse.Engine.Core.MlpLoss",
        "Microsoft.ML.Sparse.Engine.Networks.InputStandardization", "Microsoft.ML.Sparse.Engine.Networks.Transformer.TransformerArchitecture",
        "Microsoft.ML.Sparse.Engine.Networks.Transformer.TransformerTask", "Microsoft.ML.Sparse.Engine.Networks.Transformer.NormPlacement",
        "Microsoft.ML.Sparse.Engine.Networks.Transformer.TranslationCorpus", "Microsoft.ML.Sparse.Engine.Networks.Transformer.TokenizedTexts",
        "Microsoft.ML.Sparse.Engine.Networks.LanguageModel.TokenWindows",
        // the networks the facades return, handed to the model assembly's scorers
        "Microsoft.ML.Sparse.Engine.Networks.Transformer.Seq2SeqTransformer", "Microsoft.ML.Sparse.Engine.Networks.Transformer.TransformerTextClassifier",
        "Microsoft.ML.Sparse.Engine.Networks.LanguageModel.DecoderOnlyTransformer",
        // streaming: the trainers read IDataView blocks into the CSR engine's row blocks
        "Microsoft.ML.Sparse.Engine.Csr.CsrRows", "Microsoft.ML.Sparse.Engine.Csr.ICsrRowBlocks",
        // resolving the engine and the device, the link-count warning, the divergence restart, the plateau rule's factor
        "Microsoft.ML.Sparse.Engine.Torch.Runtime.TorchRuntime", "Microsoft.ML.Sparse.Engine.Torch.Runtime.GpuProbe",
        "Microsoft.ML.Sparse.Engine.Core.TargetLinkCount", "Microsoft.ML.Sparse.Engine.Core.Training.SparseTrainingLoop",
        "Microsoft.ML.Sparse.Engine.Core.Training.ValidationPlateau",
    };

    private static bool IsInternalEngineType(Type type) =>
        type.Assembly == typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly && !type.IsVisible;

    private static string NameOf(Type type)
    {
        while (type.IsNested && type.DeclaringType is { } outer && outer.Name.StartsWith('<'))
            type = outer;
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition.FullName ?? definition.Name;
    }

    [TestMethod]
    public void TrainersUseOnlyTheFacadesAndTheirTypes()
    {
        var trainers = typeof(SparseMlpOptions).Assembly.GetTypes().Where(t => !t.IsNested);
        var used = trainers.SelectMany(t => TypeReferences.Of(t).Where(u => IsInternalEngineType(u.Used)).Select(u => (Type: NameOf(u.Used), Where: $"{t.FullName}.{u.Where}")))
            .Where(u => !Allowed.Contains(u.Type)).Select(u => $"{u.Where}: {u.Type}").Distinct().ToArray();
        Assert.IsEmpty(used, "the trainers must reach the engine through MlpTraining / TransformerTraining (or extend the list on purpose):\n" + string.Join("\n", used));
    }

    [TestMethod]
    public void TheListNamesOnlyTypesThatExist()
    {
        var engine = typeof(Microsoft.ML.Sparse.Engine.Core.TopologySettings).Assembly;
        var missing = Allowed.Where(name => engine.GetType(name) is null).ToArray();
        Assert.IsEmpty(missing, "allowed engine types that no longer exist: " + string.Join(", ", missing));
    }
}

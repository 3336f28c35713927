// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Sparse.Inference;
using Microsoft.ML.Sparse.Engine.Core.Kernels;
using Microsoft.ML.Sparse.Engine.Networks;

namespace Microsoft.ML.Sparse.Persistence.Safetensors;

/// <summary>
/// A sparse MLP as a PyTorch state_dict in the layout of the paper's MLP code (nn.Linear layers): per layer
/// "&lt;name&gt;.weight" [out, in] float32 (zero where there is no link), "&lt;name&gt;.bias" [out] float32 and
/// "&lt;name&gt;.mask" [out, in] bool (true on links); hidden layers are named Linear1..LinearK and the output layer
/// last_layer, and a tabular model's fixed input encoding (clamp to [0, 1]) is layer "input_encoding" first. The forward
/// pass is y = act(x @ (weight * mask).T + bias), ReLU between layers, none after the last. Hidden neurons the exporter
/// had dropped come back as zero rows and columns with the mask false, so every layer has its trained size. The
/// "__metadata__" strings name the task, the feature column, the classes, the layers in order and their activations.
/// </summary>
internal static partial class MlpStateDict
{
    /// <summary>Value of the "format" metadata entry.</summary>
    public const string Format = "mlsparse.mlp.v1";

    private const string EncodingName = "input_encoding", LastName = "last_layer";

    /// <summary>The tensors and metadata of <paramref name="model"/>.</summary>
    public static (List<SafetensorsTensor> Tensors, Dictionary<string, string> Metadata) ToTensors(SparseMlpInferenceModel model, SparsePredictionKind task,
        IReadOnlyList<string> classNames, string featureColumn)
    {
        var layers = model.Layers;
        int encoding = model.EncodingLayerCount;
        var names = new List<string>();
        var activations = new List<string>();
        var tensors = new List<SafetensorsTensor>();
        for (int l = 0; l < layers.Count; l++)
        {
            var layer = layers[l];
            string name = l < encoding ? EncodingName : l == layers.Count - 1 ? LastName : $"Linear{l - encoding + 1}";
            int rows = layer.OriginalOutputSize, columns = layer.OriginalInputSize;
            var weight = new float[(long)rows * columns];
            var mask = new bool[weight.Length];
            var bias = new float[rows];
            layer.Bias.CopyTo(bias);
            for (int r = 0; r < layer.OutputSize; r++)
            {
                if (layer.Csr is { } csr)
                {
                    for (int k = csr.RowPointers[r]; k < csr.RowPointers[r + 1]; k++)
                    {
                        long at = (long)r * columns + csr.ColumnAt(k);
                        weight[at] = csr.Values[k];
                        mask[at] = true;
                    }
                }
                else
                {
                    var row = layer.Dense!.Row(r);
                    for (int c = 0; c < row.Length; c++)
                    {
                        // A dense-stored layer keeps no mask: its links are its nonzero weights.
                        weight[(long)r * columns + c] = row[c];
                        mask[(long)r * columns + c] = row[c] != 0;
                    }
                }
            }
            long[] shape = [rows, columns];
            tensors.Add(SafetensorsTensor.FromFloats($"{name}.weight", shape, weight));
            tensors.Add(SafetensorsTensor.FromFloats($"{name}.bias", [rows], bias));
            tensors.Add(SafetensorsTensor.FromBools($"{name}.mask", shape, mask));
            names.Add(name);
            activations.Add(ActivationName(layer.Activation));
        }
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = Format,
            ["task"] = TaskName(task),
            ["feature_column"] = featureColumn,
            ["class_names"] = JsonSerializer.Serialize(classNames),
            ["layers"] = JsonSerializer.Serialize(names),
            ["activations"] = JsonSerializer.Serialize(activations),
            ["forward"] = "y = act(x @ (weight * mask).T + bias) per layer, in the order of 'layers'",
        };
        return (tensors, metadata);
    }

    /// <summary>
    /// The managed model of a state_dict. Layers and activations come from the metadata, or, in a file without it, from
    /// the names Linear1..LinearK then last_layer (ReLU between, none after). A layer without a mask is dense; without a
    /// bias, its bias is zero. Dead hidden neurons are dropped exactly as after training.
    /// </summary>
    public static SparseMlpInferenceModel FromTensors(IReadOnlyDictionary<string, SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata, string what)
    {
        var names = metadata.TryGetValue("layers", out string? json) ? ParseList(json, "layers", what) : DefaultLayerNames(tensors, what);
        var activations = metadata.TryGetValue("activations", out string? acts) ? ParseList(acts, "activations", what)
            : names.Select((_, i) => i == names.Count - 1 ? "identity" : "relu").ToList();
        if (activations.Count != names.Count)
            throw new InvalidDataException($"{what}: metadata 'activations' has {activations.Count} entries for {names.Count} layers.");
        var encoding = new List<InferenceLayer>();
        var trained = new List<MlpLayerWeights>();
        for (int l = 0; l < names.Count; l++)
        {
            string expected = l == 0 && activations[0] == "clamp01" ? "clamp01" : l == names.Count - 1 ? "identity" : "relu";
            if (activations[l] != expected)
                throw new InvalidDataException($"{what}: layer '{names[l]}' has activation '{activations[l]}'; this importer scores ReLU between layers and none after " +
                    "the last (and a 'clamp01' input encoding first). Retrain with that architecture.");
            var layer = ReadLayer(tensors, names[l], what);
            if (expected == "clamp01")
                encoding.Add(ToInferenceLayer(layer, MlpActivation.Clamp01));
            else
                trained.Add(layer);
        }
        if (trained.Count == 0)
            throw new InvalidDataException($"{what} holds no trained layer after the input encoding.");
        try
        {
            var exported = MlpExporter.Export(trained, MlpActivation.Relu);
            return encoding.Count == 0 ? exported : new SparseMlpInferenceModel(encoding.Concat(exported.Layers).ToArray());
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{what}: the layers do not form a network ({ex.Message}).", ex);
        }
    }

    /// <summary>The task named in the metadata, or multiclass for more than one output and regression for one.</summary>
    public static SparsePredictionKind Task(IReadOnlyDictionary<string, string> metadata, int outputs, string what) =>
        metadata.TryGetValue("task", out string? task) ? task switch
        {
            "multiclass" => SparsePredictionKind.MulticlassClassification,
            "binary" => SparsePredictionKind.BinaryClassification,
            "regression" => SparsePredictionKind.Regression,
            _ => throw new InvalidDataException($"{what}: metadata 'task' is '{task}'; expected multiclass, binary or regression."),
        } : outputs > 1 ? SparsePredictionKind.MulticlassClassification : SparsePredictionKind.Regression;

    /// <summary>The class names in the metadata, or "0".."n-1".</summary>
    public static IReadOnlyList<string> ClassNames(IReadOnlyDictionary<string, string> metadata, int outputs, string what)
    {
        var names = metadata.TryGetValue("class_names", out string? json) ? ParseList(json, "class_names", what) : [];
        if (names.Count == 0)
            return Enumerable.Range(0, outputs).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (names.Count != outputs)
            throw new InvalidDataException($"{what}: metadata 'class_names' has {names.Count} names but the network has {outputs} outputs.");
        return names;
    }

    private static string TaskName(SparsePredictionKind task) => task switch
    {
        SparsePredictionKind.MulticlassClassification => "multiclass",
        SparsePredictionKind.BinaryClassification => "binary",
        _ => "regression",
    };

    private static string ActivationName(MlpActivation activation) => activation switch
    {
        MlpActivation.Relu => "relu",
        MlpActivation.Clamp01 => "clamp01",
        _ => "identity",
    };

    [GeneratedRegex(@"^Linear(\d+)\.weight$")]
    private static partial Regex HiddenWeight();

    private static List<string> DefaultLayerNames(IReadOnlyDictionary<string, SafetensorsTensor> tensors, string what)
    {
        var hidden = tensors.Keys.Select(k => HiddenWeight().Match(k)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Order().ToList();
        if (!tensors.ContainsKey($"{LastName}.weight") || hidden.Where((n, i) => n != i + 1).Any())
            throw new InvalidDataException($"{what} has no 'layers' metadata and its tensors ({string.Join(", ", tensors.Keys.Order(StringComparer.Ordinal))}) are not " +
                "Linear1.weight..LinearK.weight and last_layer.weight; add __metadata__ {\"layers\": \"[\\\"name1\\\", ...]\"} naming the layers in order.");
        return hidden.Select(n => $"Linear{n}").Append(LastName).ToList();
    }

    private static List<string> ParseList(string json, string key, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<List<string>>(json) ?? [];
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{what}: metadata '{key}' is not a JSON array of strings ({ex.Message}).", ex);
        }
    }

    private static MlpLayerWeights ReadLayer(IReadOnlyDictionary<string, SafetensorsTensor> tensors, string name, string what)
    {
        if (!tensors.TryGetValue($"{name}.weight", out var weightTensor) || weightTensor.Shape.Length != 2)
            throw new InvalidDataException($"{what} has no 2-D tensor '{name}.weight' [out, in] for layer '{name}'.");
        int rows = checked((int)weightTensor.Shape[0]), columns = checked((int)weightTensor.Shape[1]);
        float[] weight = weightTensor.ToFloats();
        bool[]? mask = null;
        if (tensors.TryGetValue($"{name}.mask", out var maskTensor))
        {
            if (!maskTensor.Shape.SequenceEqual(weightTensor.Shape))
                throw new InvalidDataException($"{what}: '{name}.mask' has shape [{string.Join(", ", maskTensor.Shape)}] but '{name}.weight' [{rows}, {columns}].");
            mask = maskTensor.ToBools();
        }
        float[] bias = new float[rows];
        if (tensors.TryGetValue($"{name}.bias", out var biasTensor))
        {
            if (biasTensor.Shape.Length != 1 || biasTensor.Shape[0] != rows)
                throw new InvalidDataException($"{what}: '{name}.bias' has shape [{string.Join(", ", biasTensor.Shape)}] but the layer has {rows} outputs.");
            bias = biasTensor.ToFloats();
        }
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        var values = new List<float>();
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                long at = (long)r * columns + c;
                if (mask is null || mask[at])
                {
                    indices.Add(c);
                    values.Add(weight[at]);
                }
            }
            pointers[r + 1] = indices.Count;
        }
        try
        {
            return new MlpLayerWeights(name, new LinkPattern(rows, columns, pointers, indices.ToArray()), values.ToArray(), bias);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{what}: {ex.Message}", ex);
        }
    }

    private static InferenceLayer ToInferenceLayer(MlpLayerWeights layer, MlpActivation activation)
    {
        var csr = CsrMatrix.Create(layer.Outputs, layer.Inputs, layer.Pattern.RowPointers.ToArray(), layer.Pattern.ColumnIndices.ToArray(), layer.Values);
        return new InferenceLayer(layer.Name, csr, layer.Bias, activation, layer.Inputs, layer.Outputs);
    }
}

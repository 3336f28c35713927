// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Persistence.Safetensors;

/// <summary>
/// The translator's network (<see cref="Seq2SeqTransformer"/>) as a PyTorch state_dict: every entry of the module's
/// state_dict under its module path, float32 weights and biases, and per sparse projection a bool "mask" [out, in] next to
/// its "weight" (zero where there is no link). The "__metadata__" strings hold the architecture JSON (sizes, heads,
/// norm placement, shared embeddings), the special token ids and the forward pass in words;
/// tools/pytorch/seq2seq_forward.py rebuilds the forward pass in PyTorch from them.
/// </summary>
internal static class TranslatorStateDict
{
    /// <summary>Value of the "format" metadata entry.</summary>
    public const string Format = "mlsparse.seq2seq.v1";

    /// <summary>The forward pass, as the "forward" metadata entry says it.</summary>
    public const string Forward =
        "emb(ids) = embedding.weight[ids] * sqrt(d_model) + sinusoidal(positions); linear(x) = x @ (weight * mask).T + bias; " +
        "attention: softmax(q k^T / sqrt(d_head), masked -1e9 at padded keys and future target positions) v, heads = rows grouped by head, then output; " +
        "feed_forward = w2(relu(w1(x))); PostNorm: x = norm(x + block(x)); PreNorm: x = x + block(norm(x)) and a final_norm per stack; " +
        "LayerNorm eps 1e-6; logits = generator(decoder(emb_target(target_input), encoder(emb_source(source))))";

    /// <summary>The tensors and metadata of <paramref name="network"/> (read on the CPU; the caller holds the network's lock).</summary>
    public static (List<SafetensorsTensor> Tensors, Dictionary<string, string> Metadata) ToTensors(Seq2SeqTransformer network, int beginId, int endId, int maxTokens)
    {
        var tensors = new List<SafetensorsTensor>();
        using (var scope = NewDisposeScope())
        {
            foreach (var (name, value) in network.state_dict())
            {
                var cpu = value.detach().cpu().contiguous();
                long[] shape = cpu.shape;
                tensors.Add(cpu.dtype switch
                {
                    ScalarType.Float32 => SafetensorsTensor.FromFloats(name, shape, cpu.data<float>().ToArray()),
                    ScalarType.Bool => SafetensorsTensor.FromBools(name, shape, cpu.data<bool>().ToArray()),
                    _ => throw new InvalidOperationException($"State entry '{name}' is {cpu.dtype}; the safetensors export writes float32 and bool."),
                });
            }
        }
        var metadata = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["architecture"] = network.Architecture.ToJson(),
            ["pad_id"] = network.Architecture.PadId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["begin_id"] = beginId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["end_id"] = endId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["max_tokens"] = maxTokens.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["forward"] = Forward,
        };
        return (tensors, metadata);
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Everything needed to rebuild a Transformer model before its weights are loaded: sizes, layer counts, heads,
/// dropout, maximum length, norm placement and vocabulary sizes. Serialises to JSON (enums as names).
/// </summary>
internal sealed record TransformerArchitecture
{
    /// <summary>Current JSON format version.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Format version written with the record (checked on read).</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Which model this is.</summary>
    public TransformerTask Task { get; init; }

    /// <summary>d_model, the width of the residual stream.</summary>
    public int ModelDim { get; init; } = 256;

    /// <summary>Attention heads (must divide <see cref="ModelDim"/>).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>d_ff, the hidden width of the feed-forward blocks.</summary>
    public int FeedForwardDim { get; init; } = 1024;

    /// <summary>Encoder layers.</summary>
    public int EncoderLayers { get; init; } = 2;

    /// <summary>Decoder layers (0 for classification).</summary>
    public int DecoderLayers { get; init; }

    /// <summary>Dropout on embeddings, residual branches and inside feed-forward blocks.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Dropout on attention weights.</summary>
    public double AttentionDropout { get; init; } = 0.1;

    /// <summary>Longest token sequence (positional-encoding table size).</summary>
    public int MaxLength { get; init; } = 256;

    /// <summary>Where the LayerNorms sit (post-norm by default, as in the paper's OpenNMT setup).</summary>
    public NormPlacement NormPlacement { get; init; } = NormPlacement.PostNorm;

    /// <summary>Source (or, for classification, input) vocabulary size.</summary>
    public int SourceVocabularySize { get; init; }

    /// <summary>Target vocabulary size (sequence-to-sequence only; equal to the source size when embeddings are shared).</summary>
    public int TargetVocabularySize { get; init; }

    /// <summary>Source and target share one vocabulary and one embedding table (sequence-to-sequence only).</summary>
    public bool ShareEmbeddings { get; init; }

    /// <summary>Number of classes (classification only).</summary>
    public int ClassCount { get; init; }

    /// <summary>Id of the padding token in every vocabulary.</summary>
    public int PadId { get; init; }

    /// <summary>Throws <see cref="InvalidDataException"/> describing the first inconsistency, if any.</summary>
    public void Validate()
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
                throw new InvalidDataException("Invalid Transformer architecture: " + message);
        }
        Check(FormatVersion == CurrentFormatVersion, $"format version {FormatVersion}, this build reads {CurrentFormatVersion}.");
        Check(Enum.IsDefined(Task), $"unknown task {Task}.");
        Check(Enum.IsDefined(NormPlacement), $"unknown norm placement {NormPlacement}.");
        Check(ModelDim > 0 && Heads > 0 && ModelDim % Heads == 0, $"d_model {ModelDim} must be a positive multiple of heads {Heads}.");
        Check(FeedForwardDim > 0, $"d_ff {FeedForwardDim} must be positive.");
        Check(Task == TransformerTask.LanguageModel || EncoderLayers > 0, $"needs at least one encoder layer, got {EncoderLayers}.");
        Check(Dropout is >= 0 and < 1 && AttentionDropout is >= 0 and < 1, "dropout rates must be in [0, 1).");
        Check(MaxLength > 0, $"max length {MaxLength} must be positive.");
        Check(SourceVocabularySize > 0 && PadId >= 0 && PadId < SourceVocabularySize, $"pad id {PadId} must lie in the source vocabulary of size {SourceVocabularySize}.");
        if (Task == TransformerTask.LanguageModel)
        {
            Check(EncoderLayers == 0 && DecoderLayers > 0, $"a language model has decoder blocks only, got {EncoderLayers} encoder and {DecoderLayers} decoder layers.");
            Check(ModelDim / Heads % 2 == 0, $"rotary positions need an even head dimension, got d_model {ModelDim} / {Heads} heads.");
            Check(TargetVocabularySize == 0 && !ShareEmbeddings && ClassCount == 0, "a language model has one vocabulary and no classes.");
        }
        else if (Task == TransformerTask.TextClassification)
        {
            Check(ClassCount >= 2, $"classification needs at least 2 classes, got {ClassCount}.");
            Check(DecoderLayers == 0 && TargetVocabularySize == 0 && !ShareEmbeddings, "classification has no decoder or target vocabulary.");
        }
        else
        {
            Check(DecoderLayers > 0, $"sequence-to-sequence needs at least one decoder layer, got {DecoderLayers}.");
            Check(TargetVocabularySize > 2 && PadId < TargetVocabularySize, $"target vocabulary size {TargetVocabularySize} must exceed 2 and hold pad id {PadId}.");
            Check(!ShareEmbeddings || TargetVocabularySize == SourceVocabularySize, "shared embeddings need equal source and target vocabulary sizes.");
            Check(ClassCount == 0, "sequence-to-sequence has no classes.");
        }
    }

    /// <summary>The record as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Parses and validates JSON written by <see cref="ToJson"/>.</summary>
    /// <exception cref="InvalidDataException">Malformed JSON, unknown members or an invalid architecture.</exception>
    public static TransformerArchitecture FromJson(string json)
    {
        TransformerArchitecture? a;
        try
        {
            a = JsonSerializer.Deserialize<TransformerArchitecture>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("Transformer architecture JSON is malformed: " + ex.Message, ex);
        }
        if (a is null)
            throw new InvalidDataException("Transformer architecture JSON is empty.");
        a.Validate();
        return a;
    }

    /// <summary>Writes the JSON (UTF-8) to <paramref name="stream"/>, leaving it open.</summary>
    public void Write(Stream stream)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(ToJson());
        stream.Write(bytes);
    }

    /// <summary>Reads JSON written by <see cref="Write"/> (the rest of the stream).</summary>
    public static TransformerArchitecture Read(Stream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        return FromJson(reader.ReadToEnd());
    }
}

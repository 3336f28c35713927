// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Text;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Text;
using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.TextClassification;

/// <summary>
/// Scores a text column with a trained <see cref="TransformerTextClassifier"/>: the text is encoded with the model's
/// subword vocabulary (cut to the architecture's maximum length) and run through the TorchSharp forward pass on the CPU,
/// one text at a time (no padding, so a row's scores never depend on other rows). Raw outputs are the class logits.
/// </summary>
/// <remarks>
/// <para>Thread safety: the module is in evaluation mode and never changes after construction; every call runs under
/// its own <c>no_grad</c> and dispose scope (both thread-local in TorchSharp/libtorch) and the tokenizer's cache is
/// locked, so concurrent calls from several PredictionEngines are safe.</para>
/// <para>Payload (after the kind byte): BinaryWriter string "MLSP.TextTransformer", int32 version, int64 payload
/// length, payload, uint32 CRC-32 of the payload. Payload: three int32-length-prefixed blocks: the architecture JSON
/// (UTF-8, <see cref="TransformerArchitecture.ToJson"/>), the vocabulary (<see cref="SubwordVocabulary.Write"/>) and
/// the weights (<see cref="TransformerWeightsSerializer"/>: sparse layers as their active links only).</para>
/// </remarks>
internal sealed class TextTransformerScorer : SparseScorer<ReadOnlyMemory<char>>
{
    private const string Magic = "MLSP.TextTransformer";
    private const int FormatVersion = 1;
    private const long MaxPayload = int.MaxValue;

    private readonly TransformerTextClassifier _model;
    private readonly byte[] _weights;
    private readonly SparseModelInfo _info;

    /// <summary>Builds the CPU scoring model from an architecture, its vocabulary and serialised weights.</summary>
    /// <exception cref="InvalidDataException">The parts do not fit together or the weights are corrupt.</exception>
    public TextTransformerScorer(TransformerArchitecture architecture, SubwordVocabulary vocabulary, byte[] weights)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(weights);
        architecture.Validate();
        if (architecture.Task != TransformerTask.TextClassification)
            throw new InvalidDataException($"A text classifier needs a {TransformerTask.TextClassification} architecture, got {architecture.Task}.");
        if (architecture.SourceVocabularySize != vocabulary.Size || architecture.PadId != vocabulary.PadId)
            throw new InvalidDataException($"The architecture expects a vocabulary of {architecture.SourceVocabularySize} tokens with pad id {architecture.PadId}, " +
                                           $"the stored vocabulary has {vocabulary.Size} tokens with pad id {vocabulary.PadId}.");
        Architecture = architecture;
        Vocabulary = vocabulary;
        _weights = weights;
        _model = BuildModel(architecture, weights);
        _info = Describe(_model, architecture);
    }

    /// <summary>A scorer holding a copy of a trained model's weights (the trained module may live on any device).</summary>
    public static TextTransformerScorer FromTrained(TransformerTextClassifier trained, SubwordVocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(trained);
        using var stream = new MemoryStream();
        TransformerWeightsSerializer.Write(stream, trained);
        return new TextTransformerScorer(trained.Architecture, vocabulary, stream.ToArray());
    }

    /// <summary>The model's architecture.</summary>
    public TransformerArchitecture Architecture { get; }

    /// <summary>The subword vocabulary the texts are encoded with.</summary>
    public SubwordVocabulary Vocabulary { get; }

    /// <summary>The scoring module (CPU, evaluation mode). Read-only by contract.</summary>
    internal TransformerTextClassifier Model => _model;

    /// <inheritdoc/>
    public override SparseScorerKind Kind => SparseScorerKind.TextTransformer;

    /// <inheritdoc/>
    public override DataViewType InputType => TextDataViewType.Instance;

    /// <inheritdoc/>
    public override int OutputSize => Architecture.ClassCount;

    /// <inheritdoc/>
    public override SparseModelInfo Info => _info;

    /// <summary>Token ids of <paramref name="text"/> as the model sees them (cut to the maximum length).</summary>
    public int[] Encode(ReadOnlySpan<char> text) => Vocabulary.Encode(text.ToString(), Architecture.MaxLength);

    /// <inheritdoc/>
    public override void Score(in ReadOnlyMemory<char> input, Span<float> outputs)
    {
        if (outputs.Length != OutputSize)
            throw new ArgumentException($"The output buffer has {outputs.Length} values, the model {OutputSize}.", nameof(outputs));
        int[] ids = Encode(input.Span);
        var data = ids.Length == 0 ? new long[] { Architecture.PadId } : Array.ConvertAll(ids, i => (long)i);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = _model.forward(tensor(data, new long[] { 1, data.Length }, ScalarType.Int64)).contiguous();
        logits.data<float>().CopyTo(outputs);
    }

    /// <inheritdoc/>
    public override void Save(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        using var payload = new MemoryStream();
        using (var w = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true))
        {
            WriteBlock(w, Encoding.UTF8.GetBytes(Architecture.ToJson()));
            using var vocabulary = new MemoryStream();
            Vocabulary.Write(vocabulary);
            WriteBlock(w, vocabulary.ToArray());
            WriteBlock(w, _weights);
        }
        byte[] bytes = payload.ToArray();
        writer.Write(Magic);
        writer.Write(FormatVersion);
        ChecksummedPayload.Write(writer, bytes);
    }

    /// <summary>Reads a scorer written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The data is truncated, corrupt or inconsistent.</exception>
    /// <exception cref="TorchBackendUnavailableException">The TorchSharp native backend cannot be loaded.</exception>
    public static TextTransformerScorer Load(BinaryReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        byte[] payload = ReadPayload(reader);
        try
        {
            using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
            var architecture = TransformerArchitecture.FromJson(Encoding.UTF8.GetString(ReadBlock(r, "architecture")));
            SubwordVocabulary vocabulary;
            using (var vocabularyStream = new MemoryStream(ReadBlock(r, "vocabulary")))
            {
                vocabulary = SubwordVocabulary.Read(vocabularyStream);
                if (vocabularyStream.Position != vocabularyStream.Length)
                    throw new InvalidDataException("The vocabulary block has trailing data.");
            }
            byte[] weights = ReadBlock(r, "weights");
            if (r.BaseStream.Position != r.BaseStream.Length)
                throw new InvalidDataException("The payload has trailing data after the weights.");
            return new TextTransformerScorer(architecture, vocabulary, weights);
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentException or OverflowException or DecoderFallbackException)
        {
            throw Corrupt(ex.Message, ex);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt(ex.Message, ex);
        }
    }

    private static byte[] ReadPayload(BinaryReader reader)
    {
        try
        {
            string magic = reader.ReadString();
            if (magic != Magic)
                throw Corrupt("not a text Transformer scorer (bad magic).");
            int version = reader.ReadInt32();
            if (version != FormatVersion)
                throw new InvalidDataException($"The text Transformer model has format version {version}; this build reads {FormatVersion}. It needs a newer Microsoft.ML.Sparse.");
            return ChecksummedPayload.Read(reader, 3 * sizeof(int), MaxPayload, detail => Corrupt(detail + "."));
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or DecoderFallbackException)
        {
            throw Corrupt(ex.Message, ex);
        }
    }

    private static void WriteBlock(BinaryWriter writer, byte[] block)
    {
        writer.Write(block.Length);
        writer.Write(block);
    }

    private static byte[] ReadBlock(BinaryReader reader, string what)
    {
        int length = reader.ReadInt32();
        long left = reader.BaseStream.Length - reader.BaseStream.Position;
        if (length < 0 || length > left)
            throw new InvalidDataException($"the {what} block claims {length} bytes, {left} are left.");
        return reader.ReadBytes(length);
    }

    private static InvalidDataException Corrupt(string detail, Exception? inner = null) =>
        new($"The text Transformer model is corrupt or truncated: {detail}", inner);

    private static TransformerTextClassifier BuildModel(TransformerArchitecture architecture, byte[] weights)
    {
        TorchRuntime.EnsureLoaded();
        // The scorer outlives any dispose scope open on the calling thread (Fit trains inside one, and a user may call
        // Model.Load inside one), and modules keep tensors that are neither parameters nor listed buffers (e.g. the
        // positional table). Dispose scopes are per thread, so the module is built on a thread that has none.
        TransformerTextClassifier? model = null;
        Exception? failure = null;
        var builder = new Thread(() =>
        {
            try
            {
                model = BuildOnThisThread(architecture, weights);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        }, maxStackSize: 4 << 20)
        {
            Name = "TextTransformerScorer.Load",
            IsBackground = true,
        };
        builder.Start();
        builder.Join();
        if (failure != null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        return model!;
    }

    private static TransformerTextClassifier BuildOnThisThread(TransformerArchitecture architecture, byte[] weights)
    {
        // Building a module draws initial weights from torch's global generator; keep the random stream as it was.
        using var state = torch.random.get_rng_state();
        var model = new TransformerTextClassifier(architecture);
        try
        {
            using (var stream = new MemoryStream(weights, writable: false))
                TransformerWeightsSerializer.Read(stream, model);
            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
        finally
        {
            torch.random.set_rng_state(state);
        }
    }

    private static SparseModelInfo Describe(TransformerTextClassifier model, TransformerArchitecture a)
    {
        using var scope = NewDisposeScope();
        var layers = new List<SparseLayerInfo>();
        foreach (var layer in model.SparseLinears)
        {
            var mask = layer.Mask;
            int activeOutputs = (int)mask.any(1).sum().ToInt64();
            int activeInputs = (int)mask.any(0).sum().ToInt64();
            long links = layer.ActiveLinks;
            bool full = links == layer.InFeatures * layer.OutFeatures;
            layers.Add(new SparseLayerInfo(layer.GetName(), (int)layer.InFeatures, (int)layer.OutFeatures, activeInputs, activeOutputs, links, isStoredSparse: !full));
        }
        // Hidden neurons: the units between the two layers of each chain (attention value → output, feed-forward
        // w1 → w2); a unit is active when it has an incoming link in the upstream layer and an outgoing one downstream.
        int hidden = 0, activeHidden = 0;
        foreach (var (upstream, downstream) in model.Chains)
        {
            hidden += (int)upstream.OutFeatures;
            activeHidden += (int)upstream.Mask.any(1).logical_and(downstream.Mask.any(0)).sum().ToInt64();
        }
        string description = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Transformer text classifier: {a.EncoderLayers} encoder layer(s), d_model {a.ModelDim}, {a.Heads} heads, d_ff {a.FeedForwardDim}, vocabulary {a.SourceVocabularySize}, up to {a.MaxLength} tokens, {a.ClassCount} classes");
        return new SparseModelInfo(description, a.MaxLength, a.ClassCount, layers, hidden, activeHidden);
    }
}

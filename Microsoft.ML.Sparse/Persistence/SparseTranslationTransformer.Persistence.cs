// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Model.OnnxConverter;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Translation;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

[assembly: LoadableClass(typeof(SparseTranslationTransformer), null, typeof(SignatureLoadModel),
    "Sparse Translation Transformer", SparseTranslationTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SparseTranslationTransformer), null, typeof(SignatureLoadRowMapper),
    "Sparse Translation Transformer", SparseTranslationTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IDataTransform), typeof(SparseTranslationTransformer), null, typeof(SignatureLoadDataTransform),
    "Sparse Translation Transformer", SparseTranslationTransformer.LoaderSignature)]

namespace Microsoft.ML.Sparse;

// ML.NET internals of the translation transformer: base class, row mapper, version, save and load.
public sealed partial class SparseTranslationTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "SparseTranslationXf";
    private const string ArchitectureStreamName = "Architecture.json";
    private const string SourceVocabularyStreamName = "SourceVocabulary.bin";
    private const string TargetVocabularyStreamName = "TargetVocabulary.bin";
    private const string WeightsStreamName = "Weights.bin";

    internal SparseTranslationTransformer(IHostEnvironment env, TranslationModel network, TranslationDecodingSettings decoding,
        string sourceColumnName, string outputColumnName)
        : base((env ?? throw new ArgumentNullException(nameof(env))).Register(nameof(SparseTranslationTransformer)))
    {
        MlNetVersionGuard.EnsureSupported();
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(decoding);
        ArgumentException.ThrowIfNullOrEmpty(sourceColumnName);
        ArgumentException.ThrowIfNullOrEmpty(outputColumnName);
        decoding.Validate(network.MaxTokens);
        Network = network;
        DecodingSettings = decoding;
        SourceColumnName = sourceColumnName;
        OutputColumnName = outputColumnName;
        _info = new Lazy<SparseModelInfo>(network.Describe);
    }

    private static VersionInfo GetVersionInfo() => new(
        modelSignature: "SPTRANSL",
        verWrittenCur: 0x00010001, // initial
        verReadableCur: 0x00010001,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(SparseTranslationTransformer).Assembly.FullName);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        // *** Binary format ***
        // string: source column name, string: output column name
        // i32: max tokens, bool: shared vocabulary
        // u8: decoding strategy, i32: beam size, f64: length penalty, i32: max output tokens (0: automatic)
        // text stream Architecture.json: the TransformerArchitecture
        // binary streams SourceVocabulary.bin, TargetVocabulary.bin (absent when shared), Weights.bin (TransformerWeightsSerializer)
        ctx.CheckAtModel();
        ctx.SetVersionInfo(GetVersionInfo());
        ctx.SaveNonEmptyString(SourceColumnName);
        ctx.SaveNonEmptyString(OutputColumnName);
        ctx.Writer.Write(Network.MaxTokens);
        ctx.Writer.Write(Network.SharesVocabulary);
        ctx.Writer.Write((byte)DecodingSettings.Strategy);
        ctx.Writer.Write(DecodingSettings.BeamSize);
        ctx.Writer.Write(DecodingSettings.LengthPenalty);
        ctx.Writer.Write(DecodingSettings.MaxOutputTokens ?? 0);
        ctx.SaveTextStream(ArchitectureStreamName, writer => writer.Write(Network.Network.Architecture.ToJson()));
        ctx.SaveBinaryStream(SourceVocabularyStreamName, writer => Network.SourceVocabulary.Write(writer.BaseStream));
        if (!Network.SharesVocabulary)
            ctx.SaveBinaryStream(TargetVocabularyStreamName, writer => Network.TargetVocabulary.Write(writer.BaseStream));
        ctx.SaveBinaryStream(WeightsStreamName, writer => Network.WriteWeights(writer.BaseStream));
    }

    // SignatureLoadModel.
    private static SparseTranslationTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
    {
        MlNetVersionGuard.EnsureSupported();
        return Load(env, ctx);
    }

    // SignatureLoadRowMapper.
    private static IRowMapper Create(IHostEnvironment env, ModelLoadContext ctx, DataViewSchema inputSchema)
        => Create(env, ctx).MakeRowMapper(inputSchema);

    // SignatureLoadDataTransform.
    private static IDataTransform Create(IHostEnvironment env, ModelLoadContext ctx, IDataView input)
        => Create(env, ctx).MakeDataTransform(input);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static SparseTranslationTransformer Load(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        try
        {
            string source = ctx.LoadNonEmptyString();
            string output = ctx.LoadNonEmptyString();
            int maxTokens = ctx.Reader.ReadInt32();
            bool shared = ctx.Reader.ReadBoolean();
            byte strategy = ctx.Reader.ReadByte();
            if (!Enum.IsDefined(typeof(TranslationDecodingStrategy), (int)strategy))
                throw Corrupt($"unknown decoding strategy {strategy}");
            int beamSize = ctx.Reader.ReadInt32();
            double lengthPenalty = ctx.Reader.ReadDouble();
            int maxOutput = ctx.Reader.ReadInt32();
            if (maxOutput < 0)
                throw Corrupt($"max output tokens {maxOutput}");
            var decoding = new TranslationDecodingSettings((TranslationDecodingStrategy)strategy, beamSize, lengthPenalty, maxOutput == 0 ? null : maxOutput);
            decoding.Validate(maxTokens);

            string? json = null;
            ModelEntryGuard.Check(ctx, ArchitectureStreamName);
            if (!ctx.TryLoadTextStream(ArchitectureStreamName, reader => json = reader.ReadToEnd()))
                throw Missing(ArchitectureStreamName);
            var architecture = ReadEntry(ArchitectureStreamName, () => TransformerArchitecture.FromJson(json!));
            if (architecture.Task != TransformerTask.SequenceToSequence)
                throw Corrupt($"the architecture is for {architecture.Task}");
            if (architecture.ShareEmbeddings && !shared)
                throw Corrupt("the network shares its embeddings but the vocabularies are stored separately");
            var sourceVocabulary = ReadVocabulary(ctx, SourceVocabularyStreamName);
            var targetVocabulary = shared ? sourceVocabulary : ReadVocabulary(ctx, TargetVocabularyStreamName);

            TorchRuntime.EnsureLoaded();
            var network = new Seq2SeqTransformer(architecture);
            try
            {
                ModelEntryGuard.Check(ctx, WeightsStreamName);
                if (!ctx.TryLoadBinaryStream(WeightsStreamName, reader => ReadEntry(WeightsStreamName, () =>
                    {
                        TransformerWeightsSerializer.Read(reader.BaseStream, network);
                        return true;
                    })))
                    throw Missing(WeightsStreamName);
                network.eval();
                var model = new TranslationModel(network, sourceVocabulary, targetVocabulary, maxTokens);
                return new SparseTranslationTransformer(env, model, decoding, source, output);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The saved sparse translation model is corrupt or truncated: {ex.Message}", ex);
        }
    }

    private static SubwordVocabulary ReadVocabulary(ModelLoadContext ctx, string name)
    {
        SubwordVocabulary? vocabulary = null;
        ModelEntryGuard.Check(ctx, name);
        if (!ctx.TryLoadBinaryStream(name, reader => vocabulary = ReadEntry(name, () => SubwordVocabulary.Read(reader.BaseStream))))
            throw Missing(name);
        return vocabulary!;
    }

    /// <summary>Runs <paramref name="read"/> on entry <paramref name="entry"/>, reporting any decoding failure as a corrupt model naming the entry.</summary>
    private static T ReadEntry<T>(string entry, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The saved sparse translation model is corrupt: entry '{entry}': {ex.Message}", ex);
        }
    }

    private static InvalidDataException Corrupt(string detail) => new($"The saved sparse translation model is corrupt: {detail}.");

    private static InvalidDataException Missing(string entry) =>
        new($"The saved sparse translation model is corrupt: the entry '{entry}' is missing.");

    /// <summary>Translates the source column of each row once (cached per row) into the Text output column.</summary>
    private sealed class Mapper : MapperBase, ISaveAsOnnx
    {
        private readonly SparseTranslationTransformer _transformer;
        private readonly int _sourceIndex;

        public Mapper(SparseTranslationTransformer parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), inputSchema, parent)
        {
            _transformer = parent;
            _sourceIndex = ColumnSchemaChecks.CheckTextColumn(inputSchema, parent.SourceColumnName).Index;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() =>
            new[] { new DataViewSchema.DetachedColumn(_transformer.OutputColumnName, TextDataViewType.Instance) };

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var getSource = input.GetGetter<ReadOnlyMemory<char>>(input.Schema[_sourceIndex]);
            ReadOnlyMemory<char> source = default;
            long cachedPosition = -1;
            string translation = "";
            ValueGetter<ReadOnlyMemory<char>> getter = (ref ReadOnlyMemory<char> value) =>
            {
                if (input.Position != cachedPosition)
                {
                    getSource(ref source);
                    translation = _transformer.Network.Translate(new[] { source.ToString() }, _transformer.DecodingSettings)[0];
                    cachedPosition = input.Position;
                }
                value = translation.AsMemory();
            };
            return getter;
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            bool active = activeOutput(0);
            return column => active && column == _sourceIndex;
        }

        protected override void SaveModel(ModelSaveContext ctx) => _transformer.SaveModel(ctx);

        // Declared savable so that ConvertToOnnx reaches SaveAsOnnx and reports this step by name, instead of ML.NET's
        // generic "can not be fully converted" error.
        public bool CanSaveOnnx(OnnxContext ctx) => true;

        public void SaveAsOnnx(OnnxContext ctx) => throw new NotSupportedException(
            "ONNX export supports the sparse MLP models only; the sparse translation transformer (beam/greedy decoding with a " +
            "TorchSharp network) has no ONNX translation. Save it with mlContext.Model.Save and translate with ML.NET instead.");
    }
}

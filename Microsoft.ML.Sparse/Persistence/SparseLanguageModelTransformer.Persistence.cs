// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse;
using Microsoft.ML.Sparse.LanguageModels;
using Microsoft.ML.Sparse.Persistence;
using Microsoft.ML.Sparse.Text;
using Microsoft.ML.Sparse.Engine.Networks.LanguageModel;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

[assembly: LoadableClass(typeof(SparseLanguageModelTransformer), null, typeof(SignatureLoadModel),
    "Sparse Language Model Transformer", SparseLanguageModelTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IRowMapper), typeof(SparseLanguageModelTransformer), null, typeof(SignatureLoadRowMapper),
    "Sparse Language Model Transformer", SparseLanguageModelTransformer.LoaderSignature)]
[assembly: LoadableClass(typeof(IDataTransform), typeof(SparseLanguageModelTransformer), null, typeof(SignatureLoadDataTransform),
    "Sparse Language Model Transformer", SparseLanguageModelTransformer.LoaderSignature)]

namespace Microsoft.ML.Sparse;

// ML.NET internals of the language-model transformer: base class, row mapper, version, save and load.
public sealed partial class SparseLanguageModelTransformer : RowToRowTransformerBase
{
    internal const string LoaderSignature = "SparseLanguageModelXf";
    private const string ArchitectureStreamName = "Architecture.json";
    private const string VocabularyStreamName = "Vocabulary.bin";
    private const string TokenizerStreamName = "Tokenizer.bin";
    private const string WeightsStreamName = "Weights.bin";

    internal SparseLanguageModelTransformer(IHostEnvironment env, CausalLanguageModel network, string textColumnName,
        string logLikelihoodColumnName, string tokenCountColumnName, string perplexityColumnName)
        : base((env ?? throw new ArgumentNullException(nameof(env))).Register(nameof(SparseLanguageModelTransformer)))
    {
        MlNetVersionGuard.EnsureSupported();
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(textColumnName);
        ArgumentException.ThrowIfNullOrEmpty(logLikelihoodColumnName);
        ArgumentException.ThrowIfNullOrEmpty(tokenCountColumnName);
        ArgumentException.ThrowIfNullOrEmpty(perplexityColumnName);
        Network = network;
        TextColumnName = textColumnName;
        LogLikelihoodColumnName = logLikelihoodColumnName;
        TokenCountColumnName = tokenCountColumnName;
        PerplexityColumnName = perplexityColumnName;
        _info = new Lazy<SparseModelInfo>(network.Describe);
    }

    // 0x00010001: initial (a learnt subword vocabulary in Vocabulary.bin).
    // 0x00010002: or a user's tokenizer in Tokenizer.bin; a model with one needs a 0x00010002 reader, one without does not.
    private static VersionInfo GetVersionInfo(bool withTokenizer = false) => new(
        modelSignature: "SPLANGMD",
        verWrittenCur: 0x00010002,
        verReadableCur: withTokenizer ? 0x00010002u : 0x00010001u,
        verWeCanReadBack: 0x00010001,
        loaderSignature: LoaderSignature,
        loaderAssemblyName: typeof(SparseLanguageModelTransformer).Assembly.FullName);

    /// <inheritdoc/>
    protected override IRowMapper MakeRowMapper(DataViewSchema schema) => new Mapper(this, schema);

    /// <inheritdoc/>
    protected override void SaveModel(ModelSaveContext ctx)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        // *** Binary format ***
        // string: text column, string: log-likelihood column, string: token-count column, string: perplexity column
        // text stream Architecture.json: the TransformerArchitecture (task LanguageModel)
        // binary stream Vocabulary.bin (SubwordVocabulary) or, for a user's tokenizer, Tokenizer.bin (LanguageModelTokenizer)
        // binary stream Weights.bin (TransformerWeightsSerializer: sparse projections as links + values)
        ctx.CheckAtModel();
        var pretrained = Network.Vocabulary as PretrainedTokenVocabulary;
        ctx.SetVersionInfo(GetVersionInfo(withTokenizer: pretrained is not null));
        ctx.SaveNonEmptyString(TextColumnName);
        ctx.SaveNonEmptyString(LogLikelihoodColumnName);
        ctx.SaveNonEmptyString(TokenCountColumnName);
        ctx.SaveNonEmptyString(PerplexityColumnName);
        ctx.SaveTextStream(ArchitectureStreamName, writer => writer.Write(Network.Network.Architecture.ToJson()));
        if (pretrained is not null)
            ctx.SaveBinaryStream(TokenizerStreamName, writer => pretrained.Tokenizer.Write(writer.BaseStream));
        else
            ctx.SaveBinaryStream(VocabularyStreamName, writer => ((SubwordVocabulary)Network.Vocabulary).Write(writer.BaseStream));
        ctx.SaveBinaryStream(WeightsStreamName, writer => Network.WriteWeights(writer.BaseStream));
    }

    // SignatureLoadModel.
    private static SparseLanguageModelTransformer Create(IHostEnvironment env, ModelLoadContext ctx)
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
    private static SparseLanguageModelTransformer Load(IHostEnvironment env, ModelLoadContext ctx)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(ctx);
        ctx.CheckAtModel(GetVersionInfo());
        try
        {
            string text = ctx.LoadNonEmptyString();
            string logLikelihood = ctx.LoadNonEmptyString();
            string tokenCount = ctx.LoadNonEmptyString();
            string perplexity = ctx.LoadNonEmptyString();

            string? json = null;
            ModelEntryGuard.Check(ctx, ArchitectureStreamName);
            if (!ctx.TryLoadTextStream(ArchitectureStreamName, reader => json = reader.ReadToEnd()))
                throw Missing(ArchitectureStreamName);
            var architecture = ReadEntry(ArchitectureStreamName, () => TransformerArchitecture.FromJson(json!));
            if (architecture.Task != TransformerTask.LanguageModel)
                throw Corrupt($"the architecture is for {architecture.Task}");
            var (vocabulary, vocabularyEntry) = LoadVocabulary(ctx);

            TorchRuntime.EnsureLoaded();
            var network = new DecoderOnlyTransformer(architecture);
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
                var model = ReadEntry(vocabularyEntry, () => new CausalLanguageModel(network, vocabulary));
                return new SparseLanguageModelTransformer(env, model, text, logLikelihood, tokenCount, perplexity);
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
        catch (Exception ex) when (ex is EndOfStreamException or FormatException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException($"The saved sparse language model is corrupt or truncated: {ex.Message}", ex);
        }
    }

    /// <summary>The user's tokenizer (Tokenizer.bin) when the model has one, else the learnt vocabulary (Vocabulary.bin), with the entry's name.</summary>
    private static (ITokenVocabulary Vocabulary, string Entry) LoadVocabulary(ModelLoadContext ctx)
    {
        ITokenVocabulary? vocabulary = null;
        ModelEntryGuard.Check(ctx, TokenizerStreamName);
        if (ctx.TryLoadBinaryStream(TokenizerStreamName, reader =>
                vocabulary = ReadEntry(TokenizerStreamName, () => new PretrainedTokenVocabulary(LanguageModelTokenizer.Read(reader.BaseStream)))))
            return (vocabulary!, TokenizerStreamName);
        ModelEntryGuard.Check(ctx, VocabularyStreamName);
        if (!ctx.TryLoadBinaryStream(VocabularyStreamName, reader => vocabulary = ReadEntry(VocabularyStreamName, () => SubwordVocabulary.Read(reader.BaseStream))))
            throw Missing(VocabularyStreamName);
        return (vocabulary!, VocabularyStreamName);
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
            throw new InvalidDataException($"The saved sparse language model is corrupt: entry '{entry}': {ex.Message}", ex);
        }
    }

    private static InvalidDataException Corrupt(string detail) => new($"The saved sparse language model is corrupt: {detail}.");

    private static InvalidDataException Missing(string entry) =>
        new($"The saved sparse language model is corrupt: the entry '{entry}' is missing.");

    /// <summary>Scores the text column of each row once (cached per row) into the three output columns.</summary>
    private sealed class Mapper : MapperBase
    {
        private readonly SparseLanguageModelTransformer _transformer;
        private readonly int _textIndex;

        public Mapper(SparseLanguageModelTransformer parent, DataViewSchema inputSchema)
            : base(parent.Host.Register(nameof(Mapper)), inputSchema, parent)
        {
            _transformer = parent;
            _textIndex = ColumnSchemaChecks.CheckTextColumn(inputSchema, parent.TextColumnName).Index;
        }

        protected override DataViewSchema.DetachedColumn[] GetOutputColumnsCore() => new[]
        {
            new DataViewSchema.DetachedColumn(_transformer.LogLikelihoodColumnName, NumberDataViewType.Single),
            new DataViewSchema.DetachedColumn(_transformer.TokenCountColumnName, NumberDataViewType.Int32),
            new DataViewSchema.DetachedColumn(_transformer.PerplexityColumnName, NumberDataViewType.Single),
        };

        protected override Delegate MakeGetter(DataViewRow input, int iinfo, Func<int, bool> activeOutput, out Action disposer)
        {
            disposer = null!;
            var getText = input.GetGetter<ReadOnlyMemory<char>>(input.Schema[_textIndex]);
            ReadOnlyMemory<char> text = default;
            long cachedPosition = -1;
            TextLikelihood score = default;
            TextLikelihood Current()
            {
                if (input.Position != cachedPosition)
                {
                    getText(ref text);
                    score = _transformer.Network.Score(new[] { text.ToString() })[0];
                    cachedPosition = input.Position;
                }
                return score;
            }
            return iinfo switch
            {
                0 => (ValueGetter<float>)((ref float value) => value = (float)Current().LogLikelihood),
                1 => (ValueGetter<int>)((ref int value) => value = Current().TokenCount),
                _ => (ValueGetter<float>)((ref float value) => value = (float)Current().Perplexity),
            };
        }

        protected override Func<int, bool> GetDependenciesCore(Func<int, bool> activeOutput)
        {
            bool active = activeOutput(0) || activeOutput(1) || activeOutput(2);
            return column => active && column == _textIndex;
        }

        protected override void SaveModel(ModelSaveContext ctx) => _transformer.SaveModel(ctx);
    }
}

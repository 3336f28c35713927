// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Networks.Transformer;
using Microsoft.ML.Sparse.Engine.Torch.Layers;
using Microsoft.ML.Sparse.Engine.Torch.Optimization;

namespace Microsoft.ML.Sparse.Benchmarks;

/// <summary>
/// One configuration of <see cref="TransformerStepBenchmark"/>: a translation Transformer (2+2 layers, shared vocabulary
/// 4000, d_ff = 4·d_model) at one density, its Adam optimizer, and a timed training step split into forward (with the
/// loss), backward and optimizer (Adam on the links of the sparse projections, or dense Adam with gradient and weight
/// masking) phases.
/// </summary>
internal sealed class TransformerStepModels : IDisposable
{
    public const int Batch = 32;
    public const int Length = 48;
    public const int Vocabulary = 4000;

    private readonly Random _random = new(3);

    /// <param name="name">Row name in the report.</param>
    /// <param name="dim">d_model.</param>
    /// <param name="density">Density of every sparse projection (1: dense).</param>
    /// <param name="kernels">Whether sparse projections may use the CSR kernels (where <see cref="MaskedLinear.SparseKernelsPay"/>).</param>
    /// <param name="linkOptimizer">
    /// Whether the sparse projections' weights are updated on their links (<see cref="LinkSpaceOptimizer"/>, as training
    /// does) or by the dense Adam over the masked weights with gradient and weight masking (the reference code's way).
    /// </param>
    public TransformerStepModels(string name, int dim, double density, bool kernels, bool linkOptimizer = true)
    {
        Name = name;
        Density = density;
        Model = new Seq2SeqTransformer(Architecture(dim));
        if (density < 1)
            foreach (var layer in Model.SparseLinears)
            {
                layer.SetMask(rand(layer.OutFeatures, layer.InFeatures) < density);
                layer.UseSparseKernels = kernels && layer.SparseKernelsPay;
            }
        CsrLayers = Model.SparseLinears.Count(l => l.UseSparseKernels);
        Model.train();
        var sparse = density < 1 && linkOptimizer ? Model.SparseLinears.ToList() : new List<MaskedLinear>();
        Optimizer = optim.Adam(Model.parameters().Where(p => sparse.All(l => l.Weight.Handle != p.Handle)), lr: 1e-4, beta1: 0.9, beta2: 0.998);
        if (sparse.Count > 0)
            _links = new LinkSpaceOptimizer(sparse, SparseOptimizer.Adam, 1e-4, momentum: 0, beta1: 0.9, beta2: 0.998, weightDecay: 0);
    }

    private readonly LinkSpaceOptimizer? _links;

    public string Name { get; }

    public double Density { get; }

    public Seq2SeqTransformer Model { get; }

    public optim.Optimizer Optimizer { get; }

    /// <summary>Sparse projections computed with the CSR kernels.</summary>
    public int CsrLayers { get; }

    public static TransformerArchitecture Architecture(int dim) => new()
    {
        Task = TransformerTask.SequenceToSequence, ModelDim = dim, Heads = dim >= 512 ? 8 : 4, FeedForwardDim = 4 * dim, EncoderLayers = 2,
        DecoderLayers = 2, MaxLength = 64, SourceVocabularySize = Vocabulary, TargetVocabularySize = Vocabulary, ShareEmbeddings = true, PadId = 0,
    };

    /// <summary>One training step on synthetic tokens; milliseconds of (forward + loss, backward, optimizer) and the thread's minor page faults.</summary>
    public (double Forward, double Backward, double Optimizer, long Faults) Step()
    {
        using var scope = NewDisposeScope();
        var source = TokenBatch.Pad(Sequences(), 0);
        var (decoderInput, labels) = TokenBatch.ShiftForTeacherForcing(Sequences(), 0);
        Optimizer.zero_grad();
        _links?.ZeroGrad();
        long faults = MinorFaults();
        long start = Now();
        var loss = LabelSmoothedCrossEntropy.Compute(Model.forward(source, decoderInput), labels, 0.1, 0);
        long forward = Now();
        loss.backward();
        long backward = Now();
        if (_links is null)
            foreach (var layer in Model.SparseLinears)
                layer.MaskGradient();
        Optimizer.step();
        if (_links is null)
            foreach (var layer in Model.SparseLinears)
                layer.ApplyMask();
        else
            _links.Step();
        long end = Now();
        return (Ms(forward - start), Ms(backward - forward), Ms(end - backward), MinorFaults() - faults);
    }

    /// <summary>Minor page faults of the calling thread so far (Linux getrusage(RUSAGE_THREAD); 0 elsewhere).</summary>
    public static long MinorFaults()
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        var usage = new long[18]; // struct rusage: two timevals, then ru_maxrss, ..., ru_minflt at index 8
        return GetRusage(1, usage) == 0 ? usage[8] : 0;
    }

    /// <summary>The benchmark's clock in nanoseconds: the thread's CPU time when everything runs on one thread, else the wall clock.</summary>
    public static Func<long> Now { get; set; } = ThreadCpuClock.Nanoseconds;

    public static double Ms(long nanoseconds) => nanoseconds / 1e6;

    private List<IReadOnlyList<int>> Sequences() =>
        Enumerable.Range(0, Batch).Select(_ => (IReadOnlyList<int>)Enumerable.Range(0, Length).Select(_ => _random.Next(4, Vocabulary)).ToArray()).ToList();

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, long[] usage);

    public void Dispose()
    {
        Optimizer.Dispose();
        _links?.Dispose();
        Model.Dispose();
    }
}

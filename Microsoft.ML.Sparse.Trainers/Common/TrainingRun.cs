// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Persistence;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Trainers;

/// <summary>
/// The set-up every trainer's Fit shares (MLP, text classifier, translator): the cancellation check, the trainer's
/// host and "Training" channel on ML.NET's log, and the seed (the options', else the MLContext's, else random); for the
/// TorchSharp trainers also libtorch and the device. Dispose it when Fit ends.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    private TrainingRun(IChannel channel, long seed, CancellationToken cancellation)
    {
        Channel = channel;
        Seed = seed;
        Cancellation = cancellation;
    }

    /// <summary>Where the trainer reports its choices, warnings and progress lines.</summary>
    public IChannel Channel { get; }

    /// <summary>The seed of this run.</summary>
    public long Seed { get; }

    /// <summary>The options' cancellation token.</summary>
    public CancellationToken Cancellation { get; }

    /// <summary>Starts a run: throws when already cancelled, then opens the channel and resolves the seed.</summary>
    public static TrainingRun Start(IHostEnvironment env, SparseTrainerOptionsBase options, string trainerName)
    {
        ArgumentNullException.ThrowIfNull(env);
        options.CancellationToken.ThrowIfCancellationRequested();
        var channel = env.Register(trainerName).Start("Training");
        long seed = options.Seed ?? MlNetInternals.SeedOf(env) ?? Random.Shared.Next();
        return new TrainingRun(channel, seed, options.CancellationToken);
    }

    /// <summary>Loads libtorch and returns the device to train on (CUDA, or the CPU as the options allow).</summary>
    /// <exception cref="TorchBackendUnavailableException">libtorch or the requested CUDA device is unavailable.</exception>
    public static Device TorchDevice(SparseTrainerOptionsBase options)
    {
        TorchRuntime.EnsureLoaded();
        return TorchRuntime.ResolveDevice(options.Device, options.AllowCpuFallback);
    }

    /// <inheritdoc/>
    public void Dispose() => Channel.Dispose();
}

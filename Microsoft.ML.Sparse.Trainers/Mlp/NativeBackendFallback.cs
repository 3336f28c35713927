// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.CompilerServices;
using Microsoft.ML.Runtime;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Mlp;

/// <summary>
/// Says so when <see cref="SparseTrainingEngine.Auto"/> wanted TorchSharp but trains on the managed engine because the
/// native backend (libtorch) does not load: the dense baseline, or a sparse MLP on a machine with an NVIDIA driver. One
/// warning on the ML.NET channel per <see cref="MLContext"/> (a comparison of many dense runs warns once);
/// <see cref="SparseTrainingSummary.Engine"/> names the engine of every model.
/// </summary>
internal static class NativeBackendFallback
{
    private static readonly ConditionalWeakTable<IHostEnvironment, object> Warned = new();
    private static readonly object Marker = new();

    /// <summary>Warns once per <paramref name="env"/> when <paramref name="engine"/> is a fallback from TorchSharp.</summary>
    public static void WarnIfFellBack(IHostEnvironment env, IChannel channel, string trainerName, SparseMlpOptions options, SparseTrainingEngine engine)
    {
        if (Cause(options, engine) is { } cause)
            WarnOnce(env, channel, trainerName, options.Topology.Method, cause);
    }

    /// <summary>
    /// Why <paramref name="engine"/> is the managed one although Auto wanted TorchSharp (the native loader's explanation),
    /// or null when it is not a fallback.
    /// </summary>
    internal static string? Cause(SparseMlpOptions options, SparseTrainingEngine engine)
    {
        if (options.Engine != SparseTrainingEngine.Auto || engine != SparseTrainingEngine.Managed)
            return null;
        bool wantedTorch = options.Topology.Method == SparseTrainingMethod.Dense
                           || (options.Device != SparseDevice.Cpu && GpuProbe.NvidiaDriverPresent());
        if (!wantedTorch)
            return null;
        try
        {
            TorchRuntime.EnsureLoaded();
            return null;
        }
        catch (TorchBackendUnavailableException e)
        {
            return e.Message;
        }
    }

    /// <summary>Writes the warning unless this environment already got it; returns whether it wrote it.</summary>
    internal static bool WarnOnce(IHostEnvironment env, IChannel channel, string trainerName, SparseTrainingMethod method, string cause)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(channel);
        if (!Warned.TryAdd(env, Marker))
            return false;
        string what = method == SparseTrainingMethod.Dense ? "the Dense baseline" : "this sparse MLP";
        channel.Warning(MessageSensitivity.Unknown,
            $"{trainerName}: the native TorchSharp backend (libtorch) does not load, so {what} trains on the managed CPU engine instead of " +
            "TorchSharp (the same training step, other random draws; TrainingSummary.Engine says Managed). This warning is written once per MLContext. " +
            $"To train on TorchSharp, fix the cause: {cause} To keep the managed engine without this warning, set SparseMlpOptions.Engine = SparseTrainingEngine.Managed.");
        return true;
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Torch.Runtime;

/// <summary>
/// Lets one TorchSharp training run at a time in a process. libtorch keeps one global random generator (module
/// initialisation and dropout draw from it) and one global thread count, so two TorchSharp trainings running at once
/// would interleave their random draws and lose the bit-for-bit determinism a fixed seed promises; they would also
/// compete for the same cores. Trainings on the managed engine do not take this gate and run in parallel freely.
/// </summary>
internal static class TorchTrainingGate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// Waits for the gate (reporting through <paramref name="log"/> when another training holds it) and returns the
    /// handle that releases it; cancellable while waiting.
    /// </summary>
    public static IDisposable Enter(string who, Action<string>? log, CancellationToken cancellation)
    {
        if (!Gate.Wait(0, CancellationToken.None))
        {
            log?.Invoke($"{who}: waiting for another TorchSharp training in this process to finish (libtorch's random generator is process-wide, so TorchSharp trainings run one at a time to stay deterministic)");
            Gate.Wait(cancellation);
        }
        return new Releaser();
    }

    private sealed class Releaser : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                Gate.Release();
        }
    }
}

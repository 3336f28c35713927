// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Engine.Csr;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>
/// The engine's one entry point for sparse MLP training: the trainers hand over a resolved
/// <see cref="MlpTrainingRequest"/> and get back the exported model and its history. Initialisation, the training loop,
/// topology rounds, the folds and the export happen here, on the back-end asked for.
/// </summary>
internal static class MlpTraining
{
    /// <summary>Trains on the CSR back-end (<paramref name="engine"/> Managed) or the TorchSharp back-end.</summary>
    /// <param name="request">The resolved job.</param>
    /// <param name="engine">Managed (CSR, never loads libtorch) or TorchSharp; Auto is resolved by the caller.</param>
    /// <param name="streamed">Training rows one block at a time (CSR back-end only); the request's training rows then give only the shape.</param>
    public static MlpTrainingResult Train(MlpTrainingRequest request, SparseTrainingEngine engine, ICsrRowBlocks? streamed = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (engine == SparseTrainingEngine.Auto)
            throw new ArgumentException("Resolve Auto to Managed or TorchSharp before training.", nameof(engine));
        if (engine == SparseTrainingEngine.TorchSharp)
        {
            if (streamed is not null)
                throw new ArgumentException("Streaming training runs on the managed (CSR) engine only.", nameof(streamed));
            return TorchMlpTraining.Train(request);
        }
        return CsrMlpTraining.Train(request, streamed);
    }
}

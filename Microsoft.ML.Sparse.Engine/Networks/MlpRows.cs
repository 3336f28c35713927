// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks;

/// <summary>Rows of one split held as tensors on the training device.</summary>
internal sealed class MlpRows : IDisposable
{
    /// <param name="features">Row-major [rows, featureCount].</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="featureCount">Values per row.</param>
    /// <param name="classes">Class index per row (cross-entropy), else null.</param>
    /// <param name="targets">Target per row (binary 0/1 or regression), else null.</param>
    /// <param name="device">Device of the tensors.</param>
    public MlpRows(float[] features, int rows, int featureCount, int[]? classes, float[]? targets, Device device)
    {
        Rows = rows;
        Features = tensor(features, new long[] { rows, featureCount }).to(device).DetachFromDisposeScope();
        Targets = classes != null
            ? tensor(classes.Select(c => (long)c).ToArray()).to(device).DetachFromDisposeScope()
            : tensor(targets ?? throw new ArgumentNullException(nameof(targets))).to(device).DetachFromDisposeScope();
    }

    public int Rows { get; }
    public Tensor Features { get; }
    public Tensor Targets { get; }

    public void Dispose()
    {
        Features.Dispose();
        Targets.Dispose();
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Layers;

namespace Microsoft.ML.Sparse.Engine.Torch.Training;

/// <summary>
/// A copy of every parameter and buffer of a module (weights, biases and the masks, which are buffers), used to keep
/// the best epoch's model under early stopping and restore it at the end.
/// </summary>
internal sealed class ModelSnapshot : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors = new();

    private ModelSnapshot()
    {
    }

    /// <summary>Copies the module's current state.</summary>
    public static ModelSnapshot Capture(nn.Module module)
    {
        var snapshot = new ModelSnapshot();
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
            snapshot._tensors[name] = tensor.detach().clone().DetachFromDisposeScope();
        return snapshot;
    }

    /// <summary>Writes the copied values back into the module's tensors (in place, so optimizers and layers keep their references).</summary>
    public void Restore(nn.Module module)
    {
        using var noGrad = no_grad();
        foreach (var (name, tensor) in module.state_dict())
        {
            if (!_tensors.TryGetValue(name, out var saved))
                throw new InvalidOperationException($"The snapshot has no tensor '{name}'.");
            tensor.copy_(saved);
        }
        foreach (var layer in module.modules().OfType<Layers.MaskedLinear>())
            layer.RefreshMaskValues();
    }

    public void Dispose()
    {
        foreach (var t in _tensors.Values)
            t.Dispose();
        _tensors.Clear();
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Torch.Layers;

/// <summary>
/// The managed buffers of one <see cref="SparseLinearPattern"/>'s training passes, kept from step to step: a training
/// step used to rent and allocate a few MB per projection, and the fresh large-object pages cost about 50,000 page faults
/// per step of a d_model-512 Transformer (measured: the optimizer phase of a 5% step took 3x that of the masked dense
/// step). The feature-major input lives from the forward pass to the backward pass; when a layer is applied again before
/// its backward pass (the buffer is still held), the second pass gets a buffer of its own.
/// </summary>
internal sealed class SparseLinearWorkspace
{
    private float[]? _input;
    private bool _inputHeld;
    private float[]? _output;
    private float[]? _inputGradient;

    /// <summary>Gathered weights, one per link.</summary>
    public float[]? Values;

    /// <summary>Link gradients, one per link.</summary>
    public float[]? LinkGradient;

    private float[]? _pendingLinkGradient;
    private bool _hasPendingLinkGradient;

    /// <summary>
    /// Adds one backward pass's link gradients to those waiting for the optimizer (for a weight updated on its links, whose
    /// dense gradient is never formed); the first pass since <see cref="TakeLinkGradient"/> copies, later ones add.
    /// </summary>
    public void AddPendingLinkGradient(float[] linkGradient)
    {
        if (!_hasPendingLinkGradient)
        {
            if (_pendingLinkGradient is null || _pendingLinkGradient.Length != linkGradient.Length)
                _pendingLinkGradient = new float[linkGradient.Length];
            linkGradient.CopyTo(_pendingLinkGradient, 0);
            _hasPendingLinkGradient = true;
            return;
        }
        for (int k = 0; k < linkGradient.Length; k++)
            _pendingLinkGradient![k] += linkGradient[k];
    }

    /// <summary>The link gradients waiting since the last call (CSR order), or null when no backward pass left any.</summary>
    public float[]? TakeLinkGradient()
    {
        if (!_hasPendingLinkGradient)
            return null;
        _hasPendingLinkGradient = false;
        return _pendingLinkGradient;
    }

    /// <summary>Forgets the waiting link gradients (the optimizer's zero_grad).</summary>
    public void DropLinkGradient() => _hasPendingLinkGradient = false;

    /// <summary>A buffer of at least <paramref name="length"/> floats for a forward input, held until <see cref="ReleaseInput"/>.</summary>
    public float[] HoldInput(int length)
    {
        if (_inputHeld)
            return new float[length];
        _inputHeld = true;
        return Fit(ref _input, length);
    }

    /// <summary>The kept input buffer (the one <see cref="HoldInput"/> hands out when it is free).</summary>
    public float[]? HoldInputPeek => _input;

    /// <summary>Gives back a buffer from <see cref="HoldInput"/>.</summary>
    public void ReleaseInput(float[] buffer)
    {
        if (ReferenceEquals(buffer, _input))
            _inputHeld = false;
    }

    /// <summary>Scratch for forward outputs and backward output gradients (used within one call).</summary>
    public float[] Output(int length) => Fit(ref _output, length);

    /// <summary>Scratch for input gradients (used within one call).</summary>
    public float[] InputGradient(int length) => Fit(ref _inputGradient, length);

    private static float[] Fit(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = GC.AllocateUninitializedArray<float>(length);
        return buffer;
    }
}

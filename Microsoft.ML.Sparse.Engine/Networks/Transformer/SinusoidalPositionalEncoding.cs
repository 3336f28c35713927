// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Networks.Transformer;

/// <summary>
/// Fixed sinusoidal position encodings (Vaswani et al. 2017): PE[p, 2i] = sin(p / 10000^(2i/d)),
/// PE[p, 2i+1] = cos(p / 10000^(2i/d)); added to the input. The table is a non-persistent buffer
/// (rebuilt from the sizes, never serialised) and moves with the module.
/// </summary>
internal sealed class SinusoidalPositionalEncoding : nn.Module<Tensor, Tensor>
{
    // A registered buffer; not readonly because TorchSharp's Module.to(device) writes the moved tensor into the field.
#pragma warning disable IDE0044
    private Tensor pe;
#pragma warning restore IDE0044

    /// <summary>Builds the table for positions 0..maxLength-1 and width <paramref name="modelDim"/>.</summary>
    public SinusoidalPositionalEncoding(string name, long modelDim, long maxLength) : base(name)
    {
        if (modelDim <= 0 || maxLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(modelDim), "Positional encoding needs positive sizes.");
        MaxLength = maxLength;
        var table = new float[maxLength * modelDim];
        for (long p = 0; p < maxLength; p++)
        {
            for (long i = 0; i < modelDim; i += 2)
            {
                double angle = p / Math.Pow(10000.0, (double)i / modelDim);
                table[p * modelDim + i] = (float)Math.Sin(angle);
                if (i + 1 < modelDim)
                    table[p * modelDim + i + 1] = (float)Math.Cos(angle);
            }
        }
        pe = tensor(table, new[] { maxLength, modelDim });
        register_buffer(nameof(pe), pe, persistent: false);
        RegisterComponents();
    }

    /// <summary>Longest sequence the table covers.</summary>
    public long MaxLength { get; }

    /// <summary>The table [maxLength, modelDim].</summary>
    public Tensor Table => pe;

    /// <summary>x [batch, length, modelDim] + PE[0..length).</summary>
    public override Tensor forward(Tensor x)
    {
        long length = x.shape[1];
        if (length > MaxLength)
            throw new ArgumentException($"Sequence length {length} exceeds the positional encoding's maximum {MaxLength}.");
        return x + pe.narrow(0, 0, length).unsqueeze(0);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            pe.Dispose();
        base.Dispose(disposing);
    }
}

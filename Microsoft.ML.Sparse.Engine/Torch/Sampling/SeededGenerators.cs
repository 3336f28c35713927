// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Sampling;

/// <summary>
/// One torch.Generator per device, all seeded from the same seed, so every random draw of the engine is
/// reproducible (bit-for-bit on CPU) and happens on the device of the tensors it serves.
/// </summary>
internal sealed class SeededGenerators : IDisposable
{
    private readonly ulong _seed;
    private readonly Dictionary<(DeviceType, int), Generator> _generators = new();

    public SeededGenerators(long seed) => _seed = unchecked((ulong)seed);

    /// <summary>The generator of <paramref name="device"/>, created on first use.</summary>
    public Generator For(Device device)
    {
        var key = (device.type, device.index < 0 ? 0 : device.index);
        if (!_generators.TryGetValue(key, out var generator))
        {
            generator = new Generator(_seed, device);
            _generators[key] = generator;
        }
        return generator;
    }

    public void Dispose()
    {
        foreach (var g in _generators.Values)
            g.Dispose();
        _generators.Clear();
    }
}

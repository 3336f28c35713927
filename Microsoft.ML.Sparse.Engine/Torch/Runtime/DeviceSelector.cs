// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Torch.Runtime;

/// <summary>Chooses the torch device type for a requested <see cref="SparseDevice"/>.</summary>
internal static class DeviceSelector
{
    /// <summary>
    /// Picks CUDA or CPU. <see cref="SparseDevice.Auto"/> takes CUDA when available, else CPU.
    /// <see cref="SparseDevice.Cuda"/> without CUDA is an error unless <paramref name="allowCpuFallback"/> is set.
    /// </summary>
    public static TorchSharp.DeviceType Select(SparseDevice requested, bool allowCpuFallback, bool cudaAvailable)
    {
        switch (requested)
        {
            case SparseDevice.Cpu:
                return TorchSharp.DeviceType.CPU;
            case SparseDevice.Auto:
                return cudaAvailable ? TorchSharp.DeviceType.CUDA : TorchSharp.DeviceType.CPU;
            case SparseDevice.Cuda:
                if (cudaAvailable)
                    return TorchSharp.DeviceType.CUDA;
                if (allowCpuFallback)
                    return TorchSharp.DeviceType.CPU;
                throw new TorchBackendUnavailableException(
                    "Device 'Cuda' was requested but CUDA is not available: no NVIDIA GPU/driver is visible, or the app references "
                    + "TorchSharp-cpu rather than TorchSharp-cuda-linux/-windows 0.107.0 (in this repository: -p:SparseTorchBackend=cuda). "
                    + "Fix: add the CUDA package on a machine with CUDA, request SparseDevice.Auto or SparseDevice.Cpu, or set "
                    + "AllowCpuFallback = true.");
            default:
                throw new ArgumentOutOfRangeException(nameof(requested), requested, "Unknown device.");
        }
    }
}

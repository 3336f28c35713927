// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Engine.Torch.Runtime;

/// <summary>
/// A cheap look for an NVIDIA GPU driver that loads nothing: the engine choice uses it so that CPU-only machines never
/// load libtorch just to learn that CUDA is absent (TorchSharp also copies its native files next to the app on load).
/// </summary>
internal static class GpuProbe
{
    /// <summary>Whether an NVIDIA driver is visible (Linux: /proc/driver/nvidia or /dev/nvidia0; Windows: nvcuda.dll).</summary>
    public static bool NvidiaDriverPresent()
    {
        if (OperatingSystem.IsLinux())
            return File.Exists("/proc/driver/nvidia/version") || File.Exists("/dev/nvidia0");
        if (OperatingSystem.IsWindows())
            return File.Exists(Path.Combine(Environment.SystemDirectory, "nvcuda.dll"));
        return false;
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;

namespace Microsoft.ML.Sparse.Engine.Torch.Runtime;

/// <summary>
/// The one place that loads TorchSharp's native backend. Every training entry point calls
/// <see cref="EnsureLoaded"/> first so that a broken native install surfaces as one
/// <see cref="TorchBackendUnavailableException"/> instead of a native stack trace.
/// </summary>
internal static class TorchRuntime
{
    private static readonly object Gate = new();
    private static bool _loaded;
    private static TorchBackendUnavailableException? _failure;

    /// <summary>Loads the CPU backend once; throws a clear exception if it cannot.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
                return;
            if (_failure != null)
                throw _failure;
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
                _loaded = true;
            }
            catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or DllNotFoundException
                                           or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
            {
                string? lib = NativeLoadDiagnosis.FindLibStdCxx();
                string text = NativeLoadDiagnosis.CollectText(ex);
                _failure = new TorchBackendUnavailableException(
                    NativeLoadDiagnosis.Explain(text, NativeLoadDiagnosis.HasRequiredGlibcxx(lib), lib), ex);
                throw _failure;
            }
        }
    }

    /// <summary>Whether the native backend loads (the failure is kept for <see cref="EnsureLoaded"/>); never throws.</summary>
    public static bool TryLoad()
    {
        try
        {
            EnsureLoaded();
            return true;
        }
        catch (TorchBackendUnavailableException)
        {
            return false;
        }
    }

    /// <summary>Whether a CUDA device can be used in this process.</summary>
    public static bool IsCudaAvailable()
    {
        EnsureLoaded();
        try
        {
            return torch.cuda.is_available();
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Resolves the requested device to a torch device, loading the backend first.</summary>
    public static torch.Device ResolveDevice(SparseDevice requested, bool allowCpuFallback)
    {
        EnsureLoaded();
        bool cuda = requested != SparseDevice.Cpu && IsCudaAvailable();
        var type = DeviceSelector.Select(requested, allowCpuFallback, cuda);
        if (type == DeviceType.CUDA)
            torch.InitializeDeviceType(DeviceType.CUDA);
        return new torch.Device(type, type == DeviceType.CUDA ? 0 : -1);
    }
}

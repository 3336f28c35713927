// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using TorchSharp;
using static TorchSharp.torch;
using Microsoft.ML.Sparse.Engine.Torch.Runtime;

namespace Microsoft.ML.Sparse.Tests.Engine.Runtime;

[TestClass]
public sealed class TorchRuntimeTests
{
    [TestMethod]
    public void CpuTensorMatmulGivesHandComputedResult()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3, 4 }, new long[] { 2, 2 });
        var b = tensor(new float[] { 5, 6, 7, 8 }, new long[] { 2, 2 });
        var c = a.matmul(b);
        Assert.AreEqual(DeviceType.CPU, c.device_type);
        CollectionAssert.AreEqual(new float[] { 19, 22, 43, 50 }, c.data<float>().ToArray());
    }

    [TestMethod]
    public void AutoChoosesCpuWhenCudaIsAbsent()
    {
        Assert.AreEqual(DeviceType.CPU, DeviceSelector.Select(SparseDevice.Auto, allowCpuFallback: false, cudaAvailable: false));
        Assert.AreEqual(DeviceType.CUDA, DeviceSelector.Select(SparseDevice.Auto, allowCpuFallback: false, cudaAvailable: true));
        Assert.AreEqual(DeviceType.CPU, DeviceSelector.Select(SparseDevice.Cpu, allowCpuFallback: false, cudaAvailable: true));
    }

    [TestMethod]
    public void CudaWithoutFallbackGivesClearErrorWhenAbsent()
    {
        var ex = Assert.ThrowsExactly<TorchBackendUnavailableException>(
            () => DeviceSelector.Select(SparseDevice.Cuda, allowCpuFallback: false, cudaAvailable: false));
        StringAssert.Contains(ex.Message, "CUDA is not available");
        StringAssert.Contains(ex.Message, "AllowCpuFallback");
        Assert.AreEqual(DeviceType.CPU, DeviceSelector.Select(SparseDevice.Cuda, allowCpuFallback: true, cudaAvailable: false));
    }

    [TestMethod]
    public void ResolveDeviceOnThisMachineMatchesCudaAvailability()
    {
        bool cuda = TorchRuntime.IsCudaAvailable();
        var auto = TorchRuntime.ResolveDevice(SparseDevice.Auto, allowCpuFallback: false);
        Assert.AreEqual(cuda ? DeviceType.CUDA : DeviceType.CPU, auto.type);
        if (!cuda)
            Assert.ThrowsExactly<TorchBackendUnavailableException>(() => TorchRuntime.ResolveDevice(SparseDevice.Cuda, allowCpuFallback: false));
    }

    [TestMethod]
    public void MissingGlibcxxIsExplainedWithTheFix()
    {
        const string loader = "Step 1 ...\n    Failed to load 'libLibTorchSharp.so': /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by libLibTorchSharp.so)";
        Assert.AreEqual(NativeLoadDiagnosis.Cause.MissingGlibcxx, NativeLoadDiagnosis.Classify(loader, null));
        string msg = NativeLoadDiagnosis.Explain(loader, false, "/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
        StringAssert.Contains(msg, "GLIBCXX_3.4.32");
        StringAssert.Contains(msg, "build/setup");
        StringAssert.Contains(msg, "/usr/lib/x86_64-linux-gnu/libstdc++.so.6");
    }

    [TestMethod]
    public void MissingNativePackageIsExplainedWithTheFix()
    {
        const string loader = "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.";
        Assert.AreEqual(NativeLoadDiagnosis.Cause.MissingNativePackage, NativeLoadDiagnosis.Classify(loader, true));
        string msg = NativeLoadDiagnosis.Explain(loader, true, null);
        StringAssert.Contains(msg, "TorchSharp-cpu");
        StringAssert.Contains(msg, "SparseTorchBackend=cuda");
    }

    [TestMethod]
    public void LibStdCxxProbeAgreesWithTheLoadedBackend()
    {
        // This test process loaded libtorch (other tests), so on Linux the probe must find the symbol.
        TorchRuntime.EnsureLoaded();
        string? lib = NativeLoadDiagnosis.FindLibStdCxx();
        if (lib is null)
            Assert.Inconclusive("not Linux");
        Assert.IsTrue(NativeLoadDiagnosis.HasRequiredGlibcxx(lib));
    }
}

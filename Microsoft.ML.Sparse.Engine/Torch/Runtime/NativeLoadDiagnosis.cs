// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Microsoft.ML.Sparse.Engine.Torch.Runtime;

/// <summary>Turns a failed libtorch load into one message that names the cause and the fix.</summary>
internal static class NativeLoadDiagnosis
{
    /// <summary>The libstdc++ symbol version that TorchSharp 0.107's libLibTorchSharp.so needs.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly Regex MissingGlibcxx = new(@"version [`'‘]?(GLIBCXX_[0-9.]+)['’]? not found", RegexOptions.Compiled);

    /// <summary>Cause of a native load failure.</summary>
    public enum Cause { MissingGlibcxx, MissingNativePackage, Unknown }

    /// <summary>Classifies the failure from the loader's text and what is known about libstdc++.</summary>
    public static Cause Classify(string loaderText, bool? libstdcxxHasRequired)
    {
        if (MissingGlibcxx.IsMatch(loaderText) || libstdcxxHasRequired == false)
            return Cause.MissingGlibcxx;
        if (loaderText.Contains("is not restored", StringComparison.Ordinal)
            || loaderText.Contains("doesn't contain a reference to", StringComparison.Ordinal)
            || loaderText.Contains("cannot open shared object file", StringComparison.Ordinal)
            || loaderText.Contains("Unable to load shared library", StringComparison.Ordinal))
            return Cause.MissingNativePackage;
        return Cause.Unknown;
    }

    /// <summary>Builds the user-facing message for a failed load.</summary>
    public static string Explain(string loaderText, bool? libstdcxxHasRequired, string? libstdcxxPath)
    {
        var sb = new StringBuilder("TorchSharp's native libtorch backend could not be loaded. ");
        switch (Classify(loaderText, libstdcxxHasRequired))
        {
            case Cause.MissingGlibcxx:
                var m = MissingGlibcxx.Match(loaderText);
                string version = m.Success ? m.Groups[1].Value : RequiredGlibcxx;
                sb.Append($"Cause: the system libstdc++ ({libstdcxxPath ?? "libstdc++.so.6"}) does not provide {version}, ")
                  .Append("which libLibTorchSharp.so needs (libstdc++ from GCC 13.2 or later). ")
                  .Append("Fix: run 'bash build/setup' from the Microsoft.ML.Sparse repository; on Debian 12 it installs libstdc++6 ")
                  .Append("from Debian 13 pinned at priority 100. Ubuntu 24.04+, Debian 13+ and Fedora 39+ already have it.");
                break;
            case Cause.MissingNativePackage:
                sb.Append("Cause: the application references no libtorch package (Microsoft.ML.Sparse does not bring one, so that ")
                  .Append("apps that only score stay small), or it is incomplete. Fix: add one to the app that trains, ")
                  .Append("'dotnet add package TorchSharp-cpu --version 0.107.0' for the CPU or TorchSharp-cuda-linux / ")
                  .Append("TorchSharp-cuda-windows 0.107.0 for CUDA, then restore again (in this repository: ")
                  .Append("-p:SparseTorchBackend=cpu or -p:SparseTorchBackend=cuda). Sparse MLPs on the CPU need none: ")
                  .Append("they train on the managed engine (SparseMlpOptions.Engine = Auto or Managed).");
                break;
            default:
                sb.Append("Cause: unrecognised native loader error (first line: ")
                  .Append(FirstLine(loaderText))
                  .Append("). Fix: check that TorchSharp-cpu 0.107.0 is restored and that the process is 64-bit.");
                break;
        }
        return sb.ToString();
    }

    /// <summary>All messages of an exception chain, which is where TorchSharp puts its loader trace.</summary>
    public static string CollectText(Exception ex)
    {
        var sb = new StringBuilder();
        for (Exception? e = ex; e != null; e = e.InnerException)
            sb.AppendLine(e.Message);
        return sb.ToString();
    }

    /// <summary>Finds libstdc++.so.6 on Linux, or null elsewhere.</summary>
    public static string? FindLibStdCxx()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            return null;
        string[] candidates =
        {
            "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        };
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Whether the given libstdc++ file contains the required symbol version, or null when unknown.</summary>
    public static bool? HasRequiredGlibcxx(string? path)
    {
        if (path is null)
            return null;
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            return bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(RequiredGlibcxx)) >= 0;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string FirstLine(string text)
    {
        foreach (var line in text.Split('\n'))
            if (!string.IsNullOrWhiteSpace(line))
                return line.Trim();
        return "(empty)";
    }
}

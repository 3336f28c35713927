// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Model persistence compiles against ML.NET 6.0 internals, which change between ML.NET releases. Every entry point
/// that relies on them (creating or loading a sparse transformer) calls <see cref="EnsureSupported"/> first so that a
/// different ML.NET fails with a clear <see cref="NotSupportedException"/> instead of a MissingMethodException.
/// </summary>
internal static class MlNetVersionGuard
{
    /// <summary>The supported Microsoft.ML package versions (NuGet range notation).</summary>
    public const string SupportedRange = "[6.0.0, 6.1)";

    private static readonly Lazy<string> LoadedVersion = new(() =>
    {
        var assembly = typeof(RowToRowTransformerBase).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version ?? "unknown";
    });

    /// <summary>The product version of the Microsoft.ML assemblies loaded in this process (e.g. "6.0.0").</summary>
    public static string LoadedMlNetVersion => StripBuildMetadata(LoadedVersion.Value);

    /// <summary>Throws <see cref="NotSupportedException"/> unless the loaded ML.NET is within <see cref="SupportedRange"/>.</summary>
    public static void EnsureSupported() => Check(LoadedMlNetVersion);

    /// <summary>Throws <see cref="NotSupportedException"/> unless <paramref name="version"/> is within <see cref="SupportedRange"/>.</summary>
    public static void Check(string version)
    {
        if (IsSupported(version))
            return;
        throw new NotSupportedException(
            $"Microsoft.ML.Sparse saves and loads models through ML.NET internals and supports Microsoft.ML {SupportedRange} (6.0.x) only, " +
            $"but this process loaded Microsoft.ML {version}. Reference Microsoft.ML 6.0.x (6.0.0 or a later 6.0 patch); for ML.NET 5.0.x use a " +
            "Microsoft.ML.Sparse version from before the move to ML.NET 6.0, which supports [5.0.1, 5.1).");
    }

    /// <summary>Whether <paramref name="version"/> ("major.minor.patch[-pre][+meta]") is within <see cref="SupportedRange"/>.</summary>
    public static bool IsSupported(string version)
    {
        string core = StripBuildMetadata(version);
        bool prerelease = core.Contains('-');
        if (prerelease)
            core = core[..core.IndexOf('-')];
        if (!Version.TryParse(core, out var parsed))
            return false;
        int patch = Math.Max(parsed.Build, 0);
        // 6.0.0 <= v < 6.1: a 6.0.0 pre-release is below 6.0.0 in NuGet ordering, and a 6.1 pre-release is below 6.1 but
        // already has the 6.1 internals.
        return parsed.Major == 6 && parsed.Minor == 0 && (patch > 0 || !prerelease);
    }

    private static string StripBuildMetadata(string version)
    {
        int plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }
}

using System.Reflection;
using Microsoft.ML.Data;

namespace Microsoft.ML.Sparse.Persistence;

/// <summary>
/// Model persistence compiles against ML.NET 5.0 internals, which change between ML.NET releases. Every entry point
/// that relies on them (creating or loading a sparse transformer) calls <see cref="EnsureSupported"/> first so that a
/// different ML.NET fails with a clear <see cref="NotSupportedException"/> instead of a MissingMethodException.
/// </summary>
internal static class MlNetVersionGuard
{
    /// <summary>The supported Microsoft.ML package versions (NuGet range notation).</summary>
    public const string SupportedRange = "[5.0.1, 5.1)";

    private static readonly Lazy<string> LoadedVersion = new(() =>
    {
        var assembly = typeof(RowToRowTransformerBase).Assembly;
        string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly.GetCustomAttribute<AssemblyFileVersionAttribute>()?.Version ?? "unknown";
    });

    /// <summary>The product version of the Microsoft.ML assemblies loaded in this process (e.g. "5.0.1").</summary>
    public static string LoadedMlNetVersion => StripBuildMetadata(LoadedVersion.Value);

    /// <summary>Throws <see cref="NotSupportedException"/> unless the loaded ML.NET is within <see cref="SupportedRange"/>.</summary>
    public static void EnsureSupported() => Check(LoadedMlNetVersion);

    /// <summary>Throws <see cref="NotSupportedException"/> unless <paramref name="version"/> is within <see cref="SupportedRange"/>.</summary>
    public static void Check(string version)
    {
        if (IsSupported(version))
            return;
        throw new NotSupportedException(
            $"Microsoft.ML.Sparse saves and loads models through ML.NET internals and supports Microsoft.ML {SupportedRange} (5.0.x from 5.0.1) only, " +
            $"but this process loaded Microsoft.ML {version}. Reference Microsoft.ML 5.0.x, or use a Microsoft.ML.Sparse release built for your ML.NET version.");
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
        // 5.0.1 <= v < 5.1 (a 5.1 pre-release is below 5.1 in NuGet ordering but already has the 5.1 internals).
        return parsed.Major == 5 && parsed.Minor == 0 && (patch > 1 || patch == 1 && !prerelease);
    }

    private static string StripBuildMetadata(string version)
    {
        int plus = version.IndexOf('+');
        return plus >= 0 ? version[..plus] : version;
    }
}

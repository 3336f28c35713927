// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Tests.Lanes;

/// <summary>
/// Test categories. `bash build/test` (and CI) runs everything; the fast lane, under 2 minutes, is
/// <c>bash build/test --filter "TestCategory!=Slow&amp;TestCategory!=Dataset&amp;TestCategory!=Process"</c>.
/// </summary>
public static class TestLanes
{
    /// <summary>Tests that take more than a few seconds (training to an accuracy floor, benchmarks of behaviour).</summary>
    public const string Slow = "Slow";

    /// <summary>
    /// Tests that read the real datasets build/setup installs (inconclusive when one is missing). Set on the test method
    /// (on the class only when all its tests read a dataset), so a synthetic test beside them stays in the fast lane.
    /// </summary>
    public const string Dataset = "Dataset";

    /// <summary>Tests that start child processes, build apps or run HTTP servers.</summary>
    public const string Process = "Process";
}

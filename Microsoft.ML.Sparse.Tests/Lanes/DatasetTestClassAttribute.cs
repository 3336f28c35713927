// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Tests.Lanes;

/// <summary>
/// <see cref="TestClassAttribute"/> for classes whose tests read the real datasets that build/setup installs: a test that
/// fails only because a dataset is missing is reported as inconclusive with the command that installs it, not as a
/// failure. The tests of such a class that read a dataset carry <c>[TestCategory(TestLanes.Dataset)]</c> (on the method,
/// or on the class when every test of it reads one), so its synthetic tests stay in the fast lane.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class DatasetTestClassAttribute : TestClassAttribute
{
    /// <inheritdoc/>
    public override TestMethodAttribute? GetTestMethodAttribute(TestMethodAttribute? testMethodAttribute) =>
        testMethodAttribute is null ? null : new MissingDatasetIsInconclusive(testMethodAttribute);

    // The wrapped attribute's own file and line are passed on, which is what MSTEST0057 asks for.
#pragma warning disable MSTEST0057
    private sealed class MissingDatasetIsInconclusive(TestMethodAttribute inner)
        : TestMethodAttribute(inner.DeclaringFilePath, inner.DeclaringLineNumber ?? -1)
#pragma warning restore MSTEST0057
    {
        public override async Task<TestResult[]> ExecuteAsync(ITestMethod testMethod)
        {
            var results = await inner.ExecuteAsync(testMethod);
            foreach (var result in results)
            {
                if (result.Outcome != UnitTestOutcome.Failed || MissingDataset(result.TestFailureException) is not { } missing)
                    continue;
                result.Outcome = UnitTestOutcome.Inconclusive;
                result.TestFailureException = new AssertInconclusiveException(
                    $"Dataset missing ({missing.Message}). Install every dataset with: bash build/setup");
            }
            return results;
        }

        private static IOException? MissingDataset(Exception? failure)
        {
            for (var e = failure; e is not null; e = e.InnerException)
                if (e is FileNotFoundException or DirectoryNotFoundException && e.Message.Contains("build/setup", StringComparison.Ordinal))
                    return (IOException)e;
            return null;
        }
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Persistence;

namespace Microsoft.ML.Sparse.Tests.Persistence;

[TestClass]
public sealed class VersionGuardTests
{
    [TestMethod]
    [DataRow("6.0.0", true)]
    [DataRow("6.0.0+6eff5ccedce81728c927bfa0155284aadd38531d", true)]
    [DataRow("6.0.3", true)]
    [DataRow("6.0.3-servicing.1", true)]
    [DataRow("6.0.0-preview.1", false)]
    [DataRow("6.0.0-rc.1.25451.107", false)]
    [DataRow("6.1.0", false)]
    [DataRow("6.1.0-preview.1", false)]
    [DataRow("7.0.0", false)]
    [DataRow("5.0.1", false)]
    [DataRow("5.0.7", false)]
    [DataRow("5.1.0", false)]
    [DataRow("4.0.2", false)]
    [DataRow("6", false)]
    [DataRow("unknown", false)]
    public void SupportedRangeIs600To61(string version, bool supported) => Assert.AreEqual(supported, MlNetVersionGuard.IsSupported(version));

    [TestMethod]
    public void OtherVersionsFailWithTheSupportedRange()
    {
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => MlNetVersionGuard.Check("6.1.0"));
        StringAssert.Contains(ex.Message, "[6.0.0, 6.1)");
        StringAssert.Contains(ex.Message, "loaded Microsoft.ML 6.1.0");
        StringAssert.Contains(ex.Message, "Reference Microsoft.ML 6.0.x");
    }

    [TestMethod]
    public void MlNet50UsersArePointedToThePreviousLibrary()
    {
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => MlNetVersionGuard.Check("5.0.1"));
        StringAssert.Contains(ex.Message, "loaded Microsoft.ML 5.0.1");
        StringAssert.Contains(ex.Message, "for ML.NET 5.0.x use a Microsoft.ML.Sparse version from before the move to ML.NET 6.0");
    }

    [TestMethod]
    public void ThisProcessRunsTheSupportedVersion()
    {
        Assert.AreEqual("6.0.0", MlNetVersionGuard.LoadedMlNetVersion);
        MlNetVersionGuard.EnsureSupported();
    }
}

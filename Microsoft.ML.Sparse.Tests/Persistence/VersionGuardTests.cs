using Microsoft.ML.Sparse.Persistence;

namespace Microsoft.ML.Sparse.Tests.Persistence;

[TestClass]
public sealed class VersionGuardTests
{
    [TestMethod]
    [DataRow("5.0.1", true)]
    [DataRow("5.0.1+a4f730ec0c9106c2c9ef9e1fa34011374115fb98", true)]
    [DataRow("5.0.7", true)]
    [DataRow("5.0.0", false)]
    [DataRow("5.0.1-preview.1", false)]
    [DataRow("5.1.0", false)]
    [DataRow("5.1.0-preview.25", false)]
    [DataRow("4.0.2", false)]
    [DataRow("6.0.0", false)]
    [DataRow("unknown", false)]
    public void SupportedRangeIs501To51(string version, bool supported) => Assert.AreEqual(supported, MlNetVersionGuard.IsSupported(version));

    [TestMethod]
    public void OtherVersionsFailWithTheSupportedRange()
    {
        var ex = Assert.ThrowsExactly<NotSupportedException>(() => MlNetVersionGuard.Check("5.1.0"));
        StringAssert.Contains(ex.Message, "[5.0.1, 5.1)");
        StringAssert.Contains(ex.Message, "loaded Microsoft.ML 5.1.0");
    }

    [TestMethod]
    public void ThisProcessRunsTheSupportedVersion()
    {
        Assert.AreEqual("5.0.1", MlNetVersionGuard.LoadedMlNetVersion);
        MlNetVersionGuard.EnsureSupported();
    }
}

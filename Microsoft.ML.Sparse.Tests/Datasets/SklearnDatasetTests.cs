// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse.Samples.Datasets;

namespace Microsoft.ML.Sparse.Tests.Datasets;

[DatasetTestClass]
public sealed class SklearnDatasetTests
{
    [TestMethod]
    [TestCategory(TestLanes.Dataset)]
    public void RealDigitsHave1797RowsOf64Features()
    {
        var digits = SklearnDatasets.Digits();
        Assert.AreEqual(1797, digits.Count);
        Assert.AreEqual(64, digits.FeatureCount);
        Assert.AreEqual(10, digits.ClassCount);
        Assert.AreEqual(0, digits.Labels[0]);
        CollectionAssert.AreEqual(new[] { 0f, 0f, 5f, 13f, 9f, 1f, 0f, 0f }, digits.Features[0][..8]);
        Assert.AreEqual(16f, digits.Features.Max(r => r.Max()));
        Assert.AreEqual(10, SklearnDatasets.Digits(maxRows: 10).Count);
        Assert.AreEqual(10, digits.Labels.Distinct().Count());
    }

    [TestMethod]
    public void SizeLineIsReadAsCountsAndClassNamesNotAsAHeader()
    {
        string dir = Directory.CreateTempSubdirectory("sklearn-tests").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "iris.csv"), "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n");
            var iris = SklearnDatasets.Iris(dir);
            Assert.AreEqual(3, iris.Count);
            Assert.AreEqual(4, iris.FeatureCount);
            CollectionAssert.AreEqual(new[] { "setosa", "versicolor", "virginica" }, iris.ClassNames.ToArray());
            CollectionAssert.AreEqual(new[] { 0, 1, 2 }, iris.Labels);
            CollectionAssert.AreEqual(new[] { 7.0f, 3.2f, 4.7f, 1.4f }, iris.Features[1]);

            File.WriteAllText(Path.Combine(dir, "breast_cancer.csv"), "2,2,malignant,benign\n17.99,10.38,0\n13.54,14.36,1\n");
            var cancer = SklearnDatasets.BreastCancer(dir);
            CollectionAssert.AreEqual(new[] { "malignant", "benign" }, cancer.ClassNames.ToArray());
            CollectionAssert.AreEqual(new[] { 0, 1 }, cancer.Labels);

            File.WriteAllText(Path.Combine(dir, "wine_data.csv"), "2,2,class_0,class_1,class_2\n1,2,0\n");
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SklearnDatasets.Wine(dir)).Message, "declares 2 rows but has 1");
            File.WriteAllText(Path.Combine(dir, "wine_data.csv"), "1,2,class_0,class_1,class_2\n1,2,3\n");
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SklearnDatasets.Wine(dir)).Message, "label '3' is not a class index in [0, 3)");
            File.WriteAllText(Path.Combine(dir, "wine_data.csv"), "1,2,class_0,class_1,class_2\n1,x,0\n");
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SklearnDatasets.Wine(dir)).Message, "Line 2 of");
            File.WriteAllText(Path.Combine(dir, "wine_data.csv"), "sepal,petal,label\n1,2,0\n");
            StringAssert.Contains(Assert.ThrowsExactly<InvalidDataException>(() => SklearnDatasets.Wine(dir)).Message, "must start with 'n_samples,n_features,class names...'");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

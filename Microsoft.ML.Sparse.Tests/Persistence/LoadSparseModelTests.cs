// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using Microsoft.ML.Data;
using Microsoft.ML.Sparse.Scoring;
using Microsoft.ML.Sparse.Tests.Inference;
using Microsoft.ML.Sparse.Trainers;

namespace Microsoft.ML.Sparse.Tests.Persistence;

/// <summary>
/// <c>mlContext.Model.LoadSparseModel</c> reports every damaged file as one <see cref="InvalidDataException"/> (truncated,
/// bit-flipped, a network that takes another number of features than the saved schema), while plain
/// <c>mlContext.Model.Load</c> needs the catch pattern the README shows, which these tests run too.
/// </summary>
[TestClass]
public sealed class LoadSparseModelTests
{
    private sealed class Row
    {
        [VectorType(20)]
        public float[] Features { get; set; } = new float[20];
    }

    private sealed class NarrowRow
    {
        [VectorType(11)]
        public float[] Features { get; set; } = new float[11];
    }

    private sealed class Prediction
    {
        public float[] Score { get; set; } = [];
    }

    private static readonly float[] Features = Enumerable.Range(0, 20).Select(i => MathF.Cos(i)).ToArray();

    private static byte[] SavedModel(out float[] expectedScore)
    {
        var ml = new MLContext(1);
        var model = SparseMlpInferenceModelTests.RandomModel(3, [20, 120, 60, 4], 0.05);
        var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(model), "Features", ["a", "b", "c", "d"]);
        expectedScore = ml.Model.CreatePredictionEngine<Row, Prediction>(transformer).Predict(new Row { Features = Features }).Score;
        return ZipRoundTrip.Save(ml, transformer, ml.Data.LoadFromEnumerable(new[] { new Row() }).Schema);
    }

    private static ITransformer LoadSparse(byte[] zip)
    {
        using var stream = new MemoryStream(zip);
        return new MLContext(1).Model.LoadSparseModel(stream, out _);
    }

    /// <summary>The README's catch pattern around plain <c>mlContext.Model.Load</c>; returns the reason, or null when the model loaded.</summary>
    private static string? LoadWithReadmePattern(byte[] zip)
    {
        var mlContext = new MLContext(1);
        using var stream = new MemoryStream(zip);
        try
        {
            mlContext.Model.Load(stream, out _);
            return null;
        }
        catch (TargetInvocationException ex) when (ex.InnerException is InvalidDataException corrupt)
        {
            return corrupt.Message;                          // this library's entries: checksum, sizes, values
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException or IOException)
        {
            return ex.Message;                               // the zip container and ML.NET's own entries
        }
    }

    [TestMethod]
    public void AnIntactModelLoadsFromAFileAndAStreamAndScoresTheSame()
    {
        var zip = SavedModel(out var expected);
        string path = Path.Combine(Path.GetTempPath(), $"load-sparse-{Guid.NewGuid():N}.zip");
        File.WriteAllBytes(path, zip);
        try
        {
            var ml = new MLContext(1);
            foreach (var model in new[] { ml.Model.LoadSparseModel(path, out var schema), LoadSparse(zip) })
            {
                Assert.AreEqual(new VectorDataViewType(NumberDataViewType.Single, 20), schema["Features"].Type);
                var score = ml.Model.CreatePredictionEngine<Row, Prediction>(model).Predict(new Row { Features = Features }).Score;
                CollectionAssert.AreEqual(expected, score);
            }
        }
        finally
        {
            File.Delete(path);
        }
        Assert.ThrowsExactly<FileNotFoundException>(() => new MLContext().Model.LoadSparseModel(path, out _));
    }

    [TestMethod]
    public void EveryTruncationIsAnInvalidDataExceptionNamingTheFile()
    {
        var zip = SavedModel(out _);
        string path = Path.Combine(Path.GetTempPath(), $"load-sparse-cut-{Guid.NewGuid():N}.zip");
        try
        {
            for (int length = 0; length < zip.Length; length += Math.Max(1, zip.Length / 97))
            {
                File.WriteAllBytes(path, zip[..length]);
                var ex = Assert.ThrowsExactly<InvalidDataException>(() => new MLContext().Model.LoadSparseModel(path, out _), $"cut at {length} of {zip.Length}");
                StringAssert.Contains(ex.Message, path);
                Assert.IsNotNull(LoadWithReadmePattern(zip[..length]), $"cut at {length}: the README pattern catches it");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void FlippedBitsAreAnInvalidDataExceptionOrAModelThatScoresTheSame()
    {
        var zip = SavedModel(out var expected);
        var random = new Random(26);
        int failures = 0;
        for (int i = 0; i < 300; i++)
        {
            var copy = (byte[])zip.Clone();
            for (int k = random.Next(1, 4); k > 0; k--)
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
            ITransformer model;
            try
            {
                model = LoadSparse(copy);
            }
            catch (Exception ex)
            {
                Assert.IsInstanceOfType<InvalidDataException>(ex, $"case {i}: {ex}");
                Assert.IsNotNull(LoadWithReadmePattern(copy), $"case {i}: the README pattern catches {ex.InnerException?.GetType().Name ?? "it"}");
                failures++;
                continue;
            }
            // A flip the zip format does not protect (a file comment, a timestamp) leaves a model that scores exactly as before.
            var score = new MLContext().Model.CreatePredictionEngine<Row, Prediction>(model).Predict(new Row { Features = Features }).Score;
            CollectionAssert.AreEqual(expected, score, $"case {i}");
        }
        Assert.IsGreaterThan(200, failures, "most flips must be detected");
    }

    [TestMethod]
    public void DamageInsideTheNetworkIsTheLibrarysOwnExceptionUnwrapped()
    {
        var zip = ZipEntries.Edit(SavedModel(out _), "Scorer.bin", bytes => { bytes[bytes.Length / 2] ^= 0x40; return bytes; });
        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LoadSparse(zip));
        StringAssert.Contains(ex.Message, "The sparse MLP model data is corrupt or truncated: checksum mismatch");
        StringAssert.Contains(LoadWithReadmePattern(zip), "checksum mismatch");
    }

    [TestMethod]
    public void ANetworkThatTakesAnotherNumberOfFeaturesThanTheSavedSchemaIsInconsistent()
    {
        // The network takes 20 features, the schema saved with it says 11: plain Load succeeds and every prediction fails.
        var ml = new MLContext(1);
        var model = SparseMlpInferenceModelTests.RandomModel(3, [20, 30, 3], 0.2);
        var transformer = SparsePredictionTransformerFactory.CreateMulticlass(ml, new MlpScorer(model), "Features", ["a", "b", "c"]);
        var zip = ZipRoundTrip.Save(ml, transformer, ml.Data.LoadFromEnumerable(new[] { new NarrowRow() }).Schema);
        var loaded = ZipRoundTrip.Load(zip, out _);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ml.Model.CreatePredictionEngine<NarrowRow, Prediction>(loaded));

        var ex = Assert.ThrowsExactly<InvalidDataException>(() => LoadSparse(zip));
        StringAssert.Contains(ex.Message, "is inconsistent");
        StringAssert.Contains(ex.Message, "Column 'Features' has type Vector<Single, 11>, but the model was trained on Vector<Single, 20>");
    }
}

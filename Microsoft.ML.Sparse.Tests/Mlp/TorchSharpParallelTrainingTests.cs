// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using static Microsoft.ML.Sparse.Tests.Mlp.SparseMlpTestKit;

namespace Microsoft.ML.Sparse.Tests.Mlp;

/// <summary>
/// TorchSharp-engine trainings started in parallel in one process (two MLContexts, fixed seeds) give exactly the
/// sequential results: libtorch's random generator is process-wide, so they take turns (TorchTrainingGate) and say so.
/// </summary>
[DatasetTestClass]
[TestCategory(TestLanes.Dataset)]
public sealed class TorchSharpParallelTrainingTests
{
    [TestMethod]
    public void ParallelTorchSharpTrainingsGiveTheSequentialResults()
    {
        var (train, test) = DigitsSplit(new MLContext(seed: 1));
        var waits = 0;
        float[][] Run(int seed)
        {
            var ml = new MLContext(seed: 3);
            ml.Log += (_, e) => { if (e.Message.Contains("waiting for another TorchSharp training", StringComparison.Ordinal)) Interlocked.Increment(ref waits); };
            var options = FastOptions(SparseTrainingMethod.Set, epochs: 2, seed: seed);
            options.Engine = SparseTrainingEngine.TorchSharp;
            options.Dropout = 0.1;   // dropout draws from libtorch's global generator on every step
            options.NumberOfThreads = 1;
            return Scores(ml.MulticlassClassification.Trainers.SparseMlp(options).Fit(train).Transform(test));
        }
        var sequential = new[] { Run(4), Run(5) };
        Assert.AreEqual(0, waits);
        var parallel = new float[2][][];
        Parallel.For(0, 2, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i => parallel[i] = Run(4 + i));
        for (int m = 0; m < 2; m++)
            for (int r = 0; r < sequential[m].Length; r++)
                CollectionAssert.AreEqual(sequential[m][r], parallel[m][r], $"model {m}, row {r}");
        CollectionAssert.AreNotEqual(sequential[0][0], sequential[1][0], "different seeds give different models");
    }
}

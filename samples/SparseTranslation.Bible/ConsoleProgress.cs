// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Sparse;

/// <summary>Prints one line per epoch: training and validation loss, density, elapsed time.</summary>
internal sealed class ConsoleProgress(SparseTrainingMethod method) : IProgress<SparseTrainingProgress>
{
    public void Report(SparseTrainingProgress value)
    {
        if (value.Kind == TrainingProgressKind.Epoch)
            Console.WriteLine($"  {method} epoch {value.Epoch}/{value.TotalEpochs}: loss {value.TrainingLoss:F3}, validation loss {value.ValidationLoss:F3} " +
                              $"(token accuracy {value.ValidationAccuracy:P1}), density {value.Density:P1}, {value.Elapsed.TotalSeconds:F0} s");
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.SpamAssassin;

/// <summary>Prints one line per epoch (progress is reported on the training thread).</summary>
internal sealed class ConsoleProgress(string name) : IProgress<SparseTrainingProgress>
{
    public void Report(SparseTrainingProgress value)
    {
        if (value.Kind == TrainingProgressKind.Epoch)
            Console.WriteLine($"  {name}: epoch {value.Epoch}/{value.TotalEpochs}, loss {value.TrainingLoss:F4}, density {value.Density:P0}, {value.Elapsed.TotalSeconds:F0} s");
    }
}

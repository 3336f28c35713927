// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using Microsoft.ML.Runtime;

namespace Microsoft.ML.Sparse;

/// <summary>
/// Base of every sparse trainer (the MLP, text-classifier and translation trainers): validates and copies the options
/// when created, keeps no state after <see cref="Fit"/> (what a run did travels on the returned transformer's
/// <c>TrainingSummary</c>), and checks the input schema in <see cref="GetOutputSchema"/>.
/// </summary>
/// <typeparam name="TOptions">The trainer's options.</typeparam>
/// <typeparam name="TTransformer">The transformer <see cref="Fit"/> returns.</typeparam>
public abstract class SparseTrainerBase<TOptions, TTransformer> : IEstimator<TTransformer>
    where TOptions : SparseTrainerOptionsBase
    where TTransformer : class, ITransformer
{
    private protected SparseTrainerBase(IHostEnvironment env, TOptions options, string name)
    {
        Environment = env ?? throw new ArgumentNullException(nameof(env));
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = (TOptions)options.Copy();
        Name = name;
    }

    /// <summary>The options this trainer was created with (a copy; changing it after creation has no effect on this trainer).</summary>
    public TOptions Options { get; }

    private protected IHostEnvironment Environment { get; }

    /// <summary>The trainer's name on ML.NET's log channel.</summary>
    private protected string Name { get; }

    /// <summary>
    /// Trains on <paramref name="input"/> and returns the fitted transformer, which carries the run's
    /// <see cref="SparseTrainingSummary"/>. The data is read into memory and checked first (column types, rows,
    /// finite values, known labels); the exceptions are listed on each trainer's class documentation.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    /// <exception cref="InvalidOperationException">The data is empty or invalid, or training diverged.</exception>
    /// <exception cref="OperationCanceledException">The options' cancellation token was signalled.</exception>
    /// <exception cref="TorchBackendUnavailableException">The trainer needs the TorchSharp native backend (or the requested CUDA device) and it is unavailable.</exception>
    public TTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FitCore(input);
    }

    /// <summary>The input schema plus the columns the transformer adds; throws when an input column is missing or has the wrong type.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A column is missing or has the wrong type.</exception>
    public abstract SchemaShape GetOutputSchema(SchemaShape inputSchema);

    /// <summary>Trains; <paramref name="input"/> is not null.</summary>
    private protected abstract TTransformer FitCore(IDataView input);
}

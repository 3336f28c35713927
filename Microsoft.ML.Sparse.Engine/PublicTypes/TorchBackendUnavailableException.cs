// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse;

/// <summary>
/// Thrown when TorchSharp's native libtorch backend cannot be loaded, or a requested device is not available.
/// The message names the cause and the fix.
/// </summary>
public sealed class TorchBackendUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The cause and how to fix it.</param>
    /// <param name="innerException">The native loader's original exception, if any.</param>
    public TorchBackendUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using System.Runtime.ExceptionServices;

namespace Microsoft.ML;

/// <summary>
/// Loading a saved model with errors a caller can catch: <c>mlContext.Model.LoadSparseModel(path, out schema)</c> is
/// <c>mlContext.Model.Load</c> that reports every damaged, truncated or inconsistent file as one
/// <see cref="InvalidDataException"/>. Plain <c>Load</c> calls this library's loaders by reflection, so their
/// <see cref="InvalidDataException"/> reaches the caller wrapped in a <see cref="TargetInvocationException"/>, and a
/// damaged zip container or ML.NET's own entries fail with <see cref="FormatException"/>, <see cref="InvalidOperationException"/>
/// or <see cref="FileLoadException"/>.
/// </summary>
public static class SparseModelCatalog
{
    /// <summary>
    /// Loads a model saved with <c>mlContext.Model.Save</c> (any pipeline, with or without sparse transformers) and
    /// checks that it accepts the input schema saved with it.
    /// </summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="filePath">The model zip.</param>
    /// <param name="inputSchema">The input schema saved with the model (null when it was saved without one).</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="InvalidDataException">The file is damaged or truncated, is not a model zip, names a component
    /// this app cannot load, or holds a pipeline that does not accept its own saved input schema (for example a network
    /// whose first layer takes another number of features). The message names the file and the reason.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist (other I/O errors of opening it are thrown as they are).</exception>
    /// <exception cref="NotSupportedException">The model needs a Microsoft.ML version this library does not support.</exception>
    public static ITransformer LoadSparseModel(this ModelOperationsCatalog catalog, string filePath, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        using var stream = File.OpenRead(filePath);
        return Load(catalog, stream, $"The model file '{filePath}'", out inputSchema);
    }

    /// <summary>
    /// Loads a model saved with <c>mlContext.Model.Save</c> from a stream; see
    /// <see cref="LoadSparseModel(ModelOperationsCatalog, string, out DataViewSchema)"/>.
    /// </summary>
    /// <param name="catalog">The model operations of an <see cref="MLContext"/> (<c>mlContext.Model</c>).</param>
    /// <param name="stream">A readable, seekable stream holding the model zip.</param>
    /// <param name="inputSchema">The input schema saved with the model (null when it was saved without one).</param>
    /// <returns>The loaded model.</returns>
    /// <exception cref="InvalidDataException">The stream is damaged or truncated, is not a model zip, names a component
    /// this app cannot load, or holds a pipeline that does not accept its own saved input schema.</exception>
    /// <exception cref="NotSupportedException">The model needs a Microsoft.ML version this library does not support.</exception>
    public static ITransformer LoadSparseModel(this ModelOperationsCatalog catalog, Stream stream, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(stream);
        return Load(catalog, stream, "The model", out inputSchema);
    }

    private static ITransformer Load(ModelOperationsCatalog catalog, Stream stream, string what, out DataViewSchema inputSchema)
    {
        ITransformer model;
        try
        {
            model = catalog.Load(stream, out inputSchema);
        }
        catch (Exception ex)
        {
            var cause = ex;
            while (cause is TargetInvocationException { InnerException: { } inner })
                cause = inner;
            if (cause is InvalidDataException)
                ExceptionDispatchInfo.Throw(cause);
            if (IsDecodingFailure(cause))
                throw new InvalidDataException(
                    $"{what} did not load ({cause.Message.TrimEnd('.')}). The file is damaged or truncated, is not a model saved by mlContext.Model.Save, " +
                    "or needs a component this app does not reference; save the model again or add the package that trained it.", cause);
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
        if (inputSchema is not null)
        {
            try
            {
                model.GetOutputSchema(inputSchema);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
            {
                throw new InvalidDataException(
                    $"{what} is inconsistent: its pipeline does not accept the input schema saved with it ({ex.Message}). " +
                    "The file is damaged; save the model again.", ex);
            }
        }
        return model;
    }

    // What ML.NET and the zip reader throw for bytes they cannot decode (the file is already open, so I/O errors of the
    // file itself do not arrive here; FileLoadException and FileNotFoundException name a loader assembly from the file).
    private static bool IsDecodingFailure(Exception ex) => ex is FormatException or EndOfStreamException or InvalidOperationException
        or ArgumentException or OverflowException or IndexOutOfRangeException or InvalidCastException or KeyNotFoundException
        or FileLoadException or FileNotFoundException or BadImageFormatException;
}

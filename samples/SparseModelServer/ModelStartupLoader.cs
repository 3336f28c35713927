// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

namespace Microsoft.ML.Sparse.Samples.ModelServer;

/// <summary>
/// With <see cref="ServerOptions.LoadModelInBackground"/>: loads the model after the server has started, retrying every
/// <see cref="ServerOptions.ModelRetryInterval"/> until one load succeeds (by this loop or by POST /admin/reload), then
/// stops. Each failure is logged once as a warning with its reason; readiness reports it meanwhile.
/// </summary>
public sealed class ModelStartupLoader(ModelSlot slot, ServerOptions options, ILogger<ModelStartupLoader> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested && slot.Live is null)
        {
            try
            {
                var loaded = slot.EnsureLoaded();
                logger.LogWarning("Model '{Path}' loaded as version {Version} ({Shape}); the server is ready", slot.ModelPath, loaded.Version, loaded.Host.Shape);
                return;
            }
            catch (ModelLoadException ex)
            {
                logger.LogWarning("Model not loaded yet, retrying in {Interval}: {Reason}", options.ModelRetryInterval, ex.Message);
            }
            try
            {
                await Task.Delay(options.ModelRetryInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

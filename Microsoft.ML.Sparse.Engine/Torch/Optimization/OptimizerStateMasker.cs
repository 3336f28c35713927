// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Microsoft.ML.Sparse.Engine.Torch.Optimization;

/// <summary>
/// Zeroes the optimizer state of masked weights so that pruned entries carry no momentum into a later regrowth
/// (reference: <c>reset_momentum</c> / <c>_wrap_optimizer_step</c>).
/// <para>
/// How the state is reached: TorchSharp's managed optimizers (<see cref="OptimizerHelper"/>: SGD, Adam, AdamW, …)
/// return their live per-parameter state objects from <c>state_dict()</c>, in the order of <c>parameters()</c>.
/// The state classes keep their buffers in public fields (<c>SGD.State.momentum_buffer</c>,
/// <c>Adam.State.exp_avg</c>/<c>exp_avg_sq</c>/<c>max_exp_avg_sq</c>, <c>AdamW.State</c> likewise). Every public
/// Tensor field whose shape equals the parameter's is multiplied by the mask in place. Fields are re-read on each
/// call because some optimizers create or replace buffers lazily (SGD's momentum buffer appears at the first step).
/// </para>
/// </summary>
internal sealed class OptimizerStateMasker
{
    private static readonly Dictionary<Type, FieldInfo[]> TensorFieldsByType = new();
    private readonly Dictionary<IntPtr, object> _stateByParameter = new();

    public OptimizerStateMasker(optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper managed)
            throw new NotSupportedException(
                $"Optimizer {optimizer.GetType().Name} keeps its state in native code, which cannot be masked; use SparseOptimizers.CreateSgd/CreateAdam or another TorchSharp managed optimizer (SGD, Adam, AdamW, ...).");
        var parameters = managed.parameters().ToList();
        var states = managed.state_dict().State;
        if (parameters.Count != states.Count)
            throw new NotSupportedException($"Optimizer {optimizer.GetType().Name} has {states.Count} state entries for {parameters.Count} parameters.");
        for (int i = 0; i < parameters.Count; i++)
            _stateByParameter[parameters[i].Handle] = states[i];
    }

    /// <summary>Multiplies every state buffer of <paramref name="parameter"/> that has its shape by <paramref name="mask"/>.</summary>
    public void Mask(Parameter parameter, Tensor mask)
    {
        if (!_stateByParameter.TryGetValue(parameter.Handle, out var state))
            return;
        using var noGrad = no_grad();
        foreach (var field in TensorFields(state.GetType()))
        {
            if (field.GetValue(state) is Tensor buffer && !buffer.IsInvalid && buffer.shape.SequenceEqual(mask.shape))
                buffer.mul_(mask);
        }
    }

    /// <summary>The state buffers of <paramref name="parameter"/> shaped like it (for tests and diagnostics).</summary>
    public IReadOnlyList<(string Name, Tensor Buffer)> Buffers(Parameter parameter)
    {
        if (!_stateByParameter.TryGetValue(parameter.Handle, out var state))
            return Array.Empty<(string, Tensor)>();
        var result = new List<(string, Tensor)>();
        foreach (var field in TensorFields(state.GetType()))
        {
            if (field.GetValue(state) is Tensor buffer && !buffer.IsInvalid && buffer.shape.SequenceEqual(parameter.shape))
                result.Add((field.Name, buffer));
        }
        return result;
    }

    private static FieldInfo[] TensorFields(Type type)
    {
        lock (TensorFieldsByType)
        {
            if (!TensorFieldsByType.TryGetValue(type, out var fields))
            {
                fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance)
                    .Where(f => typeof(Tensor).IsAssignableFrom(f.FieldType))
                    .ToArray();
                TensorFieldsByType[type] = fields;
            }
            return fields;
        }
    }
}

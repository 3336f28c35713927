// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using System.Reflection.Emit;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>The instructions of a method body's IL, decoded just far enough to read operands and branch targets.</summary>
internal static class IlInstructions
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>One instruction: where it starts, its opcode, and where its operand starts in <c>Il</c>.</summary>
    internal readonly record struct Instruction(int Offset, OpCode OpCode, int OperandOffset, byte[] Il);

    /// <summary>Every instruction of <paramref name="method"/>'s body, in order (none for a method without IL).</summary>
    public static IEnumerable<Instruction> Of(MethodBase method)
    {
        byte[]? il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
            yield break;
        int i = 0;
        while (i < il.Length)
        {
            int start = i;
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            yield return new Instruction(start, op, i, il);
            i += OperandSize(op, il, i);
        }
    }

    /// <summary>Whether the body jumps backwards anywhere: a loop (for, foreach, while, do) in C#.</summary>
    public static bool HasLoop(MethodBase method) => Of(method).Any(x => x.OpCode.OperandType switch
    {
        OperandType.ShortInlineBrTarget => x.OperandOffset + 1 + (sbyte)x.Il[x.OperandOffset] <= x.Offset,
        OperandType.InlineBrTarget => x.OperandOffset + 4 + BitConverter.ToInt32(x.Il, x.OperandOffset) <= x.Offset,
        _ => false,
    });

    private static int OperandSize(OpCode op, byte[] il, int at) => op.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}

// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

using System.Reflection;
using System.Reflection.Emit;

namespace Microsoft.ML.Sparse.Tests.Architecture;

/// <summary>
/// Every type a type uses: its base type, interfaces, the types of its fields, properties, parameters and return values,
/// and every type, method and field its method bodies name in their IL (so a local variable, a call or a `new` counts
/// too). Compiler-generated nested types (lambdas, iterators) are scanned with their declaring type.
/// </summary>
internal static class TypeReferences
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The types <paramref name="type"/> uses, each with where (member name) it was found; generic arguments and element types unfolded.</summary>
    public static IEnumerable<(Type Used, string Where)> Of(Type type)
    {
        foreach (var (used, where) in Direct(type))
            foreach (var t in Unfold(used))
                yield return (t, where);
    }

    private static IEnumerable<Type> Unfold(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Unfold(type.GetElementType()!))
                yield return t;
            yield break;
        }
        if (type.IsGenericParameter)
            yield break;
        yield return type;
        if (type.IsGenericType)
            foreach (var a in type.GetGenericArguments())
                foreach (var t in Unfold(a))
                    yield return t;
    }

    private static IEnumerable<(Type Used, string Where)> Direct(Type t)
    {
        if (t.BaseType is { } b)
            yield return (b, "base type");
        foreach (var i in t.GetInterfaces())
            yield return (i, "interface");
        foreach (var f in t.GetFields(All))
            yield return (f.FieldType, f.Name);
        foreach (var p in t.GetProperties(All))
            yield return (p.PropertyType, p.Name);
        foreach (var m in t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
        {
            if (m is MethodInfo mi)
                yield return (mi.ReturnType, m.Name);
            foreach (var p in m.GetParameters())
                yield return (p.ParameterType, $"{m.Name}({p.Name})");
            foreach (var used in BodyReferences(m))
                yield return (used, $"{m.Name} (body)");
        }
        foreach (var nested in t.GetNestedTypes(All))
            foreach (var u in Direct(nested))
                yield return u;
    }

    /// <summary>The declaring types of the members and the types that a method body's IL names.</summary>
    public static IEnumerable<Type> BodyReferences(MethodBase method)
    {
        var module = method.Module;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        foreach (var x in IlInstructions.Of(method))
        {
            if (x.OpCode.OperandType is not (OperandType.InlineType or OperandType.InlineTok or OperandType.InlineMethod or OperandType.InlineField))
                continue;
            var member = Resolve(module, BitConverter.ToInt32(x.Il, x.OperandOffset), typeArgs, methodArgs);
            if (member is Type type)
                yield return type;
            else if (member?.DeclaringType is { } declaring)
                yield return declaring;
            if (member is MethodInfo called)
                yield return called.ReturnType;
            if (member is FieldInfo field)
                yield return field.FieldType;
        }
    }

    private static MemberInfo? Resolve(Module module, int token, Type[]? typeArgs, Type[]? methodArgs)
    {
        try
        {
            return module.ResolveMember(token, typeArgs, methodArgs);
        }
        catch (ArgumentException)
        {
            return null;   // a token of an open generic context the caller cannot supply
        }
    }
}

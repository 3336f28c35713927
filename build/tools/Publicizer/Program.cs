// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Publicizer: makes every type and member of an assembly public and writes the result as a
// compile-time reference. Used by Microsoft.ML.Sparse/Persistence to compile against ML.NET's
// model-persistence internals (see Microsoft.ML.Sparse/Persistence/README.md).
// Usage: Publicizer <input.dll> <output.dll>
using Mono.Cecil;

if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Publicizer <input.dll> <output.dll>");
    return 2;
}

string input = args[0], output = args[1];
var resolver = new DefaultAssemblyResolver();
resolver.AddSearchDirectory(Path.GetDirectoryName(Path.GetFullPath(input))!);
using var assembly = AssemblyDefinition.ReadAssembly(input, new ReaderParameters { AssemblyResolver = resolver });

foreach (var module in assembly.Modules)
    foreach (var type in module.GetTypes())
        Publicize(type);

Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
assembly.Write(output);
Console.WriteLine($"Publicizer: {Path.GetFileName(input)} -> {output}");
return 0;

// internal/private -> public; private protected / protected internal -> protected. Family members stay
// protected so that overrides in our assembly are written "protected override" and never widen our public API.
static void Publicize(TypeDefinition type)
{
    if (!type.IsNested)
        type.IsPublic = true;
    else if (type.IsNestedFamilyAndAssembly || type.IsNestedFamilyOrAssembly)
        type.IsNestedFamily = true;
    else if (!type.IsNestedFamily)
        type.IsNestedPublic = true;

    foreach (var method in type.Methods)
    {
        if (IsCompilerGenerated(method))
            continue;
        if (method.IsFamilyAndAssembly || method.IsFamilyOrAssembly)
            method.IsFamily = true;
        else if (!method.IsFamily)
            method.IsPublic = true;
    }

    var eventNames = new HashSet<string>(type.Events.Select(e => e.Name));
    foreach (var field in type.Fields)
    {
        // Event backing fields share the event's name; making them public makes uses ambiguous.
        if (IsCompilerGenerated(field) || eventNames.Contains(field.Name))
            continue;
        if (field.IsFamilyAndAssembly || field.IsFamilyOrAssembly)
            field.IsFamily = true;
        else if (!field.IsFamily)
            field.IsPublic = true;
    }
}

static bool IsCompilerGenerated(ICustomAttributeProvider member) =>
    member.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.CompilerGeneratedAttribute");

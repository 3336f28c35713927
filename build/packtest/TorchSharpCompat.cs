// Copyright (c) Microsoft.ML.Sparse contributors.
// Licensed under the MIT License. See LICENSE in the repository root for details.

// Checks that Microsoft.ML.TorchSharp (ML.NET's own TorchSharp trainers) binds to the TorchSharp version this library uses:
// resolves every TorchSharp member reference of Microsoft.ML.TorchSharp.dll against the loaded TorchSharp and names the
// callers of any that are missing. Run by build/check-mlnet-torchsharp in a brand-new app outside the repository.
using System.Reflection.Metadata.Ecma335;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
var asm = Assembly.Load("Microsoft.ML.TorchSharp");
var torch = typeof(TorchSharp.torch).Assembly;
Console.WriteLine($"{asm.GetName()} against {torch.GetName()}");
using var pe = new PEReader(File.OpenRead(asm.Location));
var md = pe.GetMetadataReader();
int ok = 0, missing = 0, unknown = 0;
foreach (var h in md.MemberReferences)
{
    var mr = md.GetMemberReference(h);
    string owner = mr.Parent.Kind switch
    {
        HandleKind.TypeReference => Scope(md, (TypeReferenceHandle)mr.Parent),
        HandleKind.TypeSpecification => "spec",
        _ => "",
    };
    if (owner != "TorchSharp" && owner != "spec") continue;
    int token = MetadataTokens.GetToken(h);
    try
    {
        var m = asm.ManifestModule.ResolveMember(token);
        if (owner == "spec" && m?.DeclaringType?.Assembly != torch) continue;
        ok++;
    }
    catch (Exception ex) when (ex is MissingMethodException or MissingFieldException or TypeLoadException or MissingMemberException)
    {
        missing++; Console.WriteLine($"MISSING {md.GetString(mr.Name)}: {ex.Message}");
        foreach (var mh in md.MethodDefinitions)
        {
            var def = md.GetMethodDefinition(mh);
            if (def.RelativeVirtualAddress == 0) continue;
            var il = pe.GetMethodBody(def.RelativeVirtualAddress).GetILBytes()!;
            var tb = BitConverter.GetBytes(token);
            for (int i = 0; i + 4 < il.Length; i++)
                if ((il[i] == 0x28 || il[i] == 0x6F) && il[i + 1] == tb[0] && il[i + 2] == tb[1] && il[i + 3] == tb[2] && il[i + 4] == tb[3])
                { var t = md.GetTypeDefinition(def.GetDeclaringType()); Console.WriteLine($"  called from {md.GetString(t.Namespace)}.{md.GetString(t.Name)}.{md.GetString(def.Name)}"); break; }
        }
    }
    catch (Exception ex) { if (owner == "TorchSharp") { unknown++; Console.WriteLine($"?? {md.GetString(mr.Name)}: {ex.GetType().Name}"); } }
}
Console.WriteLine($"TorchSharp member references: {ok} resolve, {missing} missing, {unknown} not checkable");
static string Scope(MetadataReader md, TypeReferenceHandle t)
{
    var tr = md.GetTypeReference(t);
    while (tr.ResolutionScope.Kind == HandleKind.TypeReference) tr = md.GetTypeReference((TypeReferenceHandle)tr.ResolutionScope);
    return tr.ResolutionScope.Kind == HandleKind.AssemblyReference ? md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)tr.ResolutionScope).Name) : "";
}

using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace OpsLogTools.Core.Tests.Architecture;

/// <summary>One type naming another in compiled code: which top-level types, and where (for the failure message).</summary>
/// <param name="From">Full name of the top-level type whose code holds the reference (nested and compiler-made types
/// count as their outermost type).</param>
/// <param name="To">Full name of the top-level type referred to.</param>
/// <param name="Where">The member and the kind of use (<c>LineReader.TryReadLine body</c>, <c>field _x</c>).</param>
public readonly record struct TypeUse(string From, string To, string Where);

/// <summary>
/// Every type reference in a built assembly, read from its metadata with System.Reflection.Metadata: base types,
/// interfaces, generic constraints, custom attributes, the signatures of fields, methods, properties and events, method
/// bodies' locals and catch types, and every token their IL names (calls, field accesses, <c>newobj</c>, casts,
/// <c>typeof</c>), with generic instantiations taken apart. What compiles to nothing (a constant's value, a doc
/// comment) leaves no trace here: <see cref="LayerTests"/> checks those from the sources and the doc file.
/// </summary>
public static class TypeReferenceScanner
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>Every reference from one top-level type of the assembly to another type (of any assembly), once per place.</summary>
    public static IReadOnlyList<TypeUse> Scan(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var names = new TypeNames(md);
        var uses = new List<TypeUse>();

        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            string from = names.TopLevel(handle);
            string self = names.Display(handle);
            void Add(IEnumerable<string> targets, string where)
            {
                foreach (var to in targets) uses.Add(new TypeUse(from, to, $"{self} {where}"));
            }

            if (!type.BaseType.IsNil) Add(names.Of(type.BaseType), "base type");
            foreach (var i in type.GetInterfaceImplementations()) Add(names.Of(md.GetInterfaceImplementation(i).Interface), "interface");
            AddGenericConstraints(md, names, type.GetGenericParameters(), Add);
            AddAttributes(md, names, type.GetCustomAttributes(), "attribute", Add);

            foreach (var f in type.GetFields())
            {
                var field = md.GetFieldDefinition(f);
                string name = md.GetString(field.Name);
                Add(field.DecodeSignature(names, null), $"field {name}");
                AddAttributes(md, names, field.GetCustomAttributes(), $"field {name} attribute", Add);
            }
            foreach (var p in type.GetProperties())
            {
                var property = md.GetPropertyDefinition(p);
                var signature = property.DecodeSignature(names, null);
                Add(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t)), $"property {md.GetString(property.Name)}");
            }
            foreach (var e in type.GetEvents())
            {
                var ev = md.GetEventDefinition(e);
                Add(names.Of(ev.Type), $"event {md.GetString(ev.Name)}");
            }
            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                string name = md.GetString(method.Name);
                var signature = method.DecodeSignature(names, null);
                Add(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t)), $"{name} signature");
                AddGenericConstraints(md, names, method.GetGenericParameters(), Add);
                AddAttributes(md, names, method.GetCustomAttributes(), $"{name} attribute", Add);
                foreach (var ph in method.GetParameters()) AddAttributes(md, names, md.GetParameter(ph).GetCustomAttributes(), $"{name} parameter attribute", Add);
                if (method.RelativeVirtualAddress == 0) continue;
                var body = pe.GetMethodBody(method.RelativeVirtualAddress);
                if (!body.LocalSignature.IsNil)
                {
                    Add(md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null).SelectMany(t => t), $"{name} locals");
                }
                foreach (var region in body.ExceptionRegions)
                {
                    if (!region.CatchType.IsNil) Add(names.Of(region.CatchType), $"{name} catch");
                }
                foreach (var token in Tokens(body.GetILReader())) Add(names.OfToken(token), $"{name} body");
            }
        }
        return uses;
    }

    private static void AddGenericConstraints(MetadataReader md, TypeNames names, GenericParameterHandleCollection parameters,
        Action<IEnumerable<string>, string> add)
    {
        foreach (var gp in parameters)
        {
            foreach (var c in md.GetGenericParameter(gp).GetConstraints()) add(names.Of(md.GetGenericParameterConstraint(c).Type), "generic constraint");
        }
    }

    private static void AddAttributes(MetadataReader md, TypeNames names, CustomAttributeHandleCollection attributes, string where,
        Action<IEnumerable<string>, string> add)
    {
        foreach (var a in attributes) add(names.OfMember(md.GetCustomAttribute(a).Constructor), where);
    }

    /// <summary>The metadata tokens a method body's IL names (types, fields, methods, signatures).</summary>
    private static IEnumerable<int> Tokens(BlobReader il)
    {
        var tokens = new List<int>();
        while (il.RemainingBytes > 0)
        {
            int first = il.ReadByte();
            short value = first == 0xFE ? unchecked((short)(0xFE00 | il.ReadByte())) : (short)first;
            if (!Operands.TryGetValue(value, out var operand)) throw new BadImageFormatException($"unknown IL opcode 0x{value:X4} at {il.Offset}");
            switch (operand)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineSwitch:
                    int count = il.ReadInt32();
                    il.Offset += 4 * count;
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType or OperandType.InlineSig:
                    tokens.Add(il.ReadInt32());
                    break;
                default:
                    // InlineBrTarget, InlineI, ShortInlineR, InlineString: four bytes that name no type.
                    il.Offset += 4;
                    break;
            }
        }
        return tokens;
    }

    /// <summary>Names the types a signature or a handle mentions (a generic instantiation mentions each of its parts).</summary>
    private sealed class TypeNames(MetadataReader md) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        public string TopLevel(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            while (type.GetDeclaringType() is { IsNil: false } outer) type = md.GetTypeDefinition(outer);
            return Join(md.GetString(type.Namespace), md.GetString(type.Name));
        }

        public string Display(TypeDefinitionHandle handle)
        {
            var type = md.GetTypeDefinition(handle);
            string name = md.GetString(type.Name);
            while (type.GetDeclaringType() is { IsNil: false } outer)
            {
                type = md.GetTypeDefinition(outer);
                name = md.GetString(type.Name) + "+" + name;
            }
            return name;
        }

        private string TopLevel(TypeReferenceHandle handle)
        {
            var type = md.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference) type = md.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            return Join(md.GetString(type.Namespace), md.GetString(type.Name));
        }

        private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

        public ImmutableArray<string> Of(EntityHandle handle) => handle.Kind switch
        {
            HandleKind.TypeDefinition => [TopLevel((TypeDefinitionHandle)handle)],
            HandleKind.TypeReference => [TopLevel((TypeReferenceHandle)handle)],
            HandleKind.TypeSpecification => md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
            _ => [],
        };

        /// <summary>The declaring type of a method or field, with every type of its signature.</summary>
        public ImmutableArray<string> OfMember(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.MethodDefinition:
                    {
                        var method = md.GetMethodDefinition((MethodDefinitionHandle)handle);
                        var signature = method.DecodeSignature(this, null);
                        return [TopLevel(method.GetDeclaringType()), .. signature.ReturnType, .. signature.ParameterTypes.SelectMany(t => t)];
                    }
                case HandleKind.FieldDefinition:
                    {
                        var field = md.GetFieldDefinition((FieldDefinitionHandle)handle);
                        return [TopLevel(field.GetDeclaringType()), .. field.DecodeSignature(this, null)];
                    }
                case HandleKind.MemberReference:
                    {
                        var member = md.GetMemberReference((MemberReferenceHandle)handle);
                        var parent = member.Parent.Kind == HandleKind.MethodDefinition ? OfMember(member.Parent) : Of(member.Parent);
                        if (member.GetKind() == MemberReferenceKind.Field) return [.. parent, .. member.DecodeFieldSignature(this, null)];
                        var signature = member.DecodeMethodSignature(this, null);
                        return [.. parent, .. signature.ReturnType, .. signature.ParameterTypes.SelectMany(t => t)];
                    }
                case HandleKind.MethodSpecification:
                    {
                        var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                        return [.. OfMember(spec.Method), .. spec.DecodeSignature(this, null).SelectMany(t => t)];
                    }
                default:
                    return Of(handle);
            }
        }

        public ImmutableArray<string> OfToken(int token)
        {
            var handle = MetadataTokens.EntityHandle(token);
            if (handle.Kind == HandleKind.StandaloneSignature)
            {
                var signature = md.GetStandaloneSignature((StandaloneSignatureHandle)handle).DecodeMethodSignature(this, null);
                return [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(t => t)];
            }
            return OfMember(handle);
        }

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [TopLevel(handle)];
        public ImmutableArray<string> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => [TopLevel(handle)];
        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];
        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;
        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;
        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(t => t)];
        public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];
        public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];
        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(t => t)];
        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
            [.. modifier, .. unmodifiedType];
    }
}

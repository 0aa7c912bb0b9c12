using System.Collections.Generic;
using System.Linq;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>
/// References in payload values: <c>${env:NAME}</c>, <c>${file:PATH}</c> and <c>${secret:[VAULT/]NAME}</c> name where a
/// value comes from when the payload is sent, so files in source control hold no secrets. Resolved values are never
/// written back. The forms are <see cref="SecretReferenceParser"/>'s, the values <see cref="SecretResolver"/>'s.
/// </summary>
public static class SecretReferences
{
    /// <summary>Whether the whole text is one well-formed reference (and so names a secret without holding one).</summary>
    public static bool IsWholeReference(string text) => SecretReferenceParser.IsWhole(text);

    /// <summary>Whether the text holds the beginning of a reference (well formed or not).</summary>
    public static bool Contains(string text) => SecretReferenceParser.MayContain(text);

    /// <summary>The variables a text's <c>${env:NAME}</c> references name, in order (those in a file's path too).</summary>
    public static IEnumerable<string> Variables(string text) =>
        SecretReferenceParser.Parse(text).SelectMany(r => r.Kind == SecretReferenceKind.Environment ? new[] { r } : r.Inner).Select(r => r.Name);

    /// <summary>The references a text holds, in order; none for a text with none or with one that is not well formed.</summary>
    public static IReadOnlyList<SecretReference> In(string text)
    {
        if (!Contains(text)) return System.Array.Empty<SecretReference>();
        try
        {
            return SecretReferenceParser.Parse(text);
        }
        catch (ImmutaPayloadException)
        {
            return System.Array.Empty<SecretReference>();
        }
    }
}

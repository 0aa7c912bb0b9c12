using System;
using System.Collections.Generic;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>Where a reference in a payload value takes its value from.</summary>
public enum SecretReferenceKind
{
    /// <summary><c>${env:NAME}</c>: an environment variable.</summary>
    Environment,

    /// <summary><c>${file:PATH}</c>: a file's text.</summary>
    File,

    /// <summary><c>${secret:NAME}</c> or <c>${secret:VAULT/NAME}</c>: a secret of SecretManagement's <c>Get-Secret</c>.</summary>
    Vault,
}

/// <summary>
/// One reference in a payload value, as written: <c>${env:NAME}</c>, <c>${file:PATH}</c> (the path may itself hold
/// <c>${env:NAME}</c> references) or <c>${secret:[VAULT/]NAME[#ENTRY]}</c>. It names a secret without holding it: the
/// text is fit to show; the value it stands for is found by <see cref="SecretResolver"/>.
/// </summary>
public sealed class SecretReference
{
    internal SecretReference(SecretReferenceKind kind, string text, string name, string? vault = null, string? entry = null,
        IReadOnlyList<SecretReference>? inner = null)
    {
        Kind = kind;
        Text = text;
        Name = name;
        Vault = vault;
        Entry = entry;
        Inner = inner ?? Array.Empty<SecretReference>();
    }

    public SecretReferenceKind Kind { get; }

    /// <summary>The reference as written, e.g. <c>${file:${env:BQ_KEY_PATH}}</c>.</summary>
    public string Text { get; }

    /// <summary>The variable's name; the file's path as written (references in it unresolved); the secret's name.</summary>
    public string Name { get; }

    /// <summary>The vault a <c>${secret:VAULT/NAME}</c> names; null when the registered vaults are searched.</summary>
    public string? Vault { get; }

    /// <summary>The entry of a hashtable secret a <c>${secret:NAME#ENTRY}</c> picks; null for the whole secret.</summary>
    public string? Entry { get; }

    /// <summary>The <c>${env:NAME}</c> references inside a file's path.</summary>
    public IReadOnlyList<SecretReference> Inner { get; }

    /// <summary>The reference for an environment variable: <c>${env:NAME}</c>.</summary>
    public static string ForVariable(string variable) => "${env:" + variable + "}";

    /// <summary>The reference for a file: <c>${file:PATH}</c>.</summary>
    public static string ForFile(string path) => "${file:" + path + "}";

    /// <summary>The reference for a secret of a vault: <c>${secret:NAME}</c> or <c>${secret:VAULT/NAME}</c>.</summary>
    public static string ForSecret(string name, string? vault = null) => "${secret:" + (string.IsNullOrEmpty(vault) ? string.Empty : vault + "/") + name + "}";

    /// <summary>
    /// What a user may call this reference by, to pick it out (a rotation of one secret): the reference as written, the
    /// variable's, file's or secret's name, <c>VAULT/NAME</c> for a secret of a named vault, and the names of the
    /// variables a file's path holds.
    /// </summary>
    public IEnumerable<string> Names()
    {
        yield return Text;
        yield return Name;
        if (Vault != null) yield return Vault + "/" + Name;
        foreach (SecretReference inner in Inner) yield return inner.Name;
    }

    public override string ToString() => Text;
}

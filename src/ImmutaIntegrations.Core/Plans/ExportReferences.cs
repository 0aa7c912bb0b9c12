using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>
/// The kind of reference an export writes for each secret, named after the integration and the setting so that the same
/// integration always gets the same names and two settings never share one: an environment variable
/// (<c>${env:IMMUTA_SNOWFLAKE_ACME_COM_PASSWORD}</c>), a file in the <see cref="SecretsFolder"/> beside the payload file
/// (<c>${file:secrets/immuta-snowflake-acme-com-password.txt}</c>), or a secret of a vault
/// (<c>${secret:immuta-snowflake-acme-com-password}</c>, <c>${secret:VAULT/...}</c>). No value is written anywhere: Immuta
/// shows none.
/// </summary>
public sealed class ExportReferences
{
    /// <summary>The folder, beside the payload files, that file references name.</summary>
    public const string SecretsFolder = "secrets";

    /// <summary>Environment variables: what an export writes unless told otherwise.</summary>
    public static readonly ExportReferences Environment = new ExportReferences(SecretReferenceKind.Environment, null);

    private ExportReferences(SecretReferenceKind kind, string? vault)
    {
        Kind = kind;
        Vault = vault;
    }

    public SecretReferenceKind Kind { get; }

    /// <summary>The vault a <see cref="SecretReferenceKind.Vault"/> reference names; null for the registered vaults, searched in turn.</summary>
    public string? Vault { get; }

    /// <summary>References of this kind; <paramref name="vault"/> only for <see cref="SecretReferenceKind.Vault"/>.</summary>
    /// <exception cref="ImmutaRefusedException">A vault given for another kind, or a name that a reference cannot hold (<c>InvalidArgument</c>).</exception>
    public static ExportReferences Of(SecretReferenceKind kind, string? vault = null)
    {
        if (vault is null) return kind == SecretReferenceKind.Environment ? Environment : new ExportReferences(kind, null);
        if (kind != SecretReferenceKind.Vault)
        {
            throw new ImmutaRefusedException($"-SecretVault names the vault of vault references, and the secrets are to be written as {kind} references: "
                + "give -SecretReference Vault, or no -SecretVault. Nothing was exported.", ImmutaErrorId.InvalidArgument);
        }
        if (!Holds(vault))
        {
            throw new ImmutaRefusedException($"-SecretVault '{vault}' cannot be a vault's name in a reference ({SecretReference.ForSecret("NAME", vault)}): "
                + "it must not be empty, begin or end with a space, or hold a slash, a #, a } or ${. Nothing was exported.", ImmutaErrorId.InvalidArgument);
        }
        return new ExportReferences(kind, vault);
    }

    /// <summary>References of the kind named (<c>Environment</c>, <c>File</c>, <c>Vault</c>, in any case), as <see cref="Of(SecretReferenceKind, string?)"/>.</summary>
    public static ExportReferences Of(string kind, string? vault = null) =>
        Of((SecretReferenceKind)System.Enum.Parse(typeof(SecretReferenceKind), kind, ignoreCase: true), vault);

    /// <summary>The reference for one secret of an integration: its setting's path in the config, e.g. <c>password</c>.</summary>
    public string For(IntegrationType type, OrderedDictionary? config, string fieldPath) => Kind switch
    {
        SecretReferenceKind.File => SecretReference.ForFile($"{SecretsFolder}/{IntegrationTargets.SecretName(type, config, fieldPath)}.txt"),
        SecretReferenceKind.Vault => SecretReference.ForSecret(IntegrationTargets.SecretName(type, config, fieldPath), Vault),
        _ => SecretReference.ForVariable(IntegrationTargets.VariableName(type, config, fieldPath)),
    };

    // Whether ${secret:VAULT/NAME} reads back as a reference to that vault, and nothing else.
    private static bool Holds(string vault)
    {
        if (vault.Trim().Length == 0 || vault.Trim().Length != vault.Length) return false;
        try
        {
            var read = SecretReferenceParser.Parse(SecretReference.ForSecret("name", vault));
            return read.Count == 1 && read[0].Vault == vault && read[0].Name == "name" && read[0].Entry is null;
        }
        catch (ImmutaPayloadException)
        {
            return false;
        }
    }
}

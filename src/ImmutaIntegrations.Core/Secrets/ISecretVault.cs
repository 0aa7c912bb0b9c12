using System;
using System.Collections.Generic;
using System.Linq;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>
/// Where <c>${secret:[VAULT/]NAME}</c> references are looked up: in a PowerShell session, SecretManagement's <c>Get-Secret</c>.
/// </summary>
public interface ISecretVault
{
    /// <summary>
    /// Whether <see cref="Fetch"/> must be called on the thread that made the vault (a PowerShell session's pipeline
    /// thread): then secrets are fetched while payloads are validated there, and sending uses what was fetched.
    /// </summary>
    bool NeedsCallingThread { get; }

    /// <summary>
    /// The secret <paramref name="name"/>, from <paramref name="vault"/> or, when null, from the registered vaults. A secret
    /// that cannot be had is an <see cref="ImmutaPayloadException"/> whose id says why (<c>SecretNotFound</c>,
    /// <c>SecretVaultNotFound</c>, <c>SecretVaultLocked</c>, <c>SecretManagementMissing</c>) and whose message names the
    /// secret, never a value.
    /// </summary>
    VaultSecret Fetch(string? vault, string name);
}

/// <summary>A secret as a vault gives it, in the shapes <c>Get-Secret</c> returns, its values as text.</summary>
public sealed class VaultSecret
{
    private VaultSecret(string? text, IReadOnlyDictionary<string, VaultSecret>? entries, string? userName, string? unsupported)
    {
        Text = text;
        Entries = entries;
        UserName = userName;
        Unsupported = unsupported;
    }

    /// <summary>A string, a SecureString or a byte array (as UTF-8); a credential's password.</summary>
    public string? Text { get; }

    /// <summary>A hashtable's entries, by name (any case).</summary>
    public IReadOnlyDictionary<string, VaultSecret>? Entries { get; }

    /// <summary>A credential's user name (its password is <see cref="Text"/>).</summary>
    public string? UserName { get; }

    /// <summary>The name of a type a payload value cannot be made of.</summary>
    public string? Unsupported { get; }

    public bool IsCredential => UserName != null;

    public static VaultSecret FromText(string text) => new VaultSecret(text ?? throw new ArgumentNullException(nameof(text)), null, null, null);

    public static VaultSecret FromCredential(string userName, string password) => new VaultSecret(password, null, userName ?? string.Empty, null);

    public static VaultSecret FromEntries(IEnumerable<KeyValuePair<string, VaultSecret>> entries) =>
        new VaultSecret(null, entries.ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase), null, null);

    public static VaultSecret FromUnsupported(string typeName) => new VaultSecret(null, null, null, typeName);
}

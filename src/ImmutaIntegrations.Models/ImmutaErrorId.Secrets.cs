namespace ImmutaIntegrations;

/// <summary>The ids of references to secrets (<c>${env:}</c>, <c>${file:}</c>, <c>${secret:}</c>) that could not be resolved. Nothing is sent.</summary>
public static partial class ImmutaErrorId
{
    /// <summary>
    /// A reference is not well formed: it does not close, names nothing, holds a reference other than <c>${env:}</c> inside it,
    /// or names a vault with a slash in its name. Found by every validation, with or without resolving secrets.
    /// </summary>
    public const string SecretReferenceInvalid = "SecretReferenceInvalid";

    /// <summary>A <c>${env:NAME}</c> reference's variable (or one in a <c>${file:}</c> path) is not set, or is empty.</summary>
    public const string SecretReferenceMissing = "SecretReferenceMissing";

    /// <summary>A <c>${file:PATH}</c> reference's file is missing, a folder, empty, unreadable, not UTF-8 or larger than 1 MiB.</summary>
    public const string SecretFileUnreadable = "SecretFileUnreadable";

    /// <summary>A <c>${secret:}</c> reference, and SecretManagement (<c>Microsoft.PowerShell.SecretManagement</c>) is not installed.</summary>
    public const string SecretManagementMissing = "SecretManagementMissing";

    /// <summary>A <c>${secret:VAULT/NAME}</c> reference names a vault that is not registered.</summary>
    public const string SecretVaultNotFound = "SecretVaultNotFound";

    /// <summary>A <c>${secret:}</c> reference's vault is locked: it needs its password (<c>Unlock-SecretStore</c>) in this session.</summary>
    public const string SecretVaultLocked = "SecretVaultLocked";

    /// <summary>A <c>${secret:}</c> reference names a secret (or a hashtable's entry) that the vaults do not hold.</summary>
    public const string SecretNotFound = "SecretNotFound";

    /// <summary>
    /// A <c>${secret:}</c> reference's secret is of a kind no value can be made of: a hashtable with no entry named
    /// (<c>${secret:NAME#ENTRY}</c>), or a type other than a string, SecureString, byte array or credential.
    /// </summary>
    public const string SecretValueUnsupported = "SecretValueUnsupported";
}

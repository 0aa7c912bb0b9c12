using System;
using System.Linq;

namespace ImmutaIntegrations.Core.Secrets;

/// <summary>
/// The text a <c>${secret:}</c> reference takes from what the vault gave: a string's, a SecureString's, a byte array's
/// (UTF-8); a credential's password (or, with <c>#UserName</c>, its user name); a hashtable's entry named with
/// <c>#ENTRY</c>. A hashtable without an entry named, or a type no payload value can be made of, is an error
/// (<c>SecretValueUnsupported</c>) that says what to write instead.
/// </summary>
internal static class VaultValue
{
    public static string Of(SecretReference reference, VaultSecret secret)
    {
        string where = Where(reference);
        if (reference.Entry != null) return Entry(reference, secret, where);
        if (secret.Entries != null)
        {
            string names = string.Join(", ", secret.Entries.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase));
            string first = secret.Entries.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase).FirstOrDefault() ?? "ENTRY";
            throw Unsupported($"{where} is a hashtable (entries: {names}): name the entry to use, e.g. "
                + $"${{secret:{Name(reference)}#{first}}}");
        }
        if (secret.Unsupported != null) throw Unsupported($"{where} is a {secret.Unsupported}, which no payload value can be made of: store a string, a SecureString, a byte array, a credential or a hashtable of them");
        return secret.Text!;
    }

    private static string Entry(SecretReference reference, VaultSecret secret, string where)
    {
        string entry = reference.Entry!;
        if (secret.IsCredential)
        {
            if (entry.Equals("UserName", StringComparison.OrdinalIgnoreCase)) return secret.UserName!;
            if (entry.Equals("Password", StringComparison.OrdinalIgnoreCase)) return secret.Text!;
            throw Unsupported($"{where} is a credential: its entries are UserName and Password, not {entry}");
        }
        if (secret.Entries is null) throw Unsupported($"{where} is not a hashtable, so it has no entry {entry}: write {SecretReference.ForSecret(reference.Name, reference.Vault)}");
        if (!secret.Entries.TryGetValue(entry, out VaultSecret? value))
        {
            throw new ImmutaPayloadException($"{where} has no entry {entry} (its entries: {string.Join(", ", secret.Entries.Keys.OrderBy(k => k, StringComparer.OrdinalIgnoreCase))})",
                ImmutaErrorId.SecretNotFound);
        }
        if (value.Entries != null) throw Unsupported($"the entry {entry} of {where} is itself a hashtable");
        if (value.Unsupported != null) throw Unsupported($"the entry {entry} of {where} is a {value.Unsupported}, which no payload value can be made of");
        return value.Text!;
    }

    private static string Name(SecretReference reference) => reference.Vault is null ? reference.Name : reference.Vault + "/" + reference.Name;

    private static string Where(SecretReference reference) =>
        $"the secret {reference.Name}{(reference.Vault is null ? string.Empty : " of the vault " + reference.Vault)} (from {reference.Text})";

    private static ImmutaPayloadException Unsupported(string message) => new ImmutaPayloadException(message, ImmutaErrorId.SecretValueUnsupported);
}

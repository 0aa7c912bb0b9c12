using System;
using System.Collections;
using System.Collections.Specialized;
using System.Linq;
using System.Security;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Payloads.Redaction;

/// <summary>
/// The one place that decides what of a payload may be shown: every secret of the type becomes
/// <c>&lt;REDACTED&gt;</c> (a <c>${env:NAME}</c> reference stays, being no secret), and so does any field
/// whose name says it holds a secret, for types or fields the module does not know.
/// Everything that prints, logs, exports or describes a payload goes through here.
/// </summary>
public static class PayloadRedaction
{
    public const string Redacted = IntegrationPayload.Redacted;

    private static readonly string[] SecretWords = { "password", "secret", "token", "privatekey", "apikey", "credential" };

    /// <summary>A copy of a config fit to show.</summary>
    public static OrderedDictionary Redact(IntegrationType? type, OrderedDictionary config)
    {
        var copy = (OrderedDictionary)PlainValues.DeepCopy(config)!;
        Redact(type, copy, string.Empty, everything: false);
        return copy;
    }

    /// <summary>Whether a config path holds a secret, for the type or by its name.</summary>
    public static bool IsSecret(IntegrationType? type, string path)
    {
        if (type != null && type.IsSecret(path)) return true;
        string name = path.Substring(path.LastIndexOf('.') + 1).ToLowerInvariant();
        // authenticationType's values name secrets ("token") without being one.
        return name != "authenticationtype" && SecretWords.Any(word => name.Contains(word));
    }

    // A secret that is a block (Snowflake's privateKey file object) keeps its shape: every value inside is redacted.
    private static void Redact(IntegrationType? type, OrderedDictionary map, string prefix, bool everything)
    {
        foreach (object key in map.Keys.Cast<object>().ToArray())
        {
            string path = prefix + key;
            object? value = map[key];
            bool secret = everything || IsSecret(type, path);
            switch (value)
            {
                case OrderedDictionary block:
                    Redact(type, block, path + ".", secret);
                    break;
                case object?[] items:
                    for (int i = 0; i < items.Length; i++)
                    {
                        if (items[i] is OrderedDictionary item) Redact(type, item, path + ".", secret);
                        else if (secret && items[i] != null) items[i] = Redacted;
                    }
                    break;
                case SecureString _:
                    map[key] = Redacted;
                    break;
                case string text when secret && IsShowable(text):
                    break;
                case null:
                    break;
                default:
                    if (secret) map[key] = Redacted;
                    break;
            }
        }
    }

    // A reference names where the secret comes from, and the placeholder is already redacted.
    private static bool IsShowable(string text) => text == Redacted || SecretReferences.IsWholeReference(text);
}

using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Json;

/// <summary>
/// What of Immuta's answers may be shown: configs redacted as Get-ImmutaIntegration shows them, Trino's key hidden
/// wherever it appears, a regenerated key kept only as a SecureString.
/// </summary>
internal static class ShownSecrets
{
    /// <summary>
    /// A raw answer (Invoke-ImmutaApi) with every integration in it shown as Get-ImmutaIntegration shows it: the
    /// config of each object that has a type and a config is redacted, Trino's key hidden wherever it appears.
    /// </summary>
    internal static object? HideIntegrationSecrets(object? value)
    {
        switch (value)
        {
            case object?[] items:
                for (int i = 0; i < items.Length; i++) items[i] = HideIntegrationSecrets(items[i]);
                return items;
            case OrderedDictionary map:
                foreach (object name in map.Keys.Cast<object>().ToArray())
                {
                    if (map[name] is OrderedDictionary || map[name] is object?[]) map[name] = HideIntegrationSecrets(map[name]);
                }
                if (map["type"] is string typeName && map["config"] is OrderedDictionary config)
                {
                    map["config"] = ShownConfig(IntegrationTypes.Resolve(typeName), config);
                }
                // A regenerated Starburst key (POST .../regenerate): kept for the caller, but as a SecureString.
                if (map["newKey"] is string newKey && newKey.Length > 0) map["newKey"] = SecretText.Protect(newKey);
                return map;
            default:
                return value;
        }
    }

    /// <summary>Trino's key in an answer's config, when the answer holds one (not redacted).</summary>
    internal static string? ResponseKey(IntegrationType? type, OrderedDictionary config) =>
        config["apiKey"] is string key && key.Length > 0 && key != PayloadRedaction.Redacted && type?.ResponseSecrets.Contains("apiKey") == true ? key : null;

    /// <summary>An answer's config as it may be shown: redacted (again: the API already redacts, a server may not), Trino's key hidden.</summary>
    internal static OrderedDictionary ShownConfig(IntegrationType? type, OrderedDictionary config)
    {
        string? key = ResponseKey(type, config);
        if (key != null) HideEverywhere(config, key);
        return PayloadRedaction.Redact(type, config);
    }

    private static void HideEverywhere(OrderedDictionary map, string secret)
    {
        foreach (object name in map.Keys.Cast<object>().ToArray())
        {
            if (map[name] is string text && text.Contains(secret)) map[name] = text.Replace(secret, PayloadRedaction.Redacted);
            else if (map[name] is OrderedDictionary block) HideEverywhere(block, secret);
        }
    }
}

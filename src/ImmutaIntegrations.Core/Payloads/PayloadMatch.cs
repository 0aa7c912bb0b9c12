using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;

namespace ImmutaIntegrations.Core.Payloads;

/// <summary>
/// Whether an integration is what a payload asked for: same type, and every value the payload sets is the
/// integration's (secrets, which Immuta shows as &lt;REDACTED&gt;, cannot be compared and are left out).
/// Used to recognise a create or update whose answer was lost.
/// </summary>
public static class PayloadMatch
{
    public static bool Matches(PreparedPayload payload, Integration integration) =>
        string.Equals(payload.Type.Name, integration.Type, StringComparison.Ordinal)
        && (payload.AutoBootstrap is null || payload.AutoBootstrap == integration.AutoBootstrap)
        && Same(payload.Type, payload.Config, integration.Config, string.Empty);

    private static bool Same(IntegrationType type, OrderedDictionary wanted, OrderedDictionary actual, string prefix)
    {
        foreach (DictionaryEntry entry in wanted)
        {
            string key = (string)entry.Key;
            string path = prefix + key;
            if (PayloadRedaction.IsSecret(type, path)) continue;
            if (!actual.Contains(key)) return false;
            object? have = actual[key];
            if (have is string shown && shown == PayloadRedaction.Redacted) continue;
            if (entry.Value is OrderedDictionary block)
            {
                if (!(have is OrderedDictionary haveBlock) || !Same(type, block, haveBlock, path + ".")) return false;
            }
            else if (!Equal(entry.Value, have))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Whether two plain values are the same, deep: numbers and booleans as their invariant text, lists item by item, blocks
    /// key by key (in any order, keys ignoring case).
    /// </summary>
    internal static bool Equal(object? wanted, object? have)
    {
        switch (wanted)
        {
            case OrderedDictionary map:
                if (!(have is OrderedDictionary haveMap) || haveMap.Count != map.Count) return false;
                foreach (DictionaryEntry entry in map)
                {
                    if (!haveMap.Contains(entry.Key) || !Equal(entry.Value, haveMap[entry.Key])) return false;
                }
                return true;
            case object?[] list:
                if (!(have is object?[] haveList) || haveList.Length != list.Length) return false;
                for (int i = 0; i < list.Length; i++)
                {
                    if (!Equal(list[i], haveList[i])) return false;
                }
                return true;
            default:
                return !(have is OrderedDictionary) && !(have is object?[]) && string.Equals(Text(wanted), Text(have), StringComparison.Ordinal);
        }
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

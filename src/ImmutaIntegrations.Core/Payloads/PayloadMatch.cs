using System;
using System.Collections;
using System.Collections.Specialized;
using System.Globalization;

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

    /// <summary>Whether two plain values are the same (numbers and booleans as their invariant text, lists item by item).</summary>
    internal static bool Equal(object? wanted, object? have)
    {
        if (wanted is object?[] list)
        {
            if (!(have is object?[] haveList) || haveList.Length != list.Length) return false;
            for (int i = 0; i < list.Length; i++)
            {
                if (!Equal(list[i], haveList[i])) return false;
            }
            return true;
        }
        return string.Equals(Text(wanted), Text(have), StringComparison.Ordinal);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}

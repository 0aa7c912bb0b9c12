using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>
/// A rotation (Compare- and Sync-ImmutaIntegration -RotateSecret): Immuta never shows a secret, so a secret that changed
/// where its reference points is no change to a plan. Asked to, the plan sends such secrets again: every integration
/// that exists and whose payload refers to a picked reference is updated with the whole payload, each field holding one
/// shown as <c>config.token: (secret) -> (secret, sent again)</c>, and Immuta's validation then proves the new secret.
/// </summary>
public static class SecretRotation
{
    /// <summary>The references a payload's values hold (inside blocks and lists too), in order, each once as written.</summary>
    public static IReadOnlyList<SecretReference> References(OrderedDictionary? config)
    {
        var found = new List<SecretReference>();
        if (config != null) Collect(config, found);
        return found.GroupBy(reference => reference.Text, StringComparer.Ordinal).Select(group => group.First()).ToArray();
    }

    /// <summary>
    /// One change for each field of the payload whose value holds a reference <paramref name="rotate"/> picks, in the
    /// payload's order: a block's fields each, a list as a whole. None for a type without a configuration (Trino).
    /// </summary>
    public static IEnumerable<IntegrationFieldChange> Changes(PreparedPayload payload, Func<SecretReference, bool> rotate)
    {
        if (payload is null) throw new ArgumentNullException(nameof(payload));
        if (rotate is null) throw new ArgumentNullException(nameof(rotate));
        if (!payload.Type.HasConfig) return Enumerable.Empty<IntegrationFieldChange>();
        return Fields(payload.Config, "config.", rotate).Select(path => new IntegrationFieldChange { Path = path, SentAgain = true });
    }

    /// <summary>
    /// Makes a planned item send its secrets again when its payload refers to a picked reference: a NoChange becomes an
    /// Update, an Update or a Replace keeps its action; each gains the fields' changes and a reason that names the
    /// references. A creation sends its secrets anyway, a deletion none, and nothing of the item changes otherwise.
    /// </summary>
    internal static void Apply(IntegrationPlanItem item, PreparedPayload payload, Func<SecretReference, bool> rotate)
    {
        if (item.Current is null || item.Action == IntegrationPlanAction.Create || item.Action == IntegrationPlanAction.Delete) return;
        IntegrationFieldChange[] sent = Changes(payload, rotate).ToArray();
        if (sent.Length == 0) return;
        string[] picked = References(payload.Config).Where(rotate).Select(reference => reference.Text).ToArray();
        string reason = $"its secrets are sent again ({string.Join(", ", picked)})";
        item.Changes = item.Changes.Concat(sent).ToArray();
        item.Reason = item.Reason is null ? reason : item.Reason + "; " + reason;
        if (item.Action == IntegrationPlanAction.NoChange) item.Action = IntegrationPlanAction.Update;
    }

    private static IEnumerable<string> Fields(OrderedDictionary map, string prefix, Func<SecretReference, bool> rotate)
    {
        foreach (DictionaryEntry entry in map)
        {
            string path = prefix + entry.Key;
            if (entry.Value is OrderedDictionary block)
            {
                foreach (string inner in Fields(block, path + ".", rotate)) yield return inner;
            }
            else
            {
                var found = new List<SecretReference>();
                Collect(entry.Value, found);
                if (found.Any(rotate)) yield return path;
            }
        }
    }

    private static void Collect(object? value, List<SecretReference> found)
    {
        switch (value)
        {
            case string text:
                found.AddRange(SecretReferences.In(text));
                break;
            case OrderedDictionary map:
                foreach (DictionaryEntry entry in map) Collect(entry.Value, found);
                break;
            case IEnumerable items:
                foreach (object? item in items) Collect(item, found);
                break;
        }
    }
}

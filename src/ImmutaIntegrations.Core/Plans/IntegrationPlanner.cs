using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Specialized;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>
/// Compares the integrations payload files describe with those Immuta has, and says what applying the files
/// takes: one item per integration, Create, Update (with the fields that differ), Replace (a field fixed at
/// creation differs), Delete (in no file; only when pruning) or NoChange. Files and integrations are matched by
/// type and target (<see cref="IntegrationTargets"/>).
/// </summary>
/// <remarks>
/// Only what a file sets is compared: Immuta fills in defaults for what a payload leaves out, so a field the
/// file does not mention is left as Immuta has it. Secrets are never compared (Immuta shows them only as
/// &lt;REDACTED&gt;): changing a secret alone is not a change here, unless a rotation asks for the secrets to be sent
/// again (<see cref="SecretRotation"/>); Set-ImmutaIntegration sends new secrets too.
/// </remarks>
public static class IntegrationPlanner
{
    // disabled: force-disabled on newer tenants (docs/api-contract.md §4), as good as deleted in Immuta.
    private static readonly string[] Leaving = { "deleting", "deleted", "disabled" };

    /// <summary>
    /// An integration on its way out (deleting, deleted, or disabled by a force-disable): not matched with files,
    /// exported or deleted again.
    /// </summary>
    public static bool IsLeaving(Integration integration) => Leaving.Contains(integration.Status, StringComparer.OrdinalIgnoreCase);

    /// <param name="rotate">
    /// Which references' secrets to send again (a rotation, <see cref="SecretRotation"/>): each existing integration whose
    /// payload refers to one it picks is updated; null for none.
    /// </param>
    public static IReadOnlyList<IntegrationPlanItem> Plan(IReadOnlyList<PreparedPayload> desired, IReadOnlyList<Integration> actual, bool prune,
        Func<SecretReference, bool>? rotate = null)
    {
        var wanted = new Dictionary<string, PreparedPayload>(StringComparer.Ordinal);
        foreach (PreparedPayload payload in desired)
        {
            string key = IntegrationTargets.Key(payload.Type, payload.Config);
            if (wanted.TryGetValue(key, out PreparedPayload? first))
            {
                throw new ImmutaPayloadException(
                    $"{first.Origin} and {payload.Origin} both describe the {payload.Type.Name} integration on "
                    + $"{IntegrationTargets.Describe(payload.Type, payload.Config)}: keep one of them.",
                    ImmutaErrorId.PayloadInvalid);
            }
            wanted.Add(key, payload);
        }
        var existing = new Dictionary<string, Integration>(StringComparer.Ordinal);
        var unmatched = new List<Integration>();
        foreach (Integration integration in actual)
        {
            if (IsLeaving(integration)) continue;
            // A type this module does not know is matched by its host (as exported), and never pruned: nothing here
            // says what removing it takes.
            IntegrationType type = IntegrationTypes.ResolveOrUnknown(integration.Type);
            string key = IntegrationTargets.Key(type, integration.Config);
            if (existing.ContainsKey(key)) continue;
            existing.Add(key, integration);
            if (!wanted.ContainsKey(key) && type.IsKnown) unmatched.Add(integration);
        }
        var plan = new List<IntegrationPlanItem>();
        foreach (PreparedPayload payload in desired)
        {
            string key = IntegrationTargets.Key(payload.Type, payload.Config);
            existing.TryGetValue(key, out Integration? current);
            IntegrationPlanItem item = Item(payload, current);
            if (rotate != null) SecretRotation.Apply(item, payload, rotate);
            plan.Add(item);
        }
        if (prune)
        {
            foreach (Integration integration in unmatched.OrderBy(i => i.Id, IntegrationIdOrder.Instance))
            {
                IntegrationType type = IntegrationTypes.Resolve(integration.Type)!;
                plan.Add(new IntegrationPlanItem
                {
                    Action = IntegrationPlanAction.Delete,
                    Type = type.Name,
                    Target = IntegrationTargets.Describe(type, integration.Config),
                    Id = integration.Id,
                    Reason = "it is in none of the files",
                    Current = integration,
                });
            }
        }
        return plan;
    }

    private static IntegrationPlanItem Item(PreparedPayload payload, Integration? current)
    {
        var item = new IntegrationPlanItem
        {
            Type = payload.Type.Name,
            Target = IntegrationTargets.Describe(payload.Type, payload.Config),
            Source = payload.Origin,
            Desired = payload,
            Current = current,
            Id = current?.Id,
        };
        if (current is null)
        {
            item.Action = IntegrationPlanAction.Create;
            return item;
        }
        item.Changes = Changes(payload, current).ToArray();
        IntegrationFieldChange[] fixedFields = item.Changes.Where(c => c.Immutable).ToArray();
        item.Action = item.Changes.Length == 0 ? IntegrationPlanAction.NoChange
            : fixedFields.Length > 0 ? IntegrationPlanAction.Replace
            : IntegrationPlanAction.Update;
        if (fixedFields.Length > 0)
        {
            item.Reason = $"{string.Join(", ", fixedFields.Select(c => c.Path))} cannot change once the integration is configured: "
                + "it is deleted and created again";
        }
        else if (item.Changes.Length > 0 && !payload.Type.HasConfig)
        {
            item.Reason = $"{payload.Type.Name} integrations take no update: it is deleted and created again";
            item.Action = IntegrationPlanAction.Replace;
        }
        else if (item.Action == IntegrationPlanAction.NoChange && current.Status.EndsWith("Error", StringComparison.Ordinal) && payload.Type.HasConfig)
        {
            // Its last change failed (createError, editError): the file is what Immuta has, but not what works.
            item.Action = IntegrationPlanAction.Update;
            item.Reason = $"Immuta has it in status {current.Status}: the file is sent again";
        }
        return item;
    }

    /// <summary>The fields a payload sets whose values differ from the integration's (secrets left out), in the payload's order.</summary>
    public static IEnumerable<IntegrationFieldChange> Changes(PreparedPayload payload, Integration current)
    {
        if (payload.AutoBootstrap is bool automatic && current.AutoBootstrap != automatic)
        {
            yield return new IntegrationFieldChange { Path = "autoBootstrap", Before = current.AutoBootstrap, After = automatic };
        }
        if (!payload.Type.HasConfig) yield break;
        foreach (IntegrationFieldChange change in Compare(payload.Type, payload.Config, current.Config, string.Empty)) yield return change;
    }

    private static IEnumerable<IntegrationFieldChange> Compare(IntegrationType type, OrderedDictionary wanted, OrderedDictionary? have, string prefix)
    {
        foreach (DictionaryEntry entry in wanted)
        {
            string path = prefix + (string)entry.Key;
            if (PayloadRedaction.IsSecret(type, path)) continue;
            object? before = have?[(string)entry.Key];
            if (before is string shown && shown == PayloadRedaction.Redacted) continue;
            if (entry.Value is string text && SecretReferences.Contains(text)) continue;
            if (entry.Value is OrderedDictionary block && (before is OrderedDictionary || before is null))
            {
                foreach (IntegrationFieldChange change in Compare(type, block, before as OrderedDictionary, path + ".")) yield return change;
                continue;
            }
            if (!(entry.Value is OrderedDictionary) && !(before is OrderedDictionary) && PayloadMatch.Equal(entry.Value, before)) continue;
            // The fields that match files with integrations are the same when they name the same target.
            if (type.PlanKey.Contains(path, StringComparer.OrdinalIgnoreCase) && IntegrationTargets.SameTarget(entry.Value, before)) continue;
            yield return new IntegrationFieldChange
            {
                Path = "config." + path,
                Before = Shown(before),
                After = Shown(entry.Value),
                Immutable = type.FindField(path)?.Immutable == true,
            };
        }
    }

    private static object? Shown(object? value) => value is OrderedDictionary map ? PlainValues.DeepCopy(map) : value;
}

using System;
using System.Collections.Generic;
using System.Linq;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.SavedPlans;

/// <summary>One item of a saved plan and what moved under it since the plan was made.</summary>
public sealed class MovedItem
{
    internal MovedItem(IntegrationPlanItem item, string message, IReadOnlyList<IntegrationFieldChange> moved)
    {
        Item = item;
        Message = message;
        Moved = moved;
    }

    public IntegrationPlanItem Item { get; }

    /// <summary>Which item, what moved (field old → new, the status, gone), and what to do.</summary>
    public string Message { get; }

    /// <summary>The fields that moved, the plan's reading first and the tenant's now second (empty for one gone or newly there).</summary>
    public IReadOnlyList<IntegrationFieldChange> Moved { get; }
}

/// <summary>Whether a saved plan still starts from what the tenant holds: what is stale, and what drifted without mattering.</summary>
public sealed class PlanFreshness
{
    private PlanFreshness(IReadOnlyList<MovedItem> stale, IReadOnlyList<MovedItem> drifted)
    {
        Stale = stale;
        Drifted = drifted;
    }

    /// <summary>
    /// Items the plan would change, whose integration changed (its status or configuration) or is gone since the plan was
    /// made, and creations whose target now has an integration: applying the plan would do what no one reviewed.
    /// </summary>
    public IReadOnlyList<MovedItem> Stale { get; }

    /// <summary>Items planned as no change whose integration moved all the same: the plan leaves them as they are now.</summary>
    public IReadOnlyList<MovedItem> Drifted { get; }

    /// <summary>
    /// Compares each item's reading (<see cref="IntegrationPlanItem.Current"/>, as the plan was made) with the tenant's
    /// integrations now. Items still fresh get the integration as read now as their <see cref="IntegrationPlanItem.Current"/>.
    /// </summary>
    public static PlanFreshness Check(IReadOnlyList<IntegrationPlanItem> items, IReadOnlyList<Integration> now)
    {
        var byId = new Dictionary<string, Integration>(StringComparer.Ordinal);
        var byTarget = new Dictionary<string, Integration>(StringComparer.Ordinal);
        foreach (Integration integration in now)
        {
            byId[integration.Id] = integration;
            if (IntegrationPlanner.IsLeaving(integration)) continue;
            string key = IntegrationTargets.Key(IntegrationTypes.ResolveOrUnknown(integration.Type), integration.Config);
            if (!byTarget.ContainsKey(key)) byTarget.Add(key, integration);
        }
        var stale = new List<MovedItem>();
        var drifted = new List<MovedItem>();
        foreach (IntegrationPlanItem item in items)
        {
            MovedItem? moved = item.Action == IntegrationPlanAction.Create ? Created(item, byTarget) : Changed(item, byId);
            if (moved is null) continue;
            (item.Action == IntegrationPlanAction.NoChange ? drifted : stale).Add(moved);
        }
        return new PlanFreshness(stale, drifted);
    }

    private static MovedItem? Created(IntegrationPlanItem item, Dictionary<string, Integration> byTarget)
    {
        var payload = (PreparedPayload)item.Desired!;
        if (!byTarget.TryGetValue(IntegrationTargets.Key(payload.Type, payload.Config), out Integration? there)) return null;
        string applied = PayloadMatch.Matches(payload, there) ? " It is already what the plan would create: the plan may have been applied already." : string.Empty;
        return new MovedItem(item, $"The plan creates {Phrase(item)}, but integration {there.Id} ({there.Status}) has been made there since "
            + $"the plan was made.{applied}{Advice}", Array.Empty<IntegrationFieldChange>());
    }

    private static MovedItem? Changed(IntegrationPlanItem item, Dictionary<string, Integration> byId)
    {
        Integration then = item.Current!;
        string verb = Verb(item.Action);
        if (!byId.TryGetValue(item.Id!, out Integration? now) || IntegrationPlanner.IsLeaving(now))
        {
            string gone = now is null ? "it has been deleted since the plan was made" : $"it is {now.Status} now";
            var moved = new[] { new IntegrationFieldChange { Path = "status", Before = then.Status, After = now?.Status } };
            if (item.Action == IntegrationPlanAction.NoChange)
            {
                return new MovedItem(item, $"The plan leaves {Phrase(item)} (id {item.Id}) as it is, but {gone}. "
                    + "The plan leaves it so; a new plan would create it again from its file.", moved);
            }
            string deleted = item.Action == IntegrationPlanAction.Delete ? " The plan may have been applied already." : string.Empty;
            return new MovedItem(item, $"The plan {verb} {Phrase(item)} (id {item.Id}), but {gone}.{deleted}{Advice}", moved);
        }
        IReadOnlyList<IntegrationFieldChange> changes = IntegrationDifferences.Between(then, now);
        if (changes.Count == 0)
        {
            item.Current = now;
            return null;
        }
        string what = string.Join("; ", changes.Select(change => change.ToString()));
        if (item.Action == IntegrationPlanAction.NoChange)
        {
            item.Current = now;
            return new MovedItem(item, $"The plan leaves {Phrase(item)} (id {item.Id}) as it is, but it has changed since the plan was made: {what}. "
                + "The plan leaves it so; a new plan would bring it back to what its file says.", changes);
        }
        bool applied = item.Action == IntegrationPlanAction.Update && item.Desired is PreparedPayload payload && PayloadMatch.Matches(payload, now)
            && changes.All(change => change.Path != "status" || !IntegrationWaiter.IsError(now.Status));
        return new MovedItem(item, $"The plan {verb} {Phrase(item)} (id {item.Id}), but it has changed since the plan was made: {what}."
            + (applied ? " It is already what the plan would make it: the plan may have been applied already." : string.Empty) + Advice, changes);
    }

    private const string Advice = " Make a new plan and have it reviewed.";

    // "the Snowflake integration on acme.snowflakecomputing.com"; "the Trino integration" (its target says it already).
    private static string Phrase(IntegrationPlanItem item) =>
        IntegrationTypes.Resolve(item.Type)?.PlanKey.Count == 0 ? item.Target : $"the {item.Type} integration on {item.Target}";

    private static string Verb(IntegrationPlanAction action) => action switch
    {
        IntegrationPlanAction.Update => "updates",
        IntegrationPlanAction.Replace => "replaces",
        IntegrationPlanAction.Delete => "deletes",
        _ => "leaves",
    };
}

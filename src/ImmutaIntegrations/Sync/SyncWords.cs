using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Sync;

/// <summary>How Sync-ImmutaIntegration names a planned change in its confirmations and verbose lines.</summary>
internal static class SyncWords
{
    public static string Describe(IntegrationPlanItem item)
    {
        IntegrationType? type = IntegrationTypes.Resolve(item.Type);
        string phrase = type?.PlanKey.Count == 0 ? item.Target : $"{item.Type} integration on {item.Target}";
        return phrase + (item.Id is null ? string.Empty : $" (id {item.Id})");
    }

    /// <param name="scripts">What is said of the scripts of manual setups (empty when none are run).</param>
    public static string What(IntegrationPlanItem item, string scripts)
    {
        string changes = item.Changes.Length == 0 ? string.Empty : ": " + string.Join("; ", item.Changes.Select(c => c.ToString()));
        switch (item.Action)
        {
            case IntegrationPlanAction.Update:
                return $"Update from {item.Source}{scripts}{(item.Reason is null ? string.Empty : $", because {item.Reason}")}{changes}";
            case IntegrationPlanAction.Replace:
                return $"Replace (delete, then create from {item.Source}){scripts}, because {item.Reason}{changes}";
            case IntegrationPlanAction.Create:
                return $"Create from {item.Source}{scripts}: {((PreparedPayload)item.Desired!).ToDisplayJson()}";
            default:
                return $"Delete, because {item.Reason}{scripts}";
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Ci;

/// <summary>
/// The summaries of Compare-ImmutaIntegration (the plan), Sync-ImmutaIntegration (what was done) and
/// Test-ImmutaIntegrationHealth (which integrations are unwell): one row per integration
/// with its changes, each as <see cref="IntegrationFieldChange.ToString"/> writes it. Secrets are never compared, so never
/// among the changes but as sent again (a rotation: <c>(secret) -> (secret, sent again)</c>, no value); a failed item's
/// message is the module's error message, redacted where it is made.
/// </summary>
public static class IntegrationSummaries
{
    private static readonly string[] PlanHeaders = { "Action", "Type", "Target", "Id", "Changes" };
    private static readonly string[] SyncHeaders = { "Action", "Type", "Target", "Id", "Changes", "Outcome", "Message" };
    private static readonly string[] HealthHeaders = { "Health", "Type", "Target", "Id", "Status", "Problem", "Failed tests" };

    /// <summary>The plan: how many integrations each action concerns, which saved plan it is (if it is one), then every item.</summary>
    public static SummaryTable Plan(IEnumerable<IntegrationPlanItem> plan, IntegrationPlanFile? file = null)
    {
        List<IntegrationPlanItem> items = (plan ?? throw new ArgumentNullException(nameof(plan))).ToList();
        int Count(IntegrationPlanAction action) => items.Count(item => item.Action == action);
        string counts = $"{Count(IntegrationPlanAction.Create)} to create, {Count(IntegrationPlanAction.Update)} to update, "
            + $"{Count(IntegrationPlanAction.Replace)} to replace, {Count(IntegrationPlanAction.Delete)} to delete, "
            + $"{Count(IntegrationPlanAction.NoChange)} unchanged";
        IEnumerable<IReadOnlyList<string?>> rows = items.Select(item =>
            (IReadOnlyList<string?>)new[] { item.Action.ToString(), item.Type, item.Target, item.Id, Changes(item.Changes) });
        return new SummaryTable("Compare-ImmutaIntegration: the plan", counts, PlanHeaders, rows,
            file is null ? null : $"Saved plan {Describe(file)}: Sync-ImmutaIntegration -Plan applies exactly this, or refuses it if the tenant has moved.");
    }

    /// <summary>What a sync did: how many integrations each action changed and how many failed, the saved plan it applied, then every result.</summary>
    public static SummaryTable Sync(IEnumerable<IntegrationSyncResult> results, IntegrationPlanFile? file = null)
    {
        List<IntegrationSyncResult> items = (results ?? throw new ArgumentNullException(nameof(results))).ToList();
        int Done(IntegrationPlanAction action) => items.Count(item => item.Outcome == IntegrationSyncOutcome.Done && item.Action == action);
        string counts = $"{Done(IntegrationPlanAction.Create)} created, {Done(IntegrationPlanAction.Update)} updated, "
            + $"{Done(IntegrationPlanAction.Replace)} replaced, {Done(IntegrationPlanAction.Delete)} deleted, "
            + $"{Done(IntegrationPlanAction.NoChange)} unchanged, {items.Count(item => item.Outcome == IntegrationSyncOutcome.Failed)} failed";
        IEnumerable<IReadOnlyList<string?>> rows = items.Select(item => (IReadOnlyList<string?>)new[]
        {
            item.Action.ToString(), item.Type, item.Target, item.Id, Changes(item.Changes), item.Outcome.ToString(), item.Message,
        });
        return new SummaryTable("Sync-ImmutaIntegration: the changes made", counts, SyncHeaders, rows,
            file is null ? null : $"Applied the saved plan {Describe(file)}.");
    }

    /// <summary>
    /// What a sync stopped part way had done: how many changes stood where, then every change asked for, each with its
    /// outcome (Done, Failed, or for one that had not ended: accepted, not settled; in flight, not known; not sent) and id.
    /// </summary>
    public static SummaryTable Stopped(IEnumerable<StoppedItem> items, IntegrationPlanFile? file = null)
    {
        List<StoppedItem> all = (items ?? throw new ArgumentNullException(nameof(items))).ToList();
        List<StoppedItem> changes = all.Where(item => item.Item.Action != IntegrationPlanAction.NoChange).ToList();
        int Count(StopStanding standing) => changes.Count(item => item.Standing == standing);
        string counts = $"{Count(StopStanding.Done)} made and settled, {Count(StopStanding.Accepted)} made and not yet settled (Immuta goes on with them), "
            + $"{Count(StopStanding.Failed)} failed, {Count(StopStanding.InFlight)} in flight at the stop (not known), "
            + $"{Count(StopStanding.NotSent)} not sent (not made), {all.Count - changes.Count} unchanged";
        IEnumerable<IReadOnlyList<string?>> rows = all.Select(item => (IReadOnlyList<string?>)new[]
        {
            item.Item.Action.ToString(), item.Item.Type, item.Item.Target, item.Id, Changes(item.Item.Changes), item.Outcome, item.Message,
        });
        return new SummaryTable("Sync-ImmutaIntegration: stopped part way, what was made", counts, SyncHeaders, rows,
            file is null ? null : $"Applying the saved plan {Describe(file)}.");
    }

    /// <summary>A health check: how many integrations are healthy and unhealthy, then each, in the order given (the unhealthy first).</summary>
    public static SummaryTable Health(IEnumerable<IntegrationHealth> report, int unreadable)
    {
        List<IntegrationHealth> items = (report ?? throw new ArgumentNullException(nameof(report))).ToList();
        string counts = $"{items.Count(item => item.Healthy)} healthy, {items.Count(item => !item.Healthy)} unhealthy"
            + (unreadable == 0 ? string.Empty : $", {unreadable} could not be read");
        IEnumerable<IReadOnlyList<string?>> rows = items.Select(item => (IReadOnlyList<string?>)new[]
        {
            item.Healthy ? "Healthy" : "Unhealthy", item.Type, item.Target, item.Id, item.Status, item.Problem,
            string.Join("\n", item.FailedTests.Select(test => test.ToString())),
        });
        return new SummaryTable("Test-ImmutaIntegrationHealth: the integrations' health", counts, HealthHeaders, rows);
    }

    // The plan's file name, tenant, time and checksum: what a reviewer matches with the plan they approved.
    private static string Describe(IntegrationPlanFile file) =>
        $"{System.IO.Path.GetFileName(file.Path)}, made {file.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC for {file.Tenant} by ImmutaIntegrations "
        + $"{file.ModuleVersion}, checksum {file.Checksum}";

    // One change a line: a cell's line break is written <br>, so each field stands on its own line in the table.
    private static string Changes(IEnumerable<IntegrationFieldChange>? changes) =>
        string.Join("\n", (changes ?? Enumerable.Empty<IntegrationFieldChange>()).Select(change => change.ToString()));
}

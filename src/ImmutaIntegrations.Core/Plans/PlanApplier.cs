using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>One plan item applied: what is reported, and the error to report with it when it failed.</summary>
public sealed class AppliedPlanItem
{
    public AppliedPlanItem(IntegrationSyncResult result, Exception? error)
    {
        Result = result;
        Error = error;
    }

    public IntegrationSyncResult Result { get; }

    public Exception? Error { get; }
}

/// <summary>
/// Applies a plan's items through the change engine: an update, a replacement (a delete, then a create), a
/// creation or a deletion, each waited for. Scripts run wherever an integration is set up manually and an executor
/// was given.
/// </summary>
public sealed class PlanApplier
{
    // Safe order: what exists is brought in line first, new integrations next, and deletions last, so a failure part
    // way never leaves fewer integrations than before.
    private static readonly IntegrationPlanAction[] SafeOrder =
    {
        IntegrationPlanAction.NoChange, IntegrationPlanAction.Update, IntegrationPlanAction.Replace, IntegrationPlanAction.Create, IntegrationPlanAction.Delete,
    };

    private readonly IntegrationChanges _changes;
    private readonly ChangeOptions _options;

    /// <param name="options">
    /// How every change is made (timeouts, executor, privileged account); each is waited for, never a dry run, and scripts
    /// run only where the integration is set up manually.
    /// </param>
    public PlanApplier(IntegrationChanges changes, ChangeOptions options)
    {
        _changes = changes ?? throw new ArgumentNullException(nameof(changes));
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Copy();
        _options.Wait = true;
        _options.DryRun = false;
        _options.Scripts = ScriptMode.WhereManual;
        // One account is given for whichever deletions need it.
        _options.WarnWhenCredentialsUnused = false;
    }

    /// <summary>The items in the order they are applied (stable within an action).</summary>
    public static IEnumerable<IntegrationPlanItem> InSafeOrder(IEnumerable<IntegrationPlanItem> plan) =>
        plan.OrderBy(item => Array.IndexOf(SafeOrder, item.Action));

    /// <summary>Makes one item's change; a failure of its integration is in the result, a failure of the connection is thrown.</summary>
    public Task<AppliedPlanItem> ApplyAsync(IntegrationPlanItem item, CancellationToken cancellationToken) => ApplyAsync(item, null, cancellationToken);

    /// <summary>
    /// Makes one item's change, telling <paramref name="journal"/> of each request as it is sent and answered (a Replace's
    /// delete, then its create), so that a stop part way can say what was made.
    /// </summary>
    public async Task<AppliedPlanItem> ApplyAsync(IntegrationPlanItem item, IChangeJournal? journal, CancellationToken cancellationToken)
    {
        if (item.Action == IntegrationPlanAction.NoChange)
        {
            return new AppliedPlanItem(Result(item, IntegrationSyncOutcome.Done, "no change", item.Current), null);
        }
        ChangeOptions options = _options;
        if (journal != null)
        {
            options = _options.Copy();
            options.Journal = journal;
        }
        ChangeOutcome? removed = null;
        ChangeOutcome? made = null;
        if (item.Action == IntegrationPlanAction.Delete || item.Action == IntegrationPlanAction.Replace)
        {
            removed = await _changes.DeleteAsync(item.Id!, options, cancellationToken, item.Current).ConfigureAwait(false);
        }
        if (removed?.Error is null)
        {
            var payload = item.Desired as PreparedPayload;
            if (item.Action == IntegrationPlanAction.Update)
            {
                made = await _changes.UpdateAsync(item.Id!, payload!, options, cancellationToken, item.Current).ConfigureAwait(false);
            }
            else if (item.Action == IntegrationPlanAction.Create || item.Action == IntegrationPlanAction.Replace)
            {
                made = await _changes.CreateAsync(payload!, options, cancellationToken).ConfigureAwait(false);
            }
        }
        Exception? error = removed?.Error ?? made?.Error;
        if (error != null) return new AppliedPlanItem(Result(item, IntegrationSyncOutcome.Failed, error.Message, null), error);
        Integration? after = made?.Integration;
        string done = item.Action switch
        {
            IntegrationPlanAction.Update => "updated",
            IntegrationPlanAction.Replace => $"replaced (integration {item.Id} deleted, {after?.Id} created)",
            IntegrationPlanAction.Create => "created",
            _ => "deleted",
        };
        IntegrationSyncResult result = Result(item, IntegrationSyncOutcome.Done, done, after);
        if (after != null) result.Id = after.Id;
        return new AppliedPlanItem(result, null);
    }

    /// <summary>An item that was not applied (a Replace without permission), reported as failed with its reason.</summary>
    public static IntegrationSyncResult NotApplied(IntegrationPlanItem item, string message) =>
        Result(item, IntegrationSyncOutcome.Failed, message, item.Current);

    private static IntegrationSyncResult Result(IntegrationPlanItem item, IntegrationSyncOutcome outcome, string message, Integration? integration) =>
        new IntegrationSyncResult
        {
            Action = item.Action,
            Type = item.Type,
            Target = item.Target,
            Id = item.Id,
            Source = item.Source,
            Outcome = outcome,
            Message = message,
            Changes = item.Changes,
            Integration = integration,
        };
}

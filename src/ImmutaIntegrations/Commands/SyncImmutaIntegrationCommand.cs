using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Sync-ImmutaIntegration: makes Immuta's integrations what payload files say. Every file is read and validated
/// first, and nothing changes if any is invalid; then the plan (Compare-ImmutaIntegration) is applied in a safe
/// order: updates, replacements, creations, then deletions (-Prune), waiting for each to settle. A failed item
/// is an error and the rest go on; the output says what was done to each. Running it again changes nothing.
/// </summary>
[Cmdlet(VerbsData.Sync, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(IntegrationSyncResult))]
public sealed class SyncImmutaIntegrationCommand : ChangingCmdlet
{
    /// <summary>Payload files, or folders whose *.yaml, *.yml and *.json files are read (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Delete the integrations that are in none of the files.</summary>
    [Parameter]
    public SwitchParameter Prune { get; set; }

    /// <summary>
    /// Apply Replace items: an integration whose file changes a field fixed at creation (a database, a catalog) is
    /// deleted and created again. Without it such items fail and everything else goes on.
    /// </summary>
    [Parameter]
    public SwitchParameter AllowReplace { get; set; }

    /// <summary>
    /// The privileged account Immuta needs to delete an automatically configured Snowflake, Redshift or Synapse
    /// integration: one that -Prune removes, or that a Replace deletes before creating it again.
    /// </summary>
    [Parameter]
    public PSCredential? Credential { get; set; }

    /// <summary>The role to use with -Credential (Snowflake); by default the integration's own.</summary>
    [Parameter]
    public string? Role { get; set; }

    protected override void EndProcessing()
    {
        IReadOnlyList<IntegrationPlanItem> plan = DesiredState.Plan(this, Path, Prune, PayloadValidationOptions.Default, "nothing was changed");
        ImmutaConnection connection = ResolveConnection();
        ChangeOptions options = ChangeSettings.From(this);
        options.Credentials = ChangeSettings.Credentials(Credential, Role);
        var applier = new PlanApplier(Connections.Changes(connection, Output), options);
        string scripts = options.Executor is null ? string.Empty : ", running its scripts on the platform where it is set up manually";
        int failed = 0;
        foreach (IntegrationPlanItem item in PlanApplier.InSafeOrder(plan))
        {
            if (item.Action == IntegrationPlanAction.Replace && !AllowReplace)
            {
                var refused = new ImmutaRefusedException(
                    $"The {item.Type} integration on {item.Target} (id {item.Id}) must be replaced: {item.Reason}. "
                    + "Nothing was changed for it; run again with -AllowReplace to delete and create it.",
                    ImmutaErrorId.ReplaceNotAllowed);
                if (Confirmation.WhatIfRequested(this))
                {
                    // A rehearsal: said, not failed.
                    Warnings.Write(this, refused.Message);
                    continue;
                }
                WriteError(ErrorRecords.From(refused, item.Source));
                WriteObject(PlanApplier.NotApplied(item, refused.Message));
                failed++;
                continue;
            }
            if (item.Action != IntegrationPlanAction.NoChange && !Confirmation.ShouldChange(this, Describe(item), What(item, scripts), Force)) continue;
            AppliedPlanItem? applied = null;
            Run(async cancellation => applied = await applier.ApplyAsync(item, cancellation).ConfigureAwait(false));
            if (applied!.Error != null)
            {
                WriteError(ErrorRecords.From(applied.Error, item.Source ?? item.Id));
                failed++;
            }
            else if (item.Action != IntegrationPlanAction.NoChange)
            {
                WriteVerbose($"{Describe(item)}: {applied.Result.Message}.");
            }
            WriteObject(applied.Result);
        }
        if (failed > 0) ExitCode.Fail(this, $"{failed} change(s) failed");
        AgentSummaries.Sync(this);
    }

    private new void WriteObject(object sendToPipeline) => base.WriteObject(AgentSummaries.Collect(this, sendToPipeline));

    private static string Describe(IntegrationPlanItem item)
    {
        IntegrationType? type = IntegrationTypes.Resolve(item.Type);
        string phrase = type?.PlanKey.Count == 0 ? item.Target : $"{item.Type} integration on {item.Target}";
        return phrase + (item.Id is null ? string.Empty : $" (id {item.Id})");
    }

    private static string What(IntegrationPlanItem item, string scripts)
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

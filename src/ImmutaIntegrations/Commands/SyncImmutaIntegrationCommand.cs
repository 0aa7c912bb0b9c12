using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.SavedPlans;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Commands;

/// <summary>
/// Sync-ImmutaIntegration: makes Immuta's integrations what payload files say. Every file is read and validated
/// first, and nothing changes if any is invalid; then the plan (Compare-ImmutaIntegration) is applied in a safe
/// order, phase by phase: updates and replacements, then creations, then deletions (-Prune), the changes of a phase made
/// at once (-ThrottleLimit), each waited for. A failed item is an error and the rest go on; the output says what was done
/// to each, in plan order. Running it again changes nothing. With -Plan it applies a saved plan (Compare-ImmutaIntegration
/// -OutFile) exactly, in the same way, or refuses it whole when the tenant has moved since. With -RotateSecret, the
/// integrations whose files refer to the named secrets are updated to send them again.
/// </summary>
[Cmdlet(VerbsData.Sync, "ImmutaIntegration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(IntegrationSyncResult))]
public sealed class SyncImmutaIntegrationCommand : ChangingCmdlet
{
    public const string PathSet = "Path";
    public const string PlanSet = "Plan";

    /// <summary>Payload files, or folders whose *.yaml, *.yml and *.json files are read (wildcards allowed).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = new string[0];

    /// <summary>Delete the integrations that are in none of the files.</summary>
    [Parameter(ParameterSetName = PathSet)]
    public SwitchParameter Prune { get; set; }

    /// <summary>
    /// Send secrets again (a rotation): every existing integration whose payload refers to one of these references is
    /// updated with its whole payload and the secrets as they are now, and Immuta's validation proves them; one whose new
    /// secret fails is a failed change with Immuta's message, and the others go on. A reference as written
    /// (<c>'${env:DBX_TOKEN}'</c>), or a name with wildcards matched against the references' variables, files and secrets
    /// (<c>DBX_TOKEN</c>, <c>dbx-*</c>, <c>Vault/dbx-token</c>); <c>*</c> for every reference. A value that names no reference
    /// in the files is a warning. To apply a reviewed rotation, save it with Compare-ImmutaIntegration -RotateSecret -OutFile.
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(Completion.SecretReferenceCompleter))]
    public string[]? RotateSecret { get; set; }

    /// <summary>
    /// A saved plan (Compare-ImmutaIntegration -OutFile) to apply instead of payload files: exactly its items, or nothing.
    /// The tenant is read again first, and the whole plan is refused (nothing changed, $LASTEXITCODE 1) when anything it
    /// would change has moved since it was made, when it was made for another tenant, or when the file is not the plan as
    /// written. The secrets its payloads refer to are read now, from where they refer.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = PlanSet)]
    [ValidateNotNullOrEmpty]
    public string Plan { get; set; } = string.Empty;

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

    /// <summary>
    /// How many changes of a phase are made at once (default 16; 1 makes them one at a time). Phases still follow each
    /// other: updates and replacements, then creations, then deletions.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = DefaultSyncThrottleLimit;

    /// <summary>
    /// How many setup scripts may run on the platform at once through -DbConnection or -Executor (default 1: one
    /// connection is not safe to share, and a script's session settings are its own). Raise it only for an -Executor
    /// that opens a connection of its own for each call.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ScriptThrottleLimit { get; set; } = 1;

    /// <summary>
    /// The default of -ThrottleLimit: measured with 2-second transitions (docs/performance.md), 16 at a time makes a sync
    /// of 60 changes over ten times faster than one at a time and well within twice the floor of one transition per phase;
    /// 32 is faster still on loopback (40 creations in two rounds rather than three), at twice the load on the tenant.
    /// </summary>
    public const int DefaultSyncThrottleLimit = 16;

    protected override void EndProcessing()
    {
        if (DbConnection != null && ScriptThrottleLimit > 1)
        {
            ThrowTerminatingError(ErrorRecords.From(new ImmutaRefusedException(
                "-ScriptThrottleLimit above 1 needs an -Executor that opens a connection of its own for each call: "
                + "one -DbConnection runs one statement at a time. Nothing was changed.", ImmutaErrorId.InvalidArgument), DbConnection));
        }
        IntegrationPlanFile? saved = null;
        IReadOnlyList<IntegrationPlanItem> plan;
        if (ParameterSetName == PlanSet)
        {
            SavedPlan applying = SavedPlans.ForApply(this, Plan);
            (saved, plan) = (applying.File, applying.Items);
        }
        else
        {
            try
            {
                plan = DesiredState.Plan(this, Path, Prune, SessionSecrets.ForSending(this), "nothing was changed", out _, RotateSecret);
            }
            catch when (!Stopping)
            {
                // Files that are not valid (a secret that cannot be had among them) fail the step, as a failed change does; a
                // terminating error unwinds as a stopped pipeline, so only the user's Ctrl+C (Stopping) is told apart.
                ExitCode.Fail(this, "Nothing was synced");
                throw;
            }
        }
        ImmutaConnection connection = ResolveConnection();
        ChangeOptions options = ChangeSettings.From(this);
        options.Credentials = ChangeSettings.Credentials(Credential, Role);
        if (options.Executor != null) options.Executor = StatementExecutor.Shared(options.Executor, ScriptThrottleLimit);
        var progress = new SyncProgress(Output);
        var applier = new PlanApplier(Connections.Changes(connection, Output, progress), options);
        string scripts = options.Executor is null ? string.Empty : ", running its scripts on the platform where it is set up manually";
        IReadOnlyList<PlanDecision> decisions = PlanPolicy.Decide(plan,
            new PlanPolicyOptions { AllowReplace = AllowReplace, Rehearsal = Confirmation.WhatIfRequested(this) });
        var results = new SyncResults(Output, decisions.Select(d => d.Item).ToList());
        // Every question is asked before anything starts, here on the pipeline thread.
        var approved = new List<(IntegrationPlanItem Item, int Position)>();
        foreach (PlanDecision decision in decisions)
        {
            switch (decision.Verdict)
            {
                case PlanVerdict.Refuse:
                    results.Set(decision.Position, PlanApplier.NotApplied(decision.Item, decision.Refusal!.Message), decision.Refusal);
                    break;
                case PlanVerdict.Warn:
                    // A rehearsal: said, not failed.
                    Warnings.Write(this, decision.Refusal!.Message);
                    results.Skip(decision.Position);
                    break;
                case PlanVerdict.Confirm when !Confirmation.ShouldChange(this, SyncWords.Describe(decision.Item), SyncWords.What(decision.Item, scripts), Force):
                    results.Skip(decision.Position);
                    break;
                default:
                    approved.Add((decision.Item, decision.Position));
                    break;
            }
        }
        try
        {
            Run(cancellation => PhasedApply.ApplyAsync(applier, approved.Select(a => a.Item).ToList(), ThrottleLimit,
                (index, applied) => results.Set(approved[index].Position, applied.Result, applied.Error), progress.Phase,
                index => results.Journal(approved[index].Position), cancellation));
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C: the streams are closing, the host still shows what the user must know, and the run's page too.
            IReadOnlyList<StoppedItem> stopped = results.AtStop();
            Host?.UI?.WriteWarningLine(StopReport.For(MyInvocation.MyCommand.Name, stopped));
            AgentSummaries.Stopped(this, stopped, saved);
            throw;
        }
        progress.Ended();
        if (results.Failed > 0) ExitCode.Fail(this, $"{results.Failed} change(s) failed");
        AgentSummaries.Sync(this, results.Written, saved);
    }
}

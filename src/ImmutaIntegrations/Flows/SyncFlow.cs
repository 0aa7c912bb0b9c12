using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Commands;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Flows;

/// <summary>
/// Compare- and Sync-ImmutaIntegration's work: read and validate every file, read what Immuta has, plan, and
/// (Sync) apply the plan one item at a time in a safe order, waiting for each change to settle.
/// </summary>
internal static class SyncFlow
{
    public static void Compare(CompareImmutaIntegrationCommand cmdlet)
    {
        // A plan sends nothing: the secrets the files refer to need not be set (a pull request's build rarely has them).
        var options = PayloadValidationOptions.Default.WithoutSecretReferenceCheck();
        IReadOnlyList<IntegrationPlanItem> plan = Plan(cmdlet, cmdlet.Path, cmdlet.Prune, options, "nothing was compared");
        foreach (IntegrationPlanItem item in plan) cmdlet.WriteObject(item);
    }

    public static void Sync(SyncImmutaIntegrationCommand cmdlet)
    {
        IReadOnlyList<IntegrationPlanItem> plan = Plan(cmdlet, cmdlet.Path, cmdlet.Prune, PayloadValidationOptions.Default, "nothing was changed");
        ImmutaConnection connection = cmdlet.ResolveConnection();
        IntegrationsApi api = Connections.Api(connection, cmdlet);
        bool canRunScripts = cmdlet.DbConnection != null || cmdlet.Executor != null;
        // Safe order: what exists is brought in line first, new integrations next, and deletions last, so a
        // failure part way never leaves fewer integrations than before.
        var order = new[] { IntegrationPlanAction.NoChange, IntegrationPlanAction.Update, IntegrationPlanAction.Replace, IntegrationPlanAction.Create, IntegrationPlanAction.Delete };
        int failed = 0;
        foreach (IntegrationPlanItem item in plan.OrderBy(i => Array.IndexOf(order, i.Action)))
        {
            if (item.Action == IntegrationPlanAction.NoChange)
            {
                cmdlet.WriteObject(Result(item, IntegrationSyncOutcome.Done, "no change", item.Current));
                continue;
            }
            if (item.Action == IntegrationPlanAction.Replace && !cmdlet.AllowReplace)
            {
                var refused = new ImmutaApiException(
                    $"The {item.Type} integration on {item.Target} (id {item.Id}) must be replaced: {item.Reason}. Nothing was changed for it; run again with -AllowReplace to delete and create it.",
                    ImmutaErrorId.ReplaceNotAllowed, failure: ImmutaFailure.Precondition);
                if (cmdlet.WhatIfRequested)
                {
                    // A rehearsal: said, not failed.
                    cmdlet.Warn(refused.Message);
                    continue;
                }
                cmdlet.WriteError(ErrorRecords.From(refused, item.Source));
                cmdlet.WriteObject(Result(item, IntegrationSyncOutcome.Failed, refused.Message, item.Current));
                failed++;
                continue;
            }
            if (!cmdlet.ShouldChange(Describe(item), What(item, canRunScripts), cmdlet.Force)) continue;
            if (!Apply(cmdlet, connection, api, item, canRunScripts)) failed++;
        }
        if (failed > 0) Failed(cmdlet, failed);
    }

    /// <summary>
    /// A sync with failures fails the job that ran it: $LASTEXITCODE is 1 (what the Azure DevOps and GitHub Actions
    /// wrappers exit with), and where no one is at the prompt (pwsh -File or -Command in a job) the process exits with
    /// 1 when the script ends, unless the script exits with a code of its own. An interactive session stays open.
    /// </summary>
    private static void Failed(SyncImmutaIntegrationCommand cmdlet, int failed)
    {
        cmdlet.WriteVerbose($"{failed} change(s) failed: $LASTEXITCODE is 1.");
        cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", 1);
        if (Interaction.IsNonInteractive(cmdlet.Host) && cmdlet.Host?.Name == "ConsoleHost") cmdlet.Host.SetShouldExit(1);
    }

    private static IReadOnlyList<IntegrationPlanItem> Plan(ImmutaApiCmdlet cmdlet, string[] paths, bool prune, PayloadValidationOptions options, string stopping)
    {
        IReadOnlyList<string> files = DesiredPayloads.Files(cmdlet, paths);
        IReadOnlyList<PreparedPayload> desired = DesiredPayloads.ReadAll(cmdlet, files, options, stopping);
        ImmutaConnection connection = cmdlet.ResolveConnection();
        IntegrationsApi api = Connections.Api(connection, cmdlet);
        var actual = new List<Integration>();
        cmdlet.Run(cancellation => api.GetIntegrationsAsync(integration => { lock (actual) actual.Add(integration); }, cancellation));
        try
        {
            IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired, actual, prune);
            foreach (IntegrationPlanItem item in plan)
            {
                if (item.Current != null) item.Current.Connection = connection;
            }
            return plan;
        }
        catch (ImmutaPayloadException e)
        {
            cmdlet.ThrowTerminatingError(ErrorRecords.From(e, files));
            throw;
        }
    }

    private static string Describe(IntegrationPlanItem item) =>
        (IntegrationTypes.Resolve(item.Type)?.PlanKey.Count == 0 ? item.Target : $"{item.Type} integration on {item.Target}")
        + (item.Id is null ? string.Empty : $" (id {item.Id})");

    private static string What(IntegrationPlanItem item, bool canRunScripts)
    {
        string changes = item.Changes.Length == 0 ? string.Empty : ": " + string.Join("; ", item.Changes.Select(c => c.ToString()));
        string scripts = canRunScripts ? ", running its scripts on the platform where it is set up manually" : string.Empty;
        switch (item.Action)
        {
            case IntegrationPlanAction.Update: return $"Update from {item.Source}{scripts}{(item.Reason is null ? string.Empty : $", because {item.Reason}")}{changes}";
            case IntegrationPlanAction.Replace: return $"Replace (delete, then create from {item.Source}){scripts}, because {item.Reason}{changes}";
            case IntegrationPlanAction.Create: return $"Create from {item.Source}{scripts}: {((PreparedPayload)item.Desired!).ToDisplayJson()}";
            default: return $"Delete, because {item.Reason}{scripts}";
        }
    }

    /// <summary>Makes one planned change and writes its result; false when it failed.</summary>
    private static bool Apply(SyncImmutaIntegrationCommand cmdlet, ImmutaConnection connection, IntegrationsApi api, IntegrationPlanItem item, bool canRunScripts)
    {
        bool succeeded = false;
        cmdlet.Run(async cancellation =>
        {
            try
            {
                Integration? after = null;
                switch (item.Action)
                {
                    case IntegrationPlanAction.Update:
                        after = await UpdateAsync(cmdlet, api, item, canRunScripts, cancellation).ConfigureAwait(false);
                        break;
                    case IntegrationPlanAction.Replace:
                        await DeleteAsync(cmdlet, api, item, canRunScripts, cancellation).ConfigureAwait(false);
                        after = await CreateAsync(cmdlet, api, item, canRunScripts, cancellation).ConfigureAwait(false);
                        break;
                    case IntegrationPlanAction.Create:
                        after = await CreateAsync(cmdlet, api, item, canRunScripts, cancellation).ConfigureAwait(false);
                        break;
                    case IntegrationPlanAction.Delete:
                        await DeleteAsync(cmdlet, api, item, canRunScripts, cancellation).ConfigureAwait(false);
                        break;
                }
                if (after != null) after.Connection = connection;
                string done = item.Action switch
                {
                    IntegrationPlanAction.Update => "updated",
                    IntegrationPlanAction.Replace => $"replaced (integration {item.Id} deleted, {after?.Id} created)",
                    IntegrationPlanAction.Create => "created",
                    _ => "deleted",
                };
                IntegrationSyncResult result = Result(item, IntegrationSyncOutcome.Done, done, after);
                if (after != null) result.Id = after.Id;
                cmdlet.PostVerbose($"{Describe(item)}: {done}.");
                cmdlet.Post(() => cmdlet.WriteObject(result));
                succeeded = true;
            }
            catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e))
            {
                cmdlet.PostError(e, item.Source ?? item.Id);
                IntegrationSyncResult failed = Result(item, IntegrationSyncOutcome.Failed, e.Message, null);
                cmdlet.Post(() => cmdlet.WriteObject(failed));
            }
        });
        return succeeded;
    }

    private static bool IsManual(IntegrationType type, bool? autoBootstrap, IntegrationScriptKind kind) => autoBootstrap == false && type.HasScript(kind);

    private static async Task<Integration> CreateAsync(SyncImmutaIntegrationCommand cmdlet, IntegrationsApi api, IntegrationPlanItem item, bool canRunScripts,
        CancellationToken cancellation)
    {
        var payload = (PreparedPayload)item.Desired!;
        bool manual = IsManual(payload.Type, payload.AutoBootstrap, IntegrationScriptKind.Create);
        Func<ScriptStatement, CancellationToken, Task<int?>>? execute = manual && canRunScripts ? Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor) : null;
        if (manual && execute is null)
        {
            cmdlet.PostWarning($"{payload.Origin} is set up manually (autoBootstrap false): its setup scripts are not run here (give -DbConnection or -Executor to run them), so they must have been run already.");
        }
        if (execute != null) await Workflows.RunSetupScriptsAsync(api, cmdlet, payload, execute, cancellation).ConfigureAwait(false);
        ChangeResult created = await api.CreateAsync(payload, false, cancellation).ConfigureAwait(false);
        cmdlet.PostVerbose($"Created {payload.Type.Name} integration {created.Id} ({created.Status}) from {payload.Origin}.");
        WaitOutcome outcome = await Workflows.WaitAsync(api, cmdlet, created.Id, cmdlet.Timeout, cmdlet.PollInterval, cancellation).ConfigureAwait(false);
        if (outcome.Failed && execute != null) await Workflows.CleanUpAsync(api, cmdlet, payload, execute, cancellation).ConfigureAwait(false);
        return Workflows.Settled(outcome, cmdlet.Timeout, "created");
    }

    private static async Task<Integration> UpdateAsync(SyncImmutaIntegrationCommand cmdlet, IntegrationsApi api, IntegrationPlanItem item, bool canRunScripts,
        CancellationToken cancellation)
    {
        var payload = (PreparedPayload)item.Desired!;
        string id = item.Id!;
        if (canRunScripts && IsManual(payload.Type, item.Current?.AutoBootstrap, IntegrationScriptKind.Edit))
        {
            var execute = Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor);
            await Workflows.RunScriptAsync(api, cmdlet, payload.Type, IntegrationScriptKind.Edit, id, payload, execute, cancellation).ConfigureAwait(false);
        }
        await api.UpdateAsync(id, payload, false, cancellation).ConfigureAwait(false);
        WaitOutcome outcome = await Workflows.WaitAsync(api, cmdlet, id, cmdlet.Timeout, cmdlet.PollInterval, cancellation).ConfigureAwait(false);
        return Workflows.Settled(outcome, cmdlet.Timeout, "updated");
    }

    private static async Task DeleteAsync(SyncImmutaIntegrationCommand cmdlet, IntegrationsApi api, IntegrationPlanItem item, bool canRunScripts,
        CancellationToken cancellation)
    {
        Integration current = item.Current!;
        IntegrationType type = IntegrationTypes.Resolve(current.Type)!;
        DeleteCredentials? credentials = null;
        if (current.AutoBootstrap == true && type.DeleteNeedsCredentialsWhenAutomatic)
        {
            if (cmdlet.Credential is null)
            {
                throw new ImmutaApiException(
                    $"Integration {current.Id} ({type.Name} on {item.Target}) was configured automatically: Immuta needs the privileged account to remove what it configured. Give it with -Credential (and -Role if needed).",
                    ImmutaErrorId.CredentialsRequired, failure: ImmutaFailure.Precondition);
            }
            credentials = new DeleteCredentials(cmdlet.Credential.UserName, cmdlet.Credential.Password, cmdlet.Role ?? PlainValues.Get(current.Config, "role") as string);
        }
        // A manual cleanup's script is fetched while the integration still exists, and run once it is gone.
        string? script = canRunScripts && IsManual(type, current.AutoBootstrap, IntegrationScriptKind.Delete)
            ? await api.GetScriptAsync(IntegrationScriptKind.Delete, current.Id, null, cancellation).ConfigureAwait(false)
            : null;
        await api.DeleteAsync(current.Id, credentials, false, false, cancellation).ConfigureAwait(false);
        Workflows.Settled(await Workflows.WaitAsync(api, cmdlet, current.Id, cmdlet.Timeout, cmdlet.PollInterval, cancellation, missingMeansDeleted: true).ConfigureAwait(false),
            cmdlet.Timeout, "accepted for deletion");
        if (script != null)
        {
            await Workflows.RunScriptTextAsync(cmdlet, type, IntegrationScriptKind.Delete, script, Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor), cancellation).ConfigureAwait(false);
        }
    }

    private static IntegrationSyncResult Result(IntegrationPlanItem item, IntegrationSyncOutcome outcome, string message, Integration? integration) => new IntegrationSyncResult
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

using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Api;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>
/// The platform side of a manual setup: fetching Immuta's scripts and running them in the order the workflows
/// need (docs/api-contract.md §6). Each run stops at the first failed statement, which fails the change.
/// </summary>
internal sealed class ManualScripts
{
    private readonly IntegrationsApi _api;
    private readonly IImmutaLog _log;
    private readonly IChangeProgress _progress;

    public ManualScripts(IntegrationsApi api, IImmutaLog log, IChangeProgress progress)
    {
        _api = api;
        _log = log;
        _progress = progress;
    }

    /// <summary>Before a create: initial-create first where the type has it (Redshift, Synapse), then create.</summary>
    public async Task SetUpAsync(PreparedPayload payload, IStatementExecutor executor, List<ScriptStatementResult> ran, CancellationToken cancellationToken)
    {
        if (payload.Type.HasScript(IntegrationScriptKind.InitialCreate))
        {
            await FetchAndRunAsync(payload.Type, IntegrationScriptKind.InitialCreate, null, payload, executor, ran, cancellationToken).ConfigureAwait(false);
        }
        await FetchAndRunAsync(payload.Type, IntegrationScriptKind.Create, null, payload, executor, ran, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a failed create: the cleanup script, and for Synapse the post-cleanup script too.</summary>
    public async Task CleanUpAsync(PreparedPayload payload, IStatementExecutor executor, List<ScriptStatementResult> ran, CancellationToken cancellationToken)
    {
        foreach (IntegrationScriptKind kind in new[] { IntegrationScriptKind.Cleanup, IntegrationScriptKind.PostCleanup })
        {
            if (!payload.Type.HasScript(kind)) continue;
            _log.Warning($"The creation failed: running the {kind} script to remove what the setup made.");
            await FetchAndRunAsync(payload.Type, kind, null, payload, executor, ran, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Before an update of a manual setup: the edit script for the new payload.</summary>
    public Task EditAsync(string id, PreparedPayload payload, IStatementExecutor executor, List<ScriptStatementResult> ran,
        CancellationToken cancellationToken) =>
        FetchAndRunAsync(payload.Type, IntegrationScriptKind.Edit, id, payload, executor, ran, cancellationToken);

    /// <summary>
    /// A delete script, run before the integration is deleted in Immuta: a failed statement stops the removal there,
    /// and the error says the integration is still in Immuta.
    /// </summary>
    public async Task RunDeleteAsync(Integration integration, IntegrationType type, string script, IStatementExecutor executor,
        List<ScriptStatementResult> ran, CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(type, IntegrationScriptKind.Delete, script, executor, ran, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaScriptException e)
        {
            throw new ImmutaScriptException(
                $"{e.Message}{Environment.NewLine}Nothing was deleted in Immuta: integration {integration.Id} is still there. "
                + "Fix what the platform said, then remove it again.",
                e.Results, e.ErrorId, e);
        }
    }

    /// <summary>A delete script, fetched while its integration still exists.</summary>
    public Task<string> FetchDeleteAsync(string id, CancellationToken cancellationToken) =>
        _api.GetScriptAsync(IntegrationScriptKind.Delete, id, null, cancellationToken);

    private async Task FetchAndRunAsync(IntegrationType type, IntegrationScriptKind kind, string? id, PreparedPayload? payload, IStatementExecutor executor,
        List<ScriptStatementResult> ran, CancellationToken cancellationToken)
    {
        string text = await _api.GetScriptAsync(kind, id, payload, cancellationToken).ConfigureAwait(false);
        await RunAsync(type, kind, text, executor, ran, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a script's text; its results are added to <paramref name="ran"/>, and a failed statement fails the change.</summary>
    public async Task RunAsync(IntegrationType type, IntegrationScriptKind kind, string text, IStatementExecutor executor, List<ScriptStatementResult> ran,
        CancellationToken cancellationToken)
    {
        ScriptStatement[] statements = ScriptRunner.Statements(text);
        _log.Verbose($"Running the {kind} script for {type.Name}: {statements.Length} statements.");
        IReadOnlyList<ScriptStatementResult> results =
            await ScriptRunner.RunAsync(statements, kind.ToString(), executor, _progress.RunningScript, cancellationToken).ConfigureAwait(false);
        _progress.ScriptEnded(kind.ToString());
        ran.AddRange(results);
        ScriptRunner.ThrowIfFailed(results);
    }
}

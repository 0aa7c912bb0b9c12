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
/// What a create, update or delete of one integration is, written once for every command that makes one: the
/// checks before sending, the scripts of a manual setup around the request, the wait, the cleanup after a failed
/// create, and the reading back. Lost answers are reconciled by <see cref="IntegrationsApi"/> itself. A failure of
/// the one integration is returned in the outcome; a failure of the whole connection (and cancellation) is thrown.
/// </summary>
public sealed class IntegrationChanges
{
    private readonly IntegrationsApi _api;
    private readonly IImmutaLog _log;
    private readonly IChangeProgress _progress;
    private readonly ManualScripts _scripts;

    public IntegrationChanges(IntegrationsApi api, IImmutaLog? log = null, IChangeProgress? progress = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _log = log ?? NullImmutaLog.Instance;
        _progress = progress ?? NoChangeProgress.Instance;
        _scripts = new ManualScripts(_api, _log, _progress);
    }

    /// <summary>POST /integrations, with the setup scripts before it and the cleanup scripts when it fails (manual setups).</summary>
    public Task<ChangeOutcome> CreateAsync(PreparedPayload payload, ChangeOptions options, CancellationToken cancellationToken) =>
        Attempt(async (outcome, ran) =>
        {
            IStatementExecutor? executor = ExecutorForCreate(payload, options);
            if (executor != null) await _scripts.SetUpAsync(payload, executor, ran, cancellationToken).ConfigureAwait(false);
            ChangeResult created;
            IChangeJournal? journal = Sending(options, ChangeRequest.Create, null, cancellationToken);
            try
            {
                created = await _api.CreateAsync(payload, options.DryRun, cancellationToken).ConfigureAwait(false);
            }
            catch (ImmutaApiException e) when (executor != null && e.ErrorId == ImmutaErrorId.PrerequisiteFailed)
            {
                await _scripts.CleanUpAsync(payload, executor, ran, cancellationToken).ConfigureAwait(false);
                throw;
            }
            journal?.Accepted(ChangeRequest.Create, created.Id, created.Status);
            if (options.DryRun)
            {
                Validated(outcome, created);
                return;
            }
            outcome.Id = created.Id;
            _log.Verbose($"Created {payload.Type.Name} integration {created.Id} ({created.Status}) from {payload.Origin}.");
            if (!options.Wait && executor is null)
            {
                await ReadBackAsync(outcome, created, payload, "created", cancellationToken).ConfigureAwait(false);
                return;
            }
            WaitOutcome waited = await WaitAsync(created.Id, options, missingMeansDeleted: false, cancellationToken).ConfigureAwait(false);
            if (executor != null && waited.Failed) await _scripts.CleanUpAsync(payload, executor, ran, cancellationToken).ConfigureAwait(false);
            Settled(outcome, waited, options, "created");
        });

    /// <summary>
    /// PUT /integrations/{id}, with the edit script before it (manual setups). <paramref name="current"/> is the
    /// integration as last read, when the caller has it; otherwise it is read first.
    /// </summary>
    public Task<ChangeOutcome> UpdateAsync(string id, PreparedPayload payload, ChangeOptions options, CancellationToken cancellationToken,
        Integration? current = null) =>
        Attempt(async (outcome, ran) =>
        {
            outcome.Id = id;
            ChangeRules.CheckUpdatable(payload);
            current ??= await _api.GetIntegrationAsync(id, cancellationToken).ConfigureAwait(false);
            ChangeRules.CheckUpdate(current, payload, _log);
            IStatementExecutor? executor = options.Scripts == ScriptMode.Always ? options.RequireExecutor()
                : options.Scripts == ScriptMode.WhereManual
                    && ChangeRules.IsManual(payload.Type, current.AutoBootstrap, IntegrationScriptKind.Edit) ? options.Executor
                : null;
            if (executor != null) await _scripts.EditAsync(id, payload, executor, ran, cancellationToken).ConfigureAwait(false);
            IChangeJournal? journal = Sending(options, ChangeRequest.Update, id, cancellationToken);
            ChangeResult changed = await _api.UpdateAsync(id, payload, options.DryRun, cancellationToken).ConfigureAwait(false);
            journal?.Accepted(ChangeRequest.Update, id, changed.Status);
            if (options.DryRun)
            {
                Validated(outcome, changed);
                return;
            }
            if (!options.Wait && executor is null)
            {
                await ReadBackAsync(outcome, changed, payload, "updated", cancellationToken).ConfigureAwait(false);
                return;
            }
            Settled(outcome, await WaitAsync(id, options, missingMeansDeleted: false, cancellationToken).ConfigureAwait(false), options, "updated");
        });

    /// <summary>
    /// DELETE /integrations/{id}, with the privileged account where the integration needs it. A manual cleanup runs the
    /// delete script on the platform first, and deletes in Immuta only once it has run (docs/api-contract.md §6): when a
    /// statement fails, nothing is deleted in Immuta and the error says so.
    /// </summary>
    public Task<ChangeOutcome> DeleteAsync(string id, ChangeOptions options, CancellationToken cancellationToken, Integration? current = null) =>
        Attempt(async (outcome, ran) =>
        {
            outcome.Id = id;
            Integration integration = current ?? await _api.GetIntegrationAsync(id, cancellationToken).ConfigureAwait(false);
            IntegrationType type = ChangeRules.TypeOf(integration);
            DeleteCredentials? credentials = ChangeRules.CredentialsFor(integration, type, options, _log);
            IStatementExecutor? executor = ExecutorForDelete(integration, type, options);
            // A dry run changes nothing, on the platform least of all.
            if (executor != null && !options.DryRun)
            {
                string script = await _scripts.FetchDeleteAsync(id, cancellationToken).ConfigureAwait(false);
                await _scripts.RunDeleteAsync(integration, type, script, executor, ran, cancellationToken).ConfigureAwait(false);
            }
            IChangeJournal? journal = Sending(options, ChangeRequest.Delete, id, cancellationToken);
            ChangeResult removed = await _api.DeleteAsync(id, credentials, options.DryRun, options.ForceDisable, cancellationToken).ConfigureAwait(false);
            journal?.Accepted(ChangeRequest.Delete, id, removed.Status);
            if (options.DryRun)
            {
                Validated(outcome, removed);
                return;
            }
            _log.Verbose($"Integration {id} is {removed.Status}.");
            outcome.State = ChangeState.Made;
            if (options.Wait)
            {
                Settled(outcome, await WaitAsync(id, options, missingMeansDeleted: true, cancellationToken).ConfigureAwait(false),
                    options, "accepted for deletion");
            }
        });

    // Tells the journal a request is about to be sent, and gives it back to be told the answer. A dry run changes nothing,
    // so it has nothing to tell. A change stopped already sends nothing, and must not be told as in flight.
    private static IChangeJournal? Sending(ChangeOptions options, ChangeRequest request, string? id, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IChangeJournal? journal = options.DryRun ? null : options.Journal;
        journal?.Sending(request, id);
        return journal;
    }

    private IStatementExecutor? ExecutorForDelete(Integration integration, IntegrationType type, ChangeOptions options)
    {
        switch (options.Scripts)
        {
            case ScriptMode.Always when ChangeRules.IsRemovedWithoutScript(integration, type):
                _log.Verbose($"{type.Name} integration {integration.Id} was set up manually and has no delete script: "
                    + "it is removed with a DELETE alone, and needs no executor.");
                return null;
            case ScriptMode.Always:
                ChangeRules.CheckManualCleanup(integration, type);
                return options.RequireExecutor();
            case ScriptMode.WhereManual when ChangeRules.IsManual(type, integration.AutoBootstrap, IntegrationScriptKind.Delete):
                return options.Executor;
            default:
                return null;
        }
    }

    private IStatementExecutor? ExecutorForCreate(PreparedPayload payload, ChangeOptions options)
    {
        switch (options.Scripts)
        {
            case ScriptMode.Always:
                ChangeRules.CheckManualSetup(payload);
                return options.RequireExecutor();
            case ScriptMode.WhereManual when ChangeRules.IsManual(payload.Type, payload.AutoBootstrap, IntegrationScriptKind.Create):
                if (options.Executor is null)
                {
                    _log.Warning($"{payload.Origin} is set up manually (autoBootstrap false): its setup scripts are not run here "
                        + "(give -DbConnection or -Executor to run them), so they must have been run already.");
                }
                return options.Executor;
            default:
                return null;
        }
    }

    // Runs a change; a failure of this one integration becomes the outcome (Failed, with the id and the scripts run so far).
    private static async Task<ChangeOutcome> Attempt(Func<ChangeOutcome, List<ScriptStatementResult>, Task> change)
    {
        var outcome = new ChangeOutcome();
        var ran = new List<ScriptStatementResult>();
        try
        {
            await change(outcome, ran).ConfigureAwait(false);
        }
        catch (Exception e) when (FailureScope.ConcernsOneItem(e))
        {
            outcome.State = ChangeState.Failed;
            outcome.Error = e;
        }
        outcome.Scripts = ran;
        return outcome;
    }

    private static void Validated(ChangeOutcome outcome, ChangeResult answer)
    {
        outcome.State = ChangeState.Validated;
        outcome.Validation = answer.ValidationResults;
    }

    private async Task<WaitOutcome> WaitAsync(string id, ChangeOptions options, bool missingMeansDeleted, CancellationToken cancellationToken)
    {
        IReadOnlyList<WaitOutcome> outcomes = await IntegrationWaiter.WaitAsync(_api, new[] { id }, options.Timeout, options.PollInterval, 1,
            _progress.Waiting, cancellationToken, missingMeansDeleted).ConfigureAwait(false);
        _progress.WaitEnded();
        return outcomes[0];
    }

    private static void Settled(ChangeOutcome outcome, WaitOutcome waited, ChangeOptions options, string done)
    {
        outcome.State = Settling.StateOf(waited);
        outcome.Integration = waited.Integration;
        outcome.Error = Settling.ErrorOf(waited, options.Timeout, done);
    }

    /// <summary>
    /// The integration a change made, read back. The change is done: when the read fails (the tenant busy, the
    /// connection gone), the integration is as the change's answer and the payload describe it (secrets redacted).
    /// </summary>
    private async Task ReadBackAsync(ChangeOutcome outcome, ChangeResult change, PreparedPayload payload, string done, CancellationToken cancellationToken)
    {
        try
        {
            outcome.Integration = await _api.GetIntegrationAsync(change.Id, cancellationToken).ConfigureAwait(false);
            outcome.State = ChangeState.Made;
        }
        catch (ImmutaApiException e) when (!cancellationToken.IsCancellationRequested)
        {
            _log.Warning($"Integration {change.Id} was {done}, but reading it back failed ({e.ErrorId}: {e.Message.TrimEnd('.')}); "
                + "it is returned as the answer to the change describes it.");
            outcome.State = ChangeState.MadeUnconfirmed;
            outcome.Integration = new Integration
            {
                Id = change.Id,
                Type = payload.Type.Name,
                Status = change.Status,
                AutoBootstrap = payload.AutoBootstrap,
                Config = payload.DisplayConfig(),
                ValidationResults = change.ValidationResults,
            };
        }
    }
}

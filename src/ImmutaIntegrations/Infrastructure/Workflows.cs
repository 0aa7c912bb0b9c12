using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Infrastructure;

/// <summary>
/// The steps the documented workflows (contract §6) are made of, shared by the cmdlets: fetching and
/// running a setup script, waiting for an integration to settle, and turning an error status into an error.
/// </summary>
internal static class Workflows
{
    /// <summary>What runs one statement on the platform: the user's ADO.NET connection, or their script block.</summary>
    public static Func<ScriptStatement, CancellationToken, Task<int?>> Executor(ImmutaCmdlet cmdlet, DbConnection? connection, ScriptBlock? executor)
    {
        if (connection != null) return ScriptRunner.On(connection);
        if (executor is null)
        {
            throw new ArgumentException("Running setup scripts needs -DbConnection (an open ADO.NET connection to the platform) or -Executor (a script block run once per statement).");
        }
        // A script block belongs to its runspace: it runs on the pipeline thread, with the statement's text and the statement.
        return (statement, cancellationToken) => cmdlet.OnPipelineThreadAsync(() =>
        {
            var output = executor.Invoke(statement.Text, statement);
            return output.Count == 1 && output[0]?.BaseObject is int rows ? rows : (int?)null;
        }, cancellationToken);
    }

    /// <summary>Fetches a script, runs all its statements, and fails with the statement that failed.</summary>
    public static async Task<IReadOnlyList<ScriptStatementResult>> RunScriptAsync(IntegrationsApi api, ImmutaCmdlet cmdlet, IntegrationType type,
        IntegrationScriptKind kind, string? id, PreparedPayload? payload, Func<ScriptStatement, CancellationToken, Task<int?>> execute,
        CancellationToken cancellationToken)
    {
        string text = await api.GetScriptAsync(kind, id, payload, cancellationToken).ConfigureAwait(false);
        return await RunScriptTextAsync(cmdlet, type, kind, text, execute, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a script already fetched (a delete script, fetched while its integration still existed).</summary>
    public static async Task<IReadOnlyList<ScriptStatementResult>> RunScriptTextAsync(ImmutaCmdlet cmdlet, IntegrationType type, IntegrationScriptKind kind,
        string text, Func<ScriptStatement, CancellationToken, Task<int?>> execute, CancellationToken cancellationToken)
    {
        ScriptStatement[] statements = ScriptRunner.Statements(text);
        cmdlet.PostVerbose($"Running the {kind} script for {type.Name}: {statements.Length} statements.");
        IReadOnlyList<ScriptStatementResult> results = await ScriptRunner.RunAsync(statements, kind.ToString(), execute, Progress.ForScript(cmdlet), cancellationToken).ConfigureAwait(false);
        Progress.Complete(cmdlet, Progress.ScriptActivity, $"Running the {kind} script");
        ThrowIfFailed(results);
        return results;
    }

    /// <summary>The setup scripts of a manual setup, before the create: initial-create first where the type has it (Redshift, Synapse), then create.</summary>
    public static async Task RunSetupScriptsAsync(IntegrationsApi api, ImmutaCmdlet cmdlet, PreparedPayload payload,
        Func<ScriptStatement, CancellationToken, Task<int?>> execute, CancellationToken cancellationToken)
    {
        if (payload.Type.HasScript(IntegrationScriptKind.InitialCreate))
        {
            await RunScriptAsync(api, cmdlet, payload.Type, IntegrationScriptKind.InitialCreate, null, payload, execute, cancellationToken).ConfigureAwait(false);
        }
        await RunScriptAsync(api, cmdlet, payload.Type, IntegrationScriptKind.Create, null, payload, execute, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>After a failed creation of a manual setup: the cleanup script, and for Synapse the post-cleanup script too.</summary>
    public static async Task CleanUpAsync(IntegrationsApi api, ImmutaCmdlet cmdlet, PreparedPayload payload,
        Func<ScriptStatement, CancellationToken, Task<int?>> execute, CancellationToken cancellationToken)
    {
        foreach (IntegrationScriptKind kind in new[] { IntegrationScriptKind.Cleanup, IntegrationScriptKind.PostCleanup })
        {
            if (!payload.Type.HasScript(kind)) continue;
            cmdlet.PostWarning($"The creation failed: running the {kind} script to remove what the setup made.");
            await RunScriptAsync(api, cmdlet, payload.Type, kind, null, payload, execute, cancellationToken).ConfigureAwait(false);
        }
    }

    public static void ThrowIfFailed(IReadOnlyList<ScriptStatementResult> results)
    {
        ScriptStatementResult? failed = results.FirstOrDefault(r => r.Status == "Failed");
        if (failed is null) return;
        string script = failed.Script.Length > 0 ? $"The {failed.Script} script failed" : "The script failed";
        throw new ImmutaScriptException(
            $"{script} at statement {failed.Number} of {results.Count}; the {results.Count - failed.Number} after it were not run. Statement {failed.Number}: {failed.Statement}{Environment.NewLine}The platform said: {failed.Error}",
            results.ToArray());
    }

    /// <summary>Waits for one integration to settle, with the cmdlet's progress display.</summary>
    public static async Task<WaitOutcome> WaitAsync(IntegrationsApi api, ImmutaCmdlet cmdlet, string id, TimeSpan timeout, TimeSpan pollInterval,
        CancellationToken cancellationToken, bool missingMeansDeleted = false)
    {
        const string activity = "Waiting for the integration to settle";
        IReadOnlyList<WaitOutcome> outcomes = await IntegrationWaiter.WaitAsync(api, new[] { id }, timeout, pollInterval, 1,
            Progress.ForWait(cmdlet, activity), cancellationToken, missingMeansDeleted).ConfigureAwait(false);
        Progress.Complete(cmdlet, Progress.WaitActivity, activity);
        return outcomes[0];
    }

    /// <summary>
    /// The integration a change just made or changed, read back to be returned. The change is done: when the
    /// read fails (the tenant busy, the connection gone), the command still returns the integration as the
    /// change's answer and the payload describe it (secrets redacted), and warns that it could not be read.
    /// </summary>
    public static async Task<Integration> ReadBackAsync(IntegrationsApi api, ImmutaCmdlet cmdlet, ChangeResult change, PreparedPayload payload,
        string done, CancellationToken cancellationToken)
    {
        try
        {
            return await api.GetIntegrationAsync(change.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (ImmutaApiException e) when (!cancellationToken.IsCancellationRequested)
        {
            cmdlet.PostWarning($"Integration {change.Id} was {done}, but reading it back failed ({e.ErrorId}: {e.Message.TrimEnd('.')}); it is returned as the answer to the change describes it.");
            return new Integration
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

    /// <summary>
    /// The integration a wait ended with, or the error it ended with. After a change (<paramref name="done"/>,
    /// e.g. "created"), an error of the wait itself says that the change was made all the same.
    /// </summary>
    public static Integration Settled(WaitOutcome outcome, TimeSpan timeout, string? done = null)
    {
        if (outcome.Error is ImmutaApiException failed && done != null)
        {
            throw new ImmutaApiException($"Integration {outcome.Id} was {done}, but waiting for it to settle failed: {failed.Message}", failed.ErrorId,
                failed.StatusCode, failed.Failure, failed.Method, failed.RequestUri, failed) { Attempts = failed.Attempts, RetryAfter = failed.RetryAfter };
        }
        if (outcome.Error != null) throw outcome.Error;
        Integration integration = outcome.Integration!;
        if (outcome.TimedOut)
        {
            throw new ImmutaApiException($"Integration {outcome.Id} is still {integration.Status} after {timeout}.", ImmutaErrorId.WaitTimeout,
                failure: ImmutaFailure.Timeout);
        }
        if (outcome.Failed) throw new ImmutaIntegrationFailedException(integration);
        return integration;
    }

    /// <summary>What a payload is about, for WhatIf and Confirm: "Snowflake integration on acme.snowflakecomputing.com".</summary>
    public static string Describe(IntegrationType type, System.Collections.Specialized.OrderedDictionary config)
    {
        string? target = type.IdentityKeys.Count == 0 ? null
            : string.Join(" ", type.IdentityKeys[0].Select(key => PlainValues.Get(config, key)?.ToString()).Where(v => !string.IsNullOrEmpty(v)));
        return string.IsNullOrEmpty(target) ? $"{type.Name} integration" : $"{type.Name} integration on {target}";
    }
}

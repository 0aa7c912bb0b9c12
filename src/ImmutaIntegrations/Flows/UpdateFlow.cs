using System;
using System.Management.Automation;
using ImmutaIntegrations.Commands;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Flows;

/// <summary>
/// Set-ImmutaIntegration's work: the payload (with credentials where Immuta only shows &lt;REDACTED&gt;),
/// the checks that need no request, the edit script of a manual setup, the PUT and the wait.
/// </summary>
internal static class UpdateFlow
{
    public static void Process(SetImmutaIntegrationCommand cmdlet)
    {
        ImmutaConnection connection = cmdlet.ResolveConnection();
        string? id = cmdlet.Id ?? (cmdlet.InputObject is PSObject { BaseObject: Integration piped } ? piped.Id : (cmdlet.InputObject as Integration)?.Id);
        PreparedPayload payload;
        try
        {
            if (string.IsNullOrEmpty(id)) throw new ArgumentException("Give the integration to update with -Id, or pipe an Integration.");
            payload = PayloadInput.Single(cmdlet, cmdlet.ParameterSetName == SetImmutaIntegrationCommand.PathSet ? cmdlet.Path : null, cmdlet.InputObject, $"the payload for integration {id}", cmdlet.Credential);
            if (!payload.Type.HasConfig)
            {
                throw new ImmutaApiException($"{payload.Type.Name} integrations cannot be updated: the API takes no PUT for them.", ImmutaErrorId.UpdateNotSupported,
                    failure: ImmutaFailure.Precondition);
            }
            if (cmdlet.ManualSetup) Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor);
        }
        catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e) || e is ItemNotFoundException)
        {
            cmdlet.WriteError(ErrorRecords.From(e, (object?)id ?? cmdlet.InputObject));
            return;
        }
        string target = $"integration {id} ({Workflows.Describe(payload.Type, payload.Config)})";
        string action = (cmdlet.DryRun ? "Validate (dry run) the update of" : cmdlet.ManualSetup ? "Update, running its edit script first," : "Update")
            + $" with: {payload.ToDisplayJson()}";
        // A dry run changes nothing: it is never a change to confirm (-WhatIf still shows it).
        if (!cmdlet.ShouldChange(target, action, cmdlet.Force || cmdlet.DryRun)) return;
        Update(cmdlet, connection, id!, payload);
    }

    private static void Update(SetImmutaIntegrationCommand cmdlet, ImmutaConnection connection, string id, PreparedPayload payload)
    {
        var api = Connections.Api(connection, cmdlet);
        cmdlet.Run(async cancellation =>
        {
            try
            {
                Integration current = await api.GetIntegrationAsync(id, cancellation).ConfigureAwait(false);
                Check(current, payload);
                if (cmdlet.ManualSetup)
                {
                    var execute = Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor);
                    await Workflows.RunScriptAsync(api, cmdlet, payload.Type, IntegrationScriptKind.Edit, id, payload, execute, cancellation).ConfigureAwait(false);
                }
                ChangeResult changed = await api.UpdateAsync(id, payload, cmdlet.DryRun, cancellation).ConfigureAwait(false);
                if (cmdlet.DryRun)
                {
                    cmdlet.Post(() => cmdlet.WriteObject(changed.ValidationResults));
                    return;
                }
                Integration integration = cmdlet.Wait || cmdlet.ManualSetup
                    ? Workflows.Settled(await Workflows.WaitAsync(api, cmdlet, id, cmdlet.Timeout, cmdlet.PollInterval, cancellation).ConfigureAwait(false), cmdlet.Timeout, "updated")
                    : await Workflows.ReadBackAsync(api, cmdlet, changed, payload, "updated", cancellation).ConfigureAwait(false);
                integration.Connection = connection;
                cmdlet.Post(() => cmdlet.WriteObject(integration));
            }
            catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e))
            {
                cmdlet.PostError(e, id);
            }
        });
    }

    /// <summary>The payload may not change the type or a field fixed at creation (refused before the PUT).</summary>
    private static void Check(Integration current, PreparedPayload payload)
    {
        if (!string.Equals(current.Type, payload.Type.Name, StringComparison.Ordinal))
        {
            throw new ImmutaApiException($"Integration {current.Id} is {current.Type}; a {payload.Type.Name} payload cannot update it.",
                ImmutaErrorId.ImmutableFieldChanged, failure: ImmutaFailure.Precondition);
        }
        foreach (PayloadField field in payload.Type.ImmutableFields)
        {
            string? before = PlainValues.Get(current.Config, field.Path)?.ToString();
            string? after = PlainValues.Get(payload.Config, field.Path)?.ToString();
            if (before != null && !string.Equals(before, after, StringComparison.Ordinal))
            {
                throw new ImmutaApiException(
                    $"config.{field.Path} cannot change once an integration is configured: integration {current.Id} has '{before}', the payload '{after}'. Nothing was sent; create a new integration for another {field.Name}.",
                    ImmutaErrorId.ImmutableFieldChanged, failure: ImmutaFailure.Precondition);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Management.Automation;
using ImmutaIntegrations.Commands;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Flows;

/// <summary>
/// Remove-ImmutaIntegration's work: what the DELETE takes (credentials only where needed), the delete
/// script of a manual cleanup (fetched before the delete, run after it), and the wait.
/// </summary>
internal static class RemoveFlow
{
    public static void Process(RemoveImmutaIntegrationCommand cmdlet)
    {
        ImmutaConnection connection = cmdlet.ResolveConnection();
        if (cmdlet.ManualCleanup)
        {
            try
            {
                Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor);
            }
            catch (ArgumentException e)
            {
                cmdlet.ThrowTerminatingError(ErrorRecords.From(e, null));
            }
        }
        var piped = (cmdlet.InputObject is PSObject wrapped ? wrapped.BaseObject : cmdlet.InputObject) as Integration;
        foreach (string id in cmdlet.Id)
        {
            string target = piped != null && piped.Id == id ? $"{piped.Type} integration {id} ({Describe(piped)})" : $"integration {id}";
            string action = cmdlet.DryRun ? "Validate (dry run) the removal"
                : cmdlet.ForceDisable ? "Force-disable (remove from Immuta only; the platform objects stay)"
                : cmdlet.ManualCleanup ? "Remove, then run its delete script on the platform"
                : "Remove";
            // A dry run changes nothing: it is never a change to confirm (-WhatIf still shows it).
            if (!cmdlet.ShouldChange(target, action, cmdlet.Force || cmdlet.DryRun)) continue;
            Remove(cmdlet, connection, id);
        }
    }

    private static string Describe(Integration integration)
    {
        IntegrationType? type = IntegrationTypes.Resolve(integration.Type);
        return type is null ? integration.Status : Workflows.Describe(type, integration.Config).Replace($"{type.Name} integration on ", string.Empty);
    }

    private static void Remove(RemoveImmutaIntegrationCommand cmdlet, ImmutaConnection connection, string id)
    {
        var api = Connections.Api(connection, cmdlet);
        cmdlet.Run(async cancellation =>
        {
            try
            {
                Integration integration = await api.GetIntegrationAsync(id, cancellation).ConfigureAwait(false);
                IntegrationType type = IntegrationTypes.Resolve(integration.Type)
                    ?? throw new ArgumentException($"Integration {id} is of a type this module does not know ({integration.Type}).");
                DeleteCredentials? credentials = Credentials(cmdlet, integration, type);
                string? script = null;
                if (cmdlet.ManualCleanup)
                {
                    if (!type.HasScript(IntegrationScriptKind.Delete) || integration.AutoBootstrap != false)
                    {
                        throw new ImmutaApiException($"Integration {id} ({type.Name}, {(integration.AutoBootstrap == true ? "configured automatically" : "no scripts")}) has no delete script to run: remove it without -ManualCleanup.",
                            ImmutaErrorId.ScriptNotAvailable, failure: ImmutaFailure.Precondition);
                    }
                    // The script must be fetched while the integration still exists; it runs after the delete.
                    script = await api.GetScriptAsync(IntegrationScriptKind.Delete, id, null, cancellation).ConfigureAwait(false);
                }
                ChangeResult removed = await api.DeleteAsync(id, credentials, cmdlet.DryRun, cmdlet.ForceDisable, cancellation).ConfigureAwait(false);
                if (cmdlet.DryRun)
                {
                    cmdlet.Post(() => cmdlet.WriteObject(removed.ValidationResults));
                    return;
                }
                cmdlet.PostVerbose($"Integration {id} is {removed.Status}.");
                if (cmdlet.Wait || cmdlet.ManualCleanup)
                {
                    Workflows.Settled(await Workflows.WaitAsync(api, cmdlet, id, cmdlet.Timeout, cmdlet.PollInterval, cancellation, missingMeansDeleted: true).ConfigureAwait(false), cmdlet.Timeout, "accepted for deletion");
                }
                if (script != null)
                {
                    IReadOnlyList<ScriptStatementResult> results = await Workflows.RunScriptTextAsync(cmdlet, type, IntegrationScriptKind.Delete, script,
                        Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor), cancellation).ConfigureAwait(false);
                    foreach (ScriptStatementResult result in results) cmdlet.Post(() => cmdlet.WriteObject(result));
                }
            }
            catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e))
            {
                cmdlet.PostError(e, id);
            }
        });
    }

    /// <summary>
    /// The privileged credentials, only for an automatically configured type that needs them (contract §5).
    /// Missing ones are an error before anything is deleted; unneeded ones are left out.
    /// </summary>
    private static DeleteCredentials? Credentials(RemoveImmutaIntegrationCommand cmdlet, Integration integration, IntegrationType type)
    {
        bool needed = integration.AutoBootstrap == true && type.DeleteNeedsCredentialsWhenAutomatic;
        if (!needed)
        {
            if (cmdlet.Credential != null)
            {
                cmdlet.PostWarning($"Integration {integration.Id} ({type.Name}, {(integration.AutoBootstrap == true ? "configured automatically" : "set up manually")}) takes no credentials to be removed: -Credential is not sent.");
            }
            return null;
        }
        if (cmdlet.Credential is null)
        {
            if (cmdlet.ForceDisable) return null;
            throw new ImmutaApiException(
                $"Integration {integration.Id} ({type.Name}) was configured automatically: Immuta needs the privileged account to remove what it configured. Give it with -Credential (and -Role if needed), or use -ForceDisable to remove the integration from Immuta only.",
                ImmutaErrorId.CredentialsRequired, failure: ImmutaFailure.Precondition);
        }
        return new DeleteCredentials(cmdlet.Credential.UserName, cmdlet.Credential.Password, cmdlet.Role ?? PlainValues.Get(integration.Config, "role") as string);
    }
}

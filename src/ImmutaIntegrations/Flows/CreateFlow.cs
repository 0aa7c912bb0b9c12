using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Commands;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Flows;

/// <summary>
/// New-ImmutaIntegration's work: automatic setup (POST, then wait), manual setup (the setup scripts, POST,
/// wait, and the cleanup scripts when creation fails), and dry runs.
/// </summary>
internal static class CreateFlow
{
    public static void Process(NewImmutaIntegrationCommand cmdlet, int inputNumber)
    {
        ImmutaConnection connection = cmdlet.ResolveConnection();
        IReadOnlyList<PayloadDocument> documents;
        try
        {
            documents = PayloadInput.Read(cmdlet, cmdlet.ParameterSetName == NewImmutaIntegrationCommand.PathSet ? cmdlet.Path : null,
                cmdlet.Payload, $"input object {inputNumber}");
        }
        catch (Exception e) when (e is ImmutaPayloadException || e is ArgumentException || e is ItemNotFoundException)
        {
            cmdlet.WriteError(ErrorRecords.From(e, cmdlet.Payload ?? cmdlet.Path));
            return;
        }
        foreach (PayloadDocument document in documents)
        {
            PreparedPayload payload;
            try
            {
                payload = PayloadInput.Prepare(document);
                if (cmdlet.ManualSetup) CheckManualSetup(cmdlet, payload);
            }
            catch (Exception e) when (e is ImmutaPayloadException || e is ArgumentException)
            {
                cmdlet.WriteError(ErrorRecords.From(e, document.Origin));
                continue;
            }
            string target = Workflows.Describe(payload.Type, payload.Config);
            string action = (cmdlet.DryRun ? "Validate (dry run) the creation of" : cmdlet.ManualSetup ? "Create, running its setup scripts first," : "Create")
                + $" from {payload.Origin}: {payload.ToDisplayJson()}";
            // A dry run changes nothing: it is never a change to confirm (-WhatIf still shows it).
            if (!cmdlet.ShouldChange(target, action, cmdlet.Force || cmdlet.DryRun)) continue;
            Create(cmdlet, connection, payload);
        }
    }

    private static void CheckManualSetup(NewImmutaIntegrationCommand cmdlet, PreparedPayload payload)
    {
        if (!payload.Type.HasScript(IntegrationScriptKind.Create))
        {
            throw new ArgumentException($"{payload.Type.Name} has no setup scripts: create it without -ManualSetup.");
        }
        if (payload.AutoBootstrap != false) throw new ArgumentException("-ManualSetup is for payloads with autoBootstrap: false.");
        Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor);
    }

    private static void Create(NewImmutaIntegrationCommand cmdlet, ImmutaConnection connection, PreparedPayload payload)
    {
        var api = Connections.Api(connection, cmdlet);
        bool manual = cmdlet.ManualSetup;
        cmdlet.Run(async cancellation =>
        {
            try
            {
                if (manual)
                {
                    await Workflows.RunSetupScriptsAsync(api, cmdlet, payload, Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor), cancellation).ConfigureAwait(false);
                }
                ChangeResult created;
                try
                {
                    created = await api.CreateAsync(payload, cmdlet.DryRun, cancellation).ConfigureAwait(false);
                }
                catch (ImmutaApiException e) when (manual && e.ErrorId == ImmutaErrorId.PrerequisiteFailed)
                {
                    await Workflows.CleanUpAsync(api, cmdlet, payload, Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor), cancellation).ConfigureAwait(false);
                    throw;
                }
                if (cmdlet.DryRun)
                {
                    cmdlet.Post(() => cmdlet.WriteObject(created.ValidationResults));
                    return;
                }
                cmdlet.PostVerbose($"Created {payload.Type.Name} integration {created.Id} ({created.Status}).");
                Integration integration;
                if (cmdlet.Wait || manual)
                {
                    WaitOutcome outcome = await Workflows.WaitAsync(api, cmdlet, created.Id, cmdlet.Timeout, cmdlet.PollInterval, cancellation).ConfigureAwait(false);
                    if (manual && outcome.Failed) await Workflows.CleanUpAsync(api, cmdlet, payload, Workflows.Executor(cmdlet, cmdlet.DbConnection, cmdlet.Executor), cancellation).ConfigureAwait(false);
                    integration = Workflows.Settled(outcome, cmdlet.Timeout, "created");
                }
                else
                {
                    integration = await Workflows.ReadBackAsync(api, cmdlet, created, payload, "created", cancellation).ConfigureAwait(false);
                }
                integration.Connection = connection;
                cmdlet.Post(() => cmdlet.WriteObject(integration));
            }
            catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e))
            {
                cmdlet.PostError(e, payload.Origin);
            }
        });
    }
}

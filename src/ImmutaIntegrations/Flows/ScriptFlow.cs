using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using ImmutaIntegrations.Commands;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Scripts;
using ImmutaIntegrations.Infrastructure;

namespace ImmutaIntegrations.Flows;

/// <summary>Get-ImmutaIntegrationScript's work: which script, for what, refused before sending when the type has none.</summary>
internal static class ScriptFlow
{
    public static void Process(GetImmutaIntegrationScriptCommand cmdlet)
    {
        ImmutaConnection connection = cmdlet.ResolveConnection();
        IntegrationScriptKind kind = cmdlet.KindValue;
        string? id = cmdlet.Id;
        bool forIntegration = kind == IntegrationScriptKind.Edit || kind == IntegrationScriptKind.Delete;
        bool fromFile = cmdlet.ParameterSetName == GetImmutaIntegrationScriptCommand.PathSet;
        PreparedPayload? payload = null;
        try
        {
            if (forIntegration && string.IsNullOrEmpty(id)) throw new ArgumentException($"The {kind} script is for an integration: give its -Id.");
            if (kind == IntegrationScriptKind.Delete)
            {
                // A piped Integration gives its id (by property name); it is not a payload here.
                bool pipedIntegration = (cmdlet.Payload is PSObject wrapped ? wrapped.BaseObject : cmdlet.Payload) is Integration;
                if (fromFile || (cmdlet.Payload != null && !pipedIntegration)) throw new ArgumentException("The Delete script takes no payload: give only -Id.");
            }
            else
            {
                if (!fromFile && cmdlet.Payload is null) throw new ArgumentException($"The {kind} script needs the payload (-Path or -Payload).");
                payload = PayloadInput.Single(cmdlet, fromFile ? cmdlet.Path : null, cmdlet.Payload, "the payload");
                RequireKind(payload.Type, kind);
            }
        }
        catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e) || e is ItemNotFoundException)
        {
            cmdlet.WriteError(ErrorRecords.From(e, (object?)id ?? cmdlet.Payload));
            return;
        }
        var api = Connections.Api(connection, cmdlet);
        string? file = cmdlet.OutFile is null ? null : cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(cmdlet.OutFile);
        cmdlet.Run(async cancellation =>
        {
            try
            {
                IntegrationType type = payload?.Type ?? await TypeOfAsync(api, id!, cancellation).ConfigureAwait(false);
                RequireKind(type, kind);
                string text = await api.GetScriptAsync(kind, forIntegration ? id : null, payload, cancellation).ConfigureAwait(false);
                var script = new IntegrationScript
                {
                    Kind = kind,
                    Type = type.Name,
                    IntegrationId = forIntegration ? id! : string.Empty,
                    Text = text,
                    Statements = ScriptRunner.Statements(text),
                };
                if (file != null) File.WriteAllText(file, text, new UTF8Encoding(false));
                cmdlet.Post(() => cmdlet.WriteObject(script));
            }
            catch (Exception e) when (ImmutaCmdlet.IsItemFailure(e) || e is IOException || e is UnauthorizedAccessException)
            {
                cmdlet.PostError(e is IOException || e is UnauthorizedAccessException ? new ArgumentException($"Cannot write {file}: {e.Message}", e) : e, (object?)id ?? kind);
            }
        });
    }

    private static async System.Threading.Tasks.Task<IntegrationType> TypeOfAsync(Core.IntegrationsApi api, string id, System.Threading.CancellationToken cancellation)
    {
        Integration integration = await api.GetIntegrationAsync(id, cancellation).ConfigureAwait(false);
        return IntegrationTypes.Resolve(integration.Type)
            ?? throw new ArgumentException($"Integration {id} is of a type this module does not know ({integration.Type}).");
    }

    private static void RequireKind(IntegrationType type, IntegrationScriptKind kind)
    {
        if (type.HasScript(kind)) return;
        string has = type.Scripts.Count == 0 ? "no scripts (it is never set up by hand)" : "only " + string.Join(", ", type.Scripts);
        throw new ImmutaApiException($"{type.Name} has no {kind} script: it has {has}.", ImmutaErrorId.ScriptNotAvailable, failure: ImmutaFailure.Precondition);
    }
}

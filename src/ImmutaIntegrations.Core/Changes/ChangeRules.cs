using System;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>
/// What a change needs before anything is sent, checked the same way by every command that makes one: which
/// integrations have which scripts, what an update may not change, and when a delete takes the privileged account.
/// A command may check them early (before asking for confirmation); the engine checks them again.
/// </summary>
public static class ChangeRules
{
    public const string ExecutorMissing =
        "Running setup scripts needs -DbConnection (an open ADO.NET connection to the platform) or -Executor (a script block run once per statement).";

    /// <summary>The refusal of a change that would run scripts with nothing to run them.</summary>
    public static ImmutaRefusedException NoExecutor() => new ImmutaRefusedException(ExecutorMissing, ImmutaErrorId.ScriptExecutorMissing);

    /// <summary>Whether an integration set up this way is set up by hand and has a script of this kind.</summary>
    public static bool IsManual(IntegrationType type, bool? autoBootstrap, IntegrationScriptKind kind) =>
        autoBootstrap == false && type.HasScript(kind);

    /// <summary>The type of an integration read from Immuta, or the error that says the module does not know it.</summary>
    public static IntegrationType TypeOf(Integration integration) => IntegrationTypes.Resolve(integration.Type)
        ?? throw new ArgumentException($"Integration {integration.Id} is of a type this module does not know ({integration.Type}).");

    /// <summary>A manual setup asked for (-ManualSetup): the type has setup scripts and the payload is not automatic.</summary>
    public static void CheckManualSetup(PreparedPayload payload)
    {
        if (!payload.Type.HasScript(IntegrationScriptKind.Create))
        {
            throw new ArgumentException($"{payload.Type.Name} has no setup scripts: create it without -ManualSetup.");
        }
        if (payload.AutoBootstrap != false) throw new ArgumentException("-ManualSetup is for payloads with autoBootstrap: false.");
    }

    /// <summary>The type takes updates at all (Trino takes no PUT).</summary>
    public static void CheckUpdatable(PreparedPayload payload)
    {
        if (payload.Type.HasConfig) return;
        throw new ImmutaRefusedException($"{payload.Type.Name} integrations cannot be updated: the API takes no PUT for them.",
            ImmutaErrorId.UpdateNotSupported);
    }

    /// <summary>The payload may not change the type or a field fixed at creation (as the planner knows them).</summary>
    public static void CheckUpdate(Integration current, PreparedPayload payload)
    {
        if (!string.Equals(current.Type, payload.Type.Name, StringComparison.Ordinal))
        {
            throw new ImmutaRefusedException($"Integration {current.Id} is {current.Type}; a {payload.Type.Name} payload cannot update it.",
                ImmutaErrorId.ImmutableFieldChanged);
        }
        IntegrationFieldChange? fixedField = IntegrationPlanner.Changes(payload, current).FirstOrDefault(change => change.Immutable);
        if (fixedField is null) return;
        string name = fixedField.Path.Substring(fixedField.Path.LastIndexOf('.') + 1);
        throw new ImmutaRefusedException(
            $"{fixedField.Path} cannot change once an integration is configured: integration {current.Id} has '{fixedField.Before}', the payload "
            + $"'{fixedField.After}'. Nothing was sent; create a new integration for another {name}.",
            ImmutaErrorId.ImmutableFieldChanged);
    }

    /// <summary>The kind of script the type has, or the error that says which it has.</summary>
    public static void CheckScript(IntegrationType type, IntegrationScriptKind kind)
    {
        if (type.HasScript(kind)) return;
        string has = type.Scripts.Count == 0 ? "no scripts (it is never set up by hand)" : "only " + string.Join(", ", type.Scripts);
        throw new ImmutaRefusedException($"{type.Name} has no {kind} script: it has {has}.", ImmutaErrorId.ScriptNotAvailable);
    }

    /// <summary>A manual cleanup asked for (-ManualCleanup): the integration was set up by hand and its type has a delete script.</summary>
    public static void CheckManualCleanup(Integration integration, IntegrationType type)
    {
        if (IsManual(type, integration.AutoBootstrap, IntegrationScriptKind.Delete)) return;
        string why = integration.AutoBootstrap == true ? "configured automatically" : "no scripts";
        throw new ImmutaRefusedException(
            $"Integration {integration.Id} ({type.Name}, {why}) has no delete script to run: remove it without -ManualCleanup.",
            ImmutaErrorId.ScriptNotAvailable);
    }

    /// <summary>
    /// The privileged account a DELETE sends: only for an automatically configured type that needs it. A missing one
    /// is an error before anything is deleted (unless the integration is only force-disabled); an unneeded one is
    /// left out, with a warning where it was given for this integration.
    /// </summary>
    public static DeleteCredentials? CredentialsFor(Integration integration, IntegrationType type, ChangeOptions options, IImmutaLog log)
    {
        bool needed = integration.AutoBootstrap == true && type.DeleteNeedsCredentialsWhenAutomatic;
        DeleteCredentials? given = options.Credentials;
        if (!needed)
        {
            if (given != null && options.WarnWhenCredentialsUnused)
            {
                string how = integration.AutoBootstrap == true ? "configured automatically" : "set up manually";
                log.Warning($"Integration {integration.Id} ({type.Name}, {how}) takes no credentials to be removed: -Credential is not sent.");
            }
            return null;
        }
        if (given is null)
        {
            if (options.ForceDisable) return null;
            string alternative = options.CanForceDisable ? ", or use -ForceDisable to remove the integration from Immuta only" : string.Empty;
            throw new ImmutaRefusedException(
                $"Integration {integration.Id} ({type.Name} on {IntegrationTargets.Describe(type, integration.Config)}) was configured automatically: "
                + $"Immuta needs the privileged account to remove what it configured. Give it with -Credential (and -Role if needed){alternative}.",
                ImmutaErrorId.CredentialsRequired);
        }
        return given.Role != null ? given : new DeleteCredentials(given.UserName, given.Password, PlainValues.Get(integration.Config, "role") as string);
    }
}

using System;
using System.Linq;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
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

    /// <summary>The type of an integration read from Immuta; one this module does not know is plain data (<see cref="IntegrationType.IsKnown"/>).</summary>
    public static IntegrationType TypeOf(Integration integration) => IntegrationTypes.ResolveOrUnknown(integration.Type);

    /// <summary>A manual setup asked for (-ManualSetup): the type has setup scripts and the payload is not automatic.</summary>
    public static void CheckManualSetup(PreparedPayload payload)
    {
        if (!payload.Type.IsKnown)
        {
            throw new ArgumentException($"This module does not know which setup scripts {payload.Type.Name} has: run them with Get-ImmutaIntegrationScript "
                + "and Invoke-ImmutaScript, then create it without -ManualSetup.");
        }
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

    /// <summary>
    /// The payload may not change the integration's type (a payload for another integration, sent to this id, would
    /// hand it the other's credentials). A field believed fixed at creation is Immuta's call, not the module's
    /// (docs/api-contract.md §3): the update is sent, after a warning that says how to replace the integration instead.
    /// </summary>
    public static void CheckUpdate(Integration current, PreparedPayload payload, IImmutaLog log)
    {
        if (!string.Equals(current.Type, payload.Type.Name, StringComparison.Ordinal))
        {
            throw new ImmutaRefusedException($"Integration {current.Id} is {current.Type}; a {payload.Type.Name} payload cannot update it.",
                ImmutaErrorId.ImmutableFieldChanged);
        }
        foreach (IntegrationFieldChange fixedField in IntegrationPlanner.Changes(payload, current).Where(change => change.Immutable))
        {
            log.Warning($"{fixedField.Path} is believed fixed at creation (integration {current.Id} has {IntegrationFieldChange.Show(fixedField.Before)}, "
                + $"the payload {IntegrationFieldChange.Show(fixedField.After)}): Immuta may refuse the update. "
                + "Sync-ImmutaIntegration -AllowReplace replaces an integration instead (deletes it and creates it again).");
        }
    }

    /// <summary>The kind of script the type has, or the error that says which it has.</summary>
    public static void CheckScript(IntegrationType type, IntegrationScriptKind kind)
    {
        // A type the module does not know: Immuta says whether it has the script.
        if (type.HasScript(kind) || !type.IsKnown) return;
        string has = type.Scripts.Count == 0 ? "no scripts (it is never set up by hand)" : "only " + string.Join(", ", type.Scripts);
        string[] others = IntegrationTypes.All.Where(t => t.HasScript(kind)).Select(t => t.Name).ToArray();
        string which = others.Length == 0 ? string.Empty
            : $" {kind} scripts are for {string.Join(", ", others.Take(others.Length - 1))}{(others.Length > 1 ? " and " : string.Empty)}{others.Last()}.";
        string removal = kind == IntegrationScriptKind.Delete && type.HasScript(IntegrationScriptKind.Create)
            ? $" A {type.Name} integration set up by hand is removed with Remove-ImmutaIntegration alone."
            : string.Empty;
        throw new ImmutaRefusedException($"{type.Name} has no {kind} script: it has {has}.{which}{removal}", ImmutaErrorId.ScriptNotAvailable);
    }

    /// <summary>
    /// An integration set up by hand whose type has no delete script (Databricks, docs/api-contract.md §2): it is removed
    /// with a DELETE that has no body, and a manual cleanup has nothing to run.
    /// </summary>
    public static bool IsRemovedWithoutScript(Integration integration, IntegrationType type) =>
        integration.AutoBootstrap == false && type.IsKnown && type.HasScript(IntegrationScriptKind.Create) && !type.HasScript(IntegrationScriptKind.Delete);

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
        // A type the module does not know: what was given is sent, and nothing is asked for (Immuta says what it needs).
        if (!type.IsKnown) return given;
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

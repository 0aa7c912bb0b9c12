using System;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>When the setup scripts of a manual setup are run around a change.</summary>
public enum ScriptMode
{
    /// <summary>Never: the user runs them (or ran them) by hand.</summary>
    None,

    /// <summary>
    /// Always, as the user asked (-ManualSetup, -ManualCleanup): the change is refused before anything is sent when
    /// the integration has no such script, and an executor is required.
    /// </summary>
    Always,

    /// <summary>
    /// Wherever the integration is set up manually and has the script (applying payload files). Without an executor
    /// nothing is run, and a manual creation is made with a warning that its scripts must have been run already.
    /// </summary>
    WhereManual,
}

/// <summary>How a create, update or delete is made.</summary>
public sealed class ChangeOptions
{
    /// <summary>Only have Immuta validate the change (dryRun=true); nothing is changed.</summary>
    public bool DryRun { get; set; }

    /// <summary>Wait for the integration to settle. A change that runs scripts always waits (the next script depends on it).</summary>
    public bool Wait { get; set; }

    public TimeSpan Timeout { get; set; } = IntegrationWaiter.DefaultTimeout;

    public TimeSpan PollInterval { get; set; } = IntegrationWaiter.DefaultPollInterval;

    public ScriptMode Scripts { get; set; }

    /// <summary>What runs the scripts' statements on the platform; required by <see cref="ScriptMode.Always"/>.</summary>
    public IStatementExecutor? Executor { get; set; }

    /// <summary>Delete only: remove the integration from Immuta only, leaving the platform's objects.</summary>
    public bool ForceDisable { get; set; }

    /// <summary>
    /// Delete only: the privileged account Immuta needs to remove what it configured automatically. Sent only
    /// where the integration needs it; without a role, the integration's own role is used.
    /// </summary>
    public DeleteCredentials? Credentials { get; set; }

    /// <summary>
    /// Warn when <see cref="Credentials"/> are given for an integration that takes none (they are given for this one
    /// integration); off where one account is given for whichever integrations need it.
    /// </summary>
    public bool WarnWhenCredentialsUnused { get; set; } = true;

    /// <summary>Whether a missing privileged account may be answered with a force-disable (said in the error).</summary>
    public bool CanForceDisable { get; set; }

    /// <summary>
    /// Told of the change's requests as each is sent and answered (never in a dry run). One change's own: set on a
    /// <see cref="Copy"/> for each change.
    /// </summary>
    public IChangeJournal? Journal { get; set; }

    internal ChangeOptions Copy() => (ChangeOptions)MemberwiseClone();

    /// <summary>The executor, or the error that says how to give one.</summary>
    internal IStatementExecutor RequireExecutor() => Executor ?? throw ChangeRules.NoExecutor();
}

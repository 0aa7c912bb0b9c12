using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Input;

/// <summary>How a change is made, from the parameters of the cmdlet making it.</summary>
internal static class ChangeSettings
{
    /// <summary>The waits and the script executor every changing cmdlet takes.</summary>
    public static ChangeOptions From(ChangingCmdlet cmdlet) => new ChangeOptions
    {
        Timeout = cmdlet.Timeout,
        PollInterval = cmdlet.PollInterval,
        Executor = ScriptExecutors.From(cmdlet, cmdlet.DbConnection, cmdlet.Executor, cmdlet.StatementTimeout),
    };

    /// <summary>Those of a cmdlet making one change per input: a dry run or not, waited for or not, its scripts run or not.</summary>
    public static ChangeOptions From(DryRunOrWaitCmdlet cmdlet, bool runScripts)
    {
        ChangeOptions options = From(cmdlet);
        options.DryRun = cmdlet.DryRun;
        options.Wait = cmdlet.Wait;
        options.Scripts = runScripts ? ScriptMode.Always : ScriptMode.None;
        return options;
    }

    /// <summary>The privileged account a delete may need, from -Credential and -Role.</summary>
    public static DeleteCredentials? Credentials(System.Management.Automation.PSCredential? credential, string? role) =>
        credential is null ? null : new DeleteCredentials(credential.UserName, credential.Password, role);
}

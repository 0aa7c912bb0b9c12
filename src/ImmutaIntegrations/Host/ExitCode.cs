using System.Management.Automation;

namespace ImmutaIntegrations.Host;

/// <summary>How a command with failures fails the job that ran it.</summary>
internal static class ExitCode
{
    /// <summary>
    /// $LASTEXITCODE becomes 1 (what the Azure DevOps and GitHub Actions wrappers exit with), and where no one is at the
    /// prompt (pwsh -File or -Command in a job) the process exits with 1 when the script ends, unless the script exits
    /// with a code of its own. An interactive session stays open.
    /// </summary>
    public static void Fail(PSCmdlet cmdlet, string why)
    {
        cmdlet.WriteVerbose($"{why}: $LASTEXITCODE is 1.");
        cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", 1);
        if (Interactivity.IsNonInteractive(cmdlet.Host) && cmdlet.Host?.Name == "ConsoleHost") cmdlet.Host.SetShouldExit(1);
    }
}

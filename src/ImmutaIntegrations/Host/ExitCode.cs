using System.Management.Automation;

namespace ImmutaIntegrations.Host;

/// <summary>How a command tells the job that ran it how it went: $LASTEXITCODE, and the process's exit code.</summary>
internal static class ExitCode
{
    /// <summary>
    /// $LASTEXITCODE becomes 1 (what the Azure DevOps and GitHub Actions wrappers exit with), and where no one is at the
    /// prompt (pwsh -File or -Command in a job) the process exits with 1 when the script ends, unless the script exits
    /// with a code of its own. An interactive session stays open.
    /// </summary>
    public static void Fail(PSCmdlet cmdlet, string why) => Exit(cmdlet, 1, why);

    /// <summary>
    /// $LASTEXITCODE becomes <paramref name="code"/>; a code other than 0 is also the process's exit code when the
    /// script ends where no one is at the prompt, as <see cref="Fail"/> says. A 0 leaves the process's code alone, so
    /// a command that succeeds later in a script never hides the failure of an earlier one.
    /// </summary>
    public static void Exit(PSCmdlet cmdlet, int code, string why)
    {
        // The code first: while a pipeline is being stopped (Ctrl+C), writing the verbose line throws.
        cmdlet.SessionState.PSVariable.Set("global:LASTEXITCODE", code);
        if (code != 0 && Interactivity.IsNonInteractive(cmdlet.Host) && cmdlet.Host?.Name == "ConsoleHost") cmdlet.Host.SetShouldExit(code);
        cmdlet.WriteVerbose($"{why}: $LASTEXITCODE is {code}.");
    }
}

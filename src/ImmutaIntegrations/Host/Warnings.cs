using System;
using System.Management.Automation;

namespace ImmutaIntegrations.Host;

/// <summary>
/// WriteWarning, except where PowerShell would ask: -Debug makes a compiled cmdlet's warnings prompt, which a
/// non-interactive host (a pipeline, pwsh -NonInteractive, a console whose input is redirected) cannot do; the
/// warning then goes to the debug stream.
/// </summary>
internal static class Warnings
{
    public static void Write(PSCmdlet cmdlet, string message)
    {
        if (WouldPrompt(cmdlet) && cmdlet.Host?.Name == "ConsoleHost" && Console.IsInputRedirected)
        {
            cmdlet.WriteDebug("WARNING: " + message);
            return;
        }
        try
        {
            cmdlet.WriteWarning(message);
        }
        // A console host with nothing to read the answer from fails inside its prompt (NullReferenceException).
        catch (Exception e) when (e is System.Management.Automation.Host.HostException || e is PSInvalidOperationException || e is NullReferenceException)
        {
            cmdlet.WriteDebug("WARNING: " + message);
        }
    }

    // -Debug without -WarningAction: PowerShell asks before every warning.
    private static bool WouldPrompt(PSCmdlet cmdlet) =>
        cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug) && debug is SwitchParameter { IsPresent: true }
        && !cmdlet.MyInvocation.BoundParameters.ContainsKey("WarningAction");
}

using System;
using System.Linq;
using System.Management.Automation.Host;

namespace ImmutaIntegrations.Host;

/// <summary>
/// Whether anyone can answer here. Where no one can (a pipeline job, a scheduled task) the module never prompts,
/// and progress becomes plain lines in the job's log instead of a progress bar.
/// </summary>
internal static class Interactivity
{
    private static readonly Lazy<bool> StartedNonInteractive = new Lazy<bool>(() =>
        Environment.GetCommandLineArgs().Skip(1).Any(IsNonInteractiveSwitch));

    /// <summary>
    /// True in <c>pwsh -NonInteractive</c> (any abbreviation from <c>-noni</c>), in a console whose input is redirected
    /// (how CI agents run scripts), and in a host with no user interface at all.
    /// </summary>
    public static bool IsNonInteractive(PSHost? host)
    {
        if (StartedNonInteractive.Value) return true;
        if (host is null || host.UI is null || host.Name == "Default Host") return true;
        return host.Name == "ConsoleHost" && Console.IsInputRedirected;
    }

    private static bool IsNonInteractiveSwitch(string argument)
    {
        string name = argument.TrimStart('-', '/').ToLowerInvariant();
        return argument.Length > 1 && (argument[0] == '-' || argument[0] == '/')
            && name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal);
    }
}

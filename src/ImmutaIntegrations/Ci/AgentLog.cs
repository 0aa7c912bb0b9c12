using System;
using System.Management.Automation;
using ImmutaIntegrations.Core.Ci;

namespace ImmutaIntegrations.Ci;

/// <summary>
/// The pipeline agent a command runs under (Azure DevOps, GitHub Actions; see <see cref="PipelineAgent"/>), and the lines of
/// the agent's own commands written for it to read.
/// </summary>
internal static class AgentLog
{
    /// <summary>The agent, or null outside one or when <c>IMMUTA_CI_ANNOTATIONS</c> turns it off.</summary>
    public static PipelineAgent? Current(PSCmdlet cmdlet) => PipelineAgent.FromEnvironment(CurrentDirectory(cmdlet));

    /// <summary>
    /// A line for the agent, written as Write-Host writes, which pwsh prints on standard output where the agent reads the
    /// step's log (as the progress lines of <see cref="ProgressDisplay"/> are). Not a warning or a verbose record: the host
    /// would put <c>WARNING: </c> before it, and an agent takes a command only at the start of a line. The line holds no
    /// line break (<see cref="AgentCommands"/> escapes them), so the host writes it whole, on a line of its own.
    /// </summary>
    public static void WriteLine(PSCmdlet cmdlet, string line) =>
        cmdlet.WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });

    // PowerShell's current folder, which relative -Path arguments are read from; the process's own may differ.
    private static string CurrentDirectory(PSCmdlet cmdlet)
    {
        try
        {
            return cmdlet.SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        }
        catch (Exception e) when (e is PSInvalidOperationException || e is NotSupportedException || e is ProviderNotFoundException)
        {
            return Environment.CurrentDirectory;
        }
    }
}

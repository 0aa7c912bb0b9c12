using System.Collections.Generic;
using System.Management.Automation;
using ImmutaIntegrations.Core.Ci;

namespace ImmutaIntegrations.Ci;

/// <summary>
/// The problems found in payload files (Test-ImmutaIntegrationPayload, and the files Compare- and Sync-ImmutaIntegration
/// read), each as an annotation of the pipeline agent's own, so that the run's page lists them and links each to its file
/// and line. Written besides the usual warnings and errors, never instead of them, and only under an agent. A problem's
/// message never holds a secret's value: the validation says where a secret is, not what it is.
/// </summary>
internal static class AgentAnnotations
{
    /// <summary>Annotates each problem that belongs to a file (errors and warnings); one without a file is left to the error stream.</summary>
    public static void Write(PSCmdlet cmdlet, IEnumerable<PayloadProblem> problems)
    {
        PipelineAgent? agent = null;
        foreach (PayloadProblem problem in problems)
        {
            if (problem.File is null) continue;
            agent ??= AgentLog.Current(cmdlet);
            if (agent is null) return;
            AgentLog.WriteLine(cmdlet, agent.Annotation(problem));
        }
    }

    /// <summary>Annotates an error of the run that belongs to no file (a saved plan's stale item, a payload of a plan that cannot be sent).</summary>
    public static void Error(PSCmdlet cmdlet, string message)
    {
        PipelineAgent? agent = AgentLog.Current(cmdlet);
        if (agent != null) AgentLog.WriteLine(cmdlet, AgentCommands.Annotation(agent.Kind, warning: false, file: null, line: null, column: null, message));
    }

    /// <summary>Annotates a payload that is not valid (each of its problems), or a file that cannot be read (where it stopped).</summary>
    public static void Write(PSCmdlet cmdlet, ImmutaPayloadException error)
    {
        if (error.Problems.Length > 0) Write(cmdlet, error.Problems);
        else if (error.File != null) Write(cmdlet, PayloadInput.Unreadable(error).Problems);
    }
}

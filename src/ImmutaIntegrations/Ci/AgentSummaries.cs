using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using ImmutaIntegrations.Core.Ci;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Ci;

/// <summary>
/// A command's summary for the pipeline agent (<see cref="SummaryFiles"/>): a heading, its counts and a table in Markdown, on
/// the run's page where a reviewer reads it at a glance. Compare-ImmutaIntegration summarises its plan, Sync-ImmutaIntegration
/// what it did, Test-ImmutaIntegrationHealth what it found. Nothing is written outside an agent.
/// </summary>
internal static class AgentSummaries
{
    /// <summary>The plan Compare-ImmutaIntegration wrote.</summary>
    public static void Plan(PSCmdlet cmdlet, IEnumerable<IntegrationPlanItem> plan, IntegrationPlanFile? file = null) =>
        Write(cmdlet, "plan", IntegrationSummaries.Plan(plan, file));

    /// <summary>
    /// What Sync-ImmutaIntegration did. Not under -WhatIf: nothing was done, and a table of the unchanged integrations alone
    /// would read as if the rest were missing; the WhatIf lines say what would be done.
    /// </summary>
    /// <param name="file">The saved plan applied, when it was one.</param>
    public static void Sync(PSCmdlet cmdlet, IReadOnlyList<IntegrationSyncResult> results, IntegrationPlanFile? file = null)
    {
        if (!Confirmation.WhatIfRequested(cmdlet)) Write(cmdlet, "sync", IntegrationSummaries.Sync(results, file));
    }

    /// <summary>
    /// What Sync-ImmutaIntegration had done when the user stopped it, so the run's page says what was made. Written as the
    /// pipeline stops: the agent's line and any warning go straight to the host, as the stop report does, since what the
    /// streams of a stopping pipeline take is not promised (PowerShell 7.6 still passes an information record on; a write
    /// that throws would lose the rest). Not under -WhatIf, as <see cref="Sync"/>.
    /// </summary>
    /// <param name="file">The saved plan being applied, when it was one.</param>
    public static void Stopped(PSCmdlet cmdlet, IReadOnlyList<StoppedItem> items, IntegrationPlanFile? file = null)
    {
        try
        {
            if (Confirmation.WhatIfRequested(cmdlet)) return;
            Write(cmdlet, "sync", IntegrationSummaries.Stopped(items, file), line => cmdlet.Host?.UI?.WriteLine(line),
                warning => cmdlet.Host?.UI?.WriteWarningLine(warning));
        }
        catch (Exception e) when (!(e is PipelineStoppedException))
        {
            // Whatever goes wrong here must not take the place of the stop the command is passing on.
            cmdlet.Host?.UI?.WriteWarningLine($"The sync summary could not be written for the pipeline: {e.Message}");
        }
    }

    /// <summary>What Test-ImmutaIntegrationHealth found, the unhealthy first.</summary>
    public static void Health(PSCmdlet cmdlet, IEnumerable<IntegrationHealth> report, int unreadable) =>
        Write(cmdlet, "health", IntegrationSummaries.Health(report, unreadable));

    private static void Write(PSCmdlet cmdlet, string name, SummaryTable table) =>
        Write(cmdlet, name, table, line => AgentLog.WriteLine(cmdlet, line), warning => Warnings.Write(cmdlet, warning));

    private static void Write(PSCmdlet cmdlet, string name, SummaryTable table, Action<string> writeLine, Action<string> warn)
    {
        PipelineAgent? agent = AgentLog.Current(cmdlet);
        if (agent is null) return;
        try
        {
            string? line = SummaryFiles.Write(agent, name, table.ToMarkdown());
            if (line != null) writeLine(line);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException || e is System.Security.SecurityException)
        {
            // The summary only repeats the output: a failure to write it must not fail what the command did.
            warn($"The {name} summary could not be written for the pipeline: {e.Message}");
        }
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Commands.Base;

/// <summary>
/// The sequence New-, Set- and Remove-ImmutaIntegration share for each change: ask (a dry run changes nothing, so it
/// is never asked about, though -WhatIf still shows it), make the change through the engine, and write what it came
/// to: a dry run's validation results, the error of a change that failed or could not be confirmed, else the
/// integration as it ended (or, for a removal, the results of the delete script it ran).
/// </summary>
internal static class SingleChange
{
    public static void Make(DryRunOrWaitCmdlet cmdlet, ImmutaConnection connection, string target, string action, object? errorTarget,
        Func<CancellationToken, Task<ChangeOutcome>> change, bool writeScripts = false)
    {
        if (!Confirmation.ShouldChange(cmdlet, target, action, cmdlet.Force || cmdlet.DryRun)) return;
        cmdlet.Run(async cancellation => Write(cmdlet.Output, await change(cancellation).ConfigureAwait(false), connection, errorTarget, writeScripts));
    }

    private static void Write(PipelineOutput output, ChangeOutcome outcome, ImmutaConnection connection, object? target, bool writeScripts)
    {
        if (outcome.State == ChangeState.Validated)
        {
            output.Object(outcome.Validation);
        }
        else if (outcome.Error != null)
        {
            output.Error(outcome.Error, target);
        }
        else if (writeScripts)
        {
            foreach (ScriptStatementResult result in outcome.Scripts) output.Object(result);
        }
        else if (outcome.Integration != null)
        {
            outcome.Integration.Connection = connection;
            output.Object(outcome.Integration);
        }
    }
}

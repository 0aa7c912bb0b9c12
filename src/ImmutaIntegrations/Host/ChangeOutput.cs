using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Host;

/// <summary>
/// What New-, Set- and Remove-ImmutaIntegration write for a change: a dry run's validation results, the error of a
/// change that failed or could not be confirmed, else the integration as it ended (or, for a removal, the results of
/// the delete script it ran).
/// </summary>
internal static class ChangeOutput
{
    public static void Write(PipelineOutput output, ChangeOutcome outcome, ImmutaConnection connection, object? target, bool integration = true)
    {
        if (outcome.State == ChangeState.Validated)
        {
            output.Object(outcome.Validation);
            return;
        }
        if (outcome.Error != null)
        {
            output.Error(outcome.Error, target);
            return;
        }
        if (integration && outcome.Integration != null)
        {
            outcome.Integration.Connection = connection;
            output.Object(outcome.Integration);
        }
        if (!integration)
        {
            foreach (ScriptStatementResult result in outcome.Scripts) output.Object(result);
        }
    }
}

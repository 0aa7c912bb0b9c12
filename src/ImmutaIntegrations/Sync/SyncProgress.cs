using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Sync;

/// <summary>
/// Sync-ImmutaIntegration's one progress display while changes run at once: the phase and how many of its changes have
/// settled, and under it the script running on the platform (they run one at a time). The waits of single changes are
/// not shown one by one.
/// </summary>
internal sealed class SyncProgress : IChangeProgress
{
    private const int PlanActivity = 4;
    private const int ScriptActivity = 5;
    private const string Activity = "Applying the plan";

    private readonly PipelineOutput _output;

    public SyncProgress(PipelineOutput output) => _output = output;

    public void Phase(PhaseProgress phase) =>
        _output.Progress(new ProgressRecord(PlanActivity, Activity,
            $"Phase {phase.Number} of {phase.Phases}, {phase.Phase}: {phase.Settled} of {phase.Total} settled")
        {
            PercentComplete = phase.Total == 0 ? 100 : phase.Settled * 100 / phase.Total,
        });

    public void Ended() => _output.Progress(new ProgressRecord(PlanActivity, Activity, "Done") { RecordType = ProgressRecordType.Completed });

    public void Waiting(WaitProgress progress)
    {
    }

    public void WaitEnded()
    {
    }

    public void RunningScript(ScriptProgress progress) =>
        _output.Progress(new ProgressRecord(ScriptActivity, $"Running the {progress.Script} script", $"Statement {progress.Number} of {progress.Total}")
        {
            ParentActivityId = PlanActivity,
            PercentComplete = progress.Total == 0 ? 100 : (progress.Number - 1) * 100 / progress.Total,
            CurrentOperation = progress.Statement,
        });

    public void ScriptEnded(string script) =>
        _output.Progress(new ProgressRecord(ScriptActivity, $"Running the {script} script", "Done")
        {
            ParentActivityId = PlanActivity,
            RecordType = ProgressRecordType.Completed,
        });
}

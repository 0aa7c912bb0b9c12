using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Host;

/// <summary>The engine's progress reports (waits, scripts) as PowerShell progress records on a cmdlet's output.</summary>
internal sealed class ProgressReporter : IChangeProgress
{
    private const int WaitActivity = 1;
    private const int ScriptActivity = 2;

    private readonly PipelineOutput _output;
    private readonly string _waitActivity;

    /// <param name="waitActivity">What a wait is called in the progress display.</param>
    public ProgressReporter(PipelineOutput output, string waitActivity = "Waiting for the integration to settle")
    {
        _output = output;
        _waitActivity = waitActivity;
    }

    public void Waiting(WaitProgress progress) =>
        _output.Progress(new ProgressRecord(WaitActivity, _waitActivity, $"{progress.Settled} of {progress.Total} settled ({progress.Summary})")
        {
            PercentComplete = progress.Total == 0 ? 100 : progress.Settled * 100 / progress.Total,
            CurrentOperation = $"{progress.Elapsed:hh\\:mm\\:ss} elapsed",
        });

    public void WaitEnded() => Complete(WaitActivity, _waitActivity);

    public void RunningScript(ScriptProgress progress) =>
        _output.Progress(new ProgressRecord(ScriptActivity, ScriptActivityName(progress.Script), $"Statement {progress.Number} of {progress.Total}")
        {
            PercentComplete = progress.Total == 0 ? 100 : (progress.Number - 1) * 100 / progress.Total,
            CurrentOperation = progress.Statement,
        });

    public void ScriptEnded(string script) => Complete(ScriptActivity, ScriptActivityName(script));

    private static string ScriptActivityName(string script) => $"Running the {script} script";

    private void Complete(int activityId, string activity) =>
        _output.Progress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
}

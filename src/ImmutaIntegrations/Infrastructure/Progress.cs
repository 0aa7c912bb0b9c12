using System;
using System.Management.Automation;
using ImmutaIntegrations.Core;
using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Infrastructure;

/// <summary>Turns the engine's progress reports into PowerShell progress records.</summary>
internal static class Progress
{
    public const int WaitActivity = 1;
    public const int ScriptActivity = 2;

    public static Action<WaitProgress> ForWait(ImmutaCmdlet cmdlet, string activity) => progress =>
    {
        var record = new ProgressRecord(WaitActivity, activity, $"{progress.Settled} of {progress.Total} settled ({progress.Summary})")
        {
            PercentComplete = progress.Total == 0 ? 100 : progress.Settled * 100 / progress.Total,
            CurrentOperation = $"{progress.Elapsed:hh\\:mm\\:ss} elapsed",
        };
        cmdlet.PostProgress(record);
    };

    public static Action<ScriptProgress> ForScript(ImmutaCmdlet cmdlet) => progress =>
    {
        var record = new ProgressRecord(ScriptActivity, $"Running the {progress.Script} script", $"Statement {progress.Number} of {progress.Total}")
        {
            PercentComplete = progress.Total == 0 ? 100 : (progress.Number - 1) * 100 / progress.Total,
            CurrentOperation = progress.Statement,
        };
        cmdlet.PostProgress(record);
    };

    public static void Complete(ImmutaCmdlet cmdlet, int activityId, string activity) =>
        cmdlet.PostProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed });
}

using ImmutaIntegrations.Core.Scripts;

namespace ImmutaIntegrations.Core.Changes;

/// <summary>
/// Where the engine reports the progress of the long parts of a change (waits and scripts). The cmdlets draw it as
/// a progress bar, or as plain lines where no one watches one; tests record it.
/// </summary>
public interface IChangeProgress
{
    void Waiting(WaitProgress progress);

    void WaitEnded();

    void RunningScript(ScriptProgress progress);

    void ScriptEnded(string script);
}

/// <summary>Progress that goes nowhere.</summary>
public sealed class NoChangeProgress : IChangeProgress
{
    public static readonly NoChangeProgress Instance = new NoChangeProgress();

    private NoChangeProgress()
    {
    }

    public void Waiting(WaitProgress progress)
    {
    }

    public void WaitEnded()
    {
    }

    public void RunningScript(ScriptProgress progress)
    {
    }

    public void ScriptEnded(string script)
    {
    }
}

using System;
using System.Collections.Concurrent;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Host;

/// <summary>
/// A cmdlet's output streams, safe to write from any thread. PowerShell lets only the pipeline thread write; what
/// other threads write here is queued and written by the pipeline thread, in order, while the cmdlet's asynchronous
/// work runs (<see cref="Commands.Base.AsyncCmdlet.Run"/>). Written from the pipeline thread, it goes out at once.
/// </summary>
internal sealed class PipelineOutput
{
    private readonly PSCmdlet _cmdlet;
    private readonly int _pipelineThread = Environment.CurrentManagedThreadId;
    private readonly ProgressDisplay _progress;
    private BlockingCollection<Action>? _pending;

    public PipelineOutput(PSCmdlet cmdlet)
    {
        _cmdlet = cmdlet;
        _progress = new ProgressDisplay(cmdlet);
        VerboseEnabled = StreamPreference.IsEnabled(cmdlet, "Verbose", "VerbosePreference");
        DebugEnabled = StreamPreference.IsEnabled(cmdlet, "Debug", "DebugPreference");
    }

    /// <summary>Whether verbose lines are shown: lines that would be dropped are not even made.</summary>
    public bool VerboseEnabled { get; }

    public bool DebugEnabled { get; }

    public void Object(object? item, bool enumerate = false) => OnPipelineThread(() => _cmdlet.WriteObject(item, enumerate));

    /// <summary>A failure of one item, as a non-terminating error, so the other items go on.</summary>
    public void Error(Exception error, object? target) => Error(ErrorRecords.From(error, target));

    public void Error(ErrorRecord record) => OnPipelineThread(() => _cmdlet.WriteError(record));

    public void Verbose(string message)
    {
        if (VerboseEnabled) OnPipelineThread(() => _cmdlet.WriteVerbose(message));
    }

    public void Debug(string message)
    {
        if (DebugEnabled) OnPipelineThread(() => _cmdlet.WriteDebug(message));
    }

    public void Warning(string message) => OnPipelineThread(() => Warnings.Write(_cmdlet, message));

    /// <summary>A progress bar, or where no one watches one (a pipeline job's log), a plain line now and then.</summary>
    public void Progress(ProgressRecord record) => OnPipelineThread(() => _progress.Show(record));

    /// <summary>
    /// Runs an action on the pipeline thread, in turn with what is written: work done there while the pipeline thread
    /// would otherwise only wait (an export turning each integration into its file's text as the list streams in).
    /// </summary>
    public void Invoke(Action action) => OnPipelineThread(action);

    /// <summary>
    /// Runs a function on the pipeline thread and hands its result back to the asynchronous work: for what only that
    /// thread may do (ShouldProcess, invoking a user's script block).
    /// </summary>
    public Task<T> OnPipelineThreadAsync<T>(Func<T> function, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration = cancellationToken.Register(() => result.TrySetCanceled());
        OnPipelineThread(() =>
        {
            try
            {
                if (!result.Task.IsCompleted) result.TrySetResult(function());
            }
            catch (Exception e)
            {
                result.TrySetException(e);
            }
            finally
            {
                registration.Dispose();
            }
        });
        return result.Task;
    }

    /// <summary>Starts queueing what other threads write; the pipeline thread takes it from the queue returned.</summary>
    internal BlockingCollection<Action> BeginQueue() => _pending = new BlockingCollection<Action>();

    internal void EndQueue() => _pending = null;

    private void OnPipelineThread(Action write)
    {
        if (Environment.CurrentManagedThreadId == _pipelineThread)
        {
            write();
            return;
        }
        BlockingCollection<Action>? pending = _pending;
        // Late work of an abandoned run: nobody is left to write it.
        if (pending is null) return;
        try
        {
            pending.Add(write);
        }
        catch (InvalidOperationException)
        {
            // The run has completed or is being abandoned.
        }
    }
}

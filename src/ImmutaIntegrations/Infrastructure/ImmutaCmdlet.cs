using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace ImmutaIntegrations.Infrastructure;

/// <summary>
/// The base of every cmdlet: runs asynchronous work off the pipeline thread while the pipeline thread
/// writes what that work produces (only it may), cancels the work on Ctrl+C, and maps exceptions to
/// ErrorRecords. Derived classes never name engine types in fields or signatures; they use the engine
/// inside method bodies, after the module's resolver is installed.
/// </summary>
public abstract class ImmutaCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private BlockingCollection<Action>? _pending;
    private int _pipelineThread = -1;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken StopToken => _stopping.Token;

    internal bool VerboseEnabled { get; private set; }

    internal bool DebugEnabled { get; private set; }

    protected override void BeginProcessing()
    {
        _pipelineThread = Environment.CurrentManagedThreadId;
        Presentation.EnsureLoaded(this);
        VerboseEnabled = IsStreamEnabled("Verbose", "VerbosePreference");
        DebugEnabled = IsStreamEnabled("Debug", "DebugPreference");
    }

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and, until it ends, performs on this (the pipeline)
    /// thread everything it <see cref="Post"/>s, in order. An exception of the work becomes a terminating
    /// error; per-item failures should be posted with <see cref="PostError"/> instead.
    /// </summary>
    /// <param name="startHere">
    /// Start the work on this thread, saving a hop to the thread pool per call: only for work that reaches its
    /// first real wait (an HTTP request) at once, so that Ctrl+C is never held up by synchronous work.
    /// </param>
    internal void Run(Func<CancellationToken, Task> work, bool startHere = false)
    {
        var pending = new BlockingCollection<Action>();
        _pending = pending;
        Task task = startHere ? StartHere(work, _stopping.Token) : Task.Run(() => work(_stopping.Token));
        task.ContinueWith(_ => pending.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            // Taking stops when the user stops: the work is cancelled, and is waited for only briefly.
            foreach (Action action in pending.GetConsumingEnumerable(_stopping.Token))
            {
                action();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            EndWork(task, StopGrace);
            throw new PipelineStoppedException();
        }
        catch
        {
            // A write failed: end the work before leaving, so it posts no more.
            _stopping.Cancel();
            EndWork(task, TimeSpan.FromSeconds(1));
            throw;
        }
        finally
        {
            _pending = null;
        }

        if (task.IsFaulted || task.IsCanceled)
        {
            Exception error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
            if (error is OperationCanceledException && _stopping.IsCancellationRequested) throw new PipelineStoppedException();
            ThrowTerminatingError(ErrorRecords.From(error, null));
        }
    }

    /// <summary>
    /// How long a stop waits for the work to end. HTTP requests and waits end at once when cancelled; a
    /// platform statement whose provider ignores cancellation is left to finish on its own, so Ctrl+C still
    /// ends the command within a second.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromMilliseconds(400);

    private static Task StartHere(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        try
        {
            return work(cancellationToken);
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    private static void EndWork(Task task, TimeSpan grace)
    {
        try
        {
            task.Wait(grace);
        }
        catch (AggregateException)
        {
            // The work ends cancelled (or failed) because of the cancellation just made: what is reported
            // is the failure that got here, not "a task was canceled" in its place.
        }
    }

    /// <summary>
    /// Runs one request per item, up to <paramref name="throttleLimit"/> at a time, writing each result with
    /// <paramref name="emit"/> on the pipeline thread in the order of the items (a result waits for those
    /// before it). A failure of one item is a non-terminating error and the others go on; a failure that
    /// concerns the whole connection (authentication, permission) stops the command and the requests still
    /// running.
    /// </summary>
    internal void RunForEach<T>(string[] items, Func<string, CancellationToken, Task<T>> request, Action<T> emit, int throttleLimit = 1)
    {
        Run(async cancellation =>
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation))
            using (var slots = new SemaphoreSlim(Math.Max(1, throttleLimit)))
            {
                async Task<T> One(string item)
                {
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                    try
                    {
                        return await request(item, stop.Token).ConfigureAwait(false);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }

                // Started in order, so the slots go to the first items first.
                Task<T>[] running = items.Select(One).ToArray();
                try
                {
                    for (int i = 0; i < items.Length; i++)
                    {
                        try
                        {
                            T result = await running[i].ConfigureAwait(false);
                            Post(() => emit(result));
                        }
                        catch (Exception e) when (IsItemFailure(e))
                        {
                            PostError(e, items[i]);
                        }
                    }
                }
                finally
                {
                    stop.Cancel();
                    // The requests still running end cancelled; their outcome no longer matters.
                    try { await Task.WhenAll(running).ConfigureAwait(false); } catch (Exception) { }
                }
            }
        }, startHere: true);
    }

    /// <summary>
    /// ShouldProcess with -Force: -Force skips the confirmation, but -WhatIf still only describes (and
    /// sends nothing).
    /// </summary>
    /// <summary>-WhatIf, given or from $WhatIfPreference: nothing is to be changed.</summary>
    internal bool WhatIfRequested => MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound)
        ? LanguagePrimitives.IsTrue(bound)
        : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    internal bool ShouldChange(string target, string action, bool force)
    {
        bool whatIf = WhatIfRequested;
        if (force && !whatIf) return true;
        // Never a prompt where no one can answer (a pipeline job): a clear error that says how to go ahead instead.
        if (!whatIf && Interaction.IsNonInteractive(Host) && Interaction.WouldConfirm(this)) ThrowTerminatingError(Interaction.CannotPrompt(this, target));
        try
        {
            return ShouldProcess(target, action);
        }
        catch (Exception e) when (e is System.Management.Automation.Host.HostException || e is PSInvalidOperationException || e is NullReferenceException)
        {
            // A host that fails inside its prompt (no console to read from).
            ThrowTerminatingError(Interaction.CannotPrompt(this, target, e));
            throw;
        }
    }

    /// <summary>
    /// A failure that concerns one item (its payload, its script, its outcome): reported as a non-terminating
    /// error so the other items go on. Failures of the whole connection are not.
    /// </summary>
    internal static bool IsItemFailure(Exception error) => error switch
    {
        ImmutaApiException api => !ErrorRecords.IsConnectionWide(api),
        ImmutaPayloadException _ => true,
        ImmutaScriptException _ => true,
        ImmutaIntegrationFailedException _ => true,
        ArgumentException _ => true,
        _ => false,
    };

    /// <summary>Queues an action for the pipeline thread. Safe from any thread; dropped once the run has ended.</summary>
    internal void Post(Action action)
    {
        BlockingCollection<Action>? pending = _pending;
        if (pending is null)
        {
            // Outside a run, only the pipeline thread may write; late work from an abandoned run is dropped.
            if (Environment.CurrentManagedThreadId == _pipelineThread) action();
            return;
        }
        try
        {
            pending.Add(action);
        }
        catch (InvalidOperationException)
        {
            // The run has completed or is being abandoned: nobody is left to write this.
        }
    }

    /// <summary>Reports a failure of one item as a non-terminating error, so the other items go on.</summary>
    internal void PostError(Exception error, object? target) => Post(() => WriteError(ErrorRecords.From(error, target)));

    internal void PostVerbose(string message)
    {
        if (VerboseEnabled) Post(() => WriteVerbose(message));
    }

    internal void PostDebug(string message)
    {
        if (DebugEnabled) Post(() => WriteDebug(message));
    }

    internal void PostWarning(string message) => Post(() => Warn(message));

    /// <summary>
    /// WriteWarning, except where PowerShell would ask: -Debug makes a compiled cmdlet's warnings prompt, which a
    /// non-interactive host (a pipeline, pwsh -NonInteractive, a console whose input is redirected) cannot do;
    /// the warning then goes to the debug stream.
    /// </summary>
    internal void Warn(string message)
    {
        if (WarningWouldPrompt && Host?.Name == "ConsoleHost" && Console.IsInputRedirected)
        {
            WriteDebug("WARNING: " + message);
            return;
        }
        try
        {
            WriteWarning(message);
        }
        // A console host with nothing to read the answer from fails inside its prompt (NullReferenceException).
        catch (Exception e) when (e is System.Management.Automation.Host.HostException || e is PSInvalidOperationException || e is NullReferenceException)
        {
            WriteDebug("WARNING: " + message);
        }
    }

    // -Debug without -WarningAction: PowerShell asks before every warning.
    private bool WarningWouldPrompt =>
        MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug) && debug is SwitchParameter { IsPresent: true }
        && !MyInvocation.BoundParameters.ContainsKey("WarningAction");

    internal void PostProgress(ProgressRecord record) => Post(() => Report(record));

    private ProgressLines? _progressLines;

    /// <summary>A progress bar, or where no one watches one (a pipeline job's log), a plain line now and then.</summary>
    private void Report(ProgressRecord record)
    {
        if (!Interaction.IsNonInteractive(Host))
        {
            WriteProgress(record);
            return;
        }
        string? line = (_progressLines ??= new ProgressLines()).LineFor(record);
        if (line != null) WriteInformation(new HostInformationMessage { Message = line }, new[] { "PSHOST" });
    }

    /// <summary>
    /// Runs a function on the pipeline thread and hands its result back to the asynchronous work: for what
    /// only that thread may do (ShouldProcess, invoking a user's script block).
    /// </summary>
    internal Task<T> OnPipelineThreadAsync<T>(Func<T> function, CancellationToken cancellationToken)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration = cancellationToken.Register(() => result.TrySetCanceled());
        Post(() =>
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

    private bool IsStreamEnabled(string switchName, string preferenceVariable)
    {
        if (MyInvocation.BoundParameters.TryGetValue(switchName, out object? bound))
        {
            return bound is SwitchParameter s ? s.IsPresent : LanguagePrimitives.IsTrue(bound);
        }
        object? preference = GetVariableValue(preferenceVariable);
        return preference is ActionPreference p && p != ActionPreference.SilentlyContinue && p != ActionPreference.Ignore;
    }
}

using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core;

namespace ImmutaIntegrations.Commands.Base;

/// <summary>
/// The base of every cmdlet: runs asynchronous work off the pipeline thread while the pipeline thread writes what
/// that work produces (<see cref="Output"/>, safe from any thread), and cancels the work on Ctrl+C. Derived classes
/// never name engine types in fields or signatures; they use the engine inside method bodies, after the module's
/// resolver is installed.
/// </summary>
public abstract class AsyncCmdlet : PSCmdlet, IDisposable
{
    /// <summary>
    /// How long a stop waits for the work to end. HTTP requests and waits end at once when cancelled; a platform
    /// statement whose provider ignores cancellation is left to finish on its own, so Ctrl+C still ends the command
    /// within a second.
    /// </summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromMilliseconds(400);

    private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
    private PipelineOutput? _output;

    /// <summary>The cmdlet's streams, written from any thread.</summary>
    internal PipelineOutput Output => _output ??= new PipelineOutput(this);

    protected override void BeginProcessing()
    {
        FormatLoader.EnsureLoaded(this);
        _output = new PipelineOutput(this);
    }

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on the thread pool and, until it ends, writes on this (the pipeline) thread
    /// everything it writes to <see cref="Output"/>, in order. An exception of the work becomes a terminating error;
    /// one item's work inside it goes through <see cref="TryItemAsync"/>, so that a failure of that item is not.
    /// </summary>
    /// <param name="startHere">
    /// Start the work on this thread, saving a hop to the thread pool per call: only for work that reaches its first
    /// real wait (an HTTP request) at once, so that Ctrl+C is never held up by synchronous work.
    /// </param>
    internal void Run(Func<CancellationToken, Task> work, bool startHere = false) => Run(work, startHere, alongside: null);

    /// <summary>
    /// Runs <paramref name="work"/> as <see cref="Run(Func{CancellationToken, Task}, bool)"/> does, while
    /// <paramref name="alongside"/> runs on this (the pipeline) thread: what the work writes meanwhile waits, and is
    /// written once <paramref name="alongside"/> returns. When <paramref name="alongside"/> throws (a terminating
    /// error), the work is cancelled, what it wrote is dropped, and the exception goes on as it is.
    /// </summary>
    internal void Run(Func<CancellationToken, Task> work, Action alongside) => Run(work, startHere: false, alongside);

    private void Run(Func<CancellationToken, Task> work, bool startHere, Action? alongside)
    {
        BlockingCollection<Action> pending = Output.BeginQueue();
        Task task = startHere ? StartHere(work, _stopping.Token) : Task.Run(() => work(_stopping.Token));
        task.ContinueWith(_ => pending.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            alongside?.Invoke();
        }
        catch
        {
            _stopping.Cancel();
            EndWork(task, StopGrace);
            Output.EndQueue();
            throw;
        }
        try
        {
            // Taking stops when the user stops: the work is cancelled, and is waited for only briefly.
            foreach (Action write in pending.GetConsumingEnumerable(_stopping.Token)) write();
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            EndWork(task, StopGrace);
            TellWhatStopped(task);
            throw new PipelineStoppedException();
        }
        catch
        {
            // A write failed: end the work before leaving, so it writes no more.
            _stopping.Cancel();
            EndWork(task, TimeSpan.FromSeconds(1));
            throw;
        }
        finally
        {
            Output.EndQueue();
        }

        if (task.IsFaulted || task.IsCanceled)
        {
            Exception error = task.Exception?.GetBaseException() ?? new OperationCanceledException();
            if (error is OperationCanceledException && _stopping.IsCancellationRequested)
            {
                TellWhatStopped(task);
                throw new PipelineStoppedException();
            }
            ThrowTerminatingError(ErrorRecords.From(error, null));
        }
    }

    // A script stopped part way: which statement was cancelled and which had completed, on the host (the streams are
    // closing as the pipeline stops, but the user must know where the platform stands).
    private void TellWhatStopped(Task task)
    {
        if (!task.IsCompleted) return;
        foreach (Exception error in WhyEnded(task))
        {
            if (error is Core.Scripts.ImmutaScriptStoppedException stopped) Host?.UI?.WriteWarningLine(stopped.Message);
        }
    }

    // A faulted task holds its exceptions. A cancelled one (work that threw an OperationCanceledException, as a stopped
    // script does: an async method's task then ends Canceled, its Exception null) gives its exception back only when awaited.
    private static Exception[] WhyEnded(Task task)
    {
        if (task.Exception != null) return task.Exception.Flatten().InnerExceptions.ToArray();
        if (!task.IsCanceled) return Array.Empty<Exception>();
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e)
        {
            return new Exception[] { e };
        }
        return Array.Empty<Exception>();
    }

    /// <summary>
    /// Whether a failure concerns only the item being worked on (its payload, file, script or outcome), so that the
    /// command goes on with the next: the one definition every command uses. <see cref="FailureScope"/> says it for
    /// the engine's failures; a path that names no file is one item's too.
    /// </summary>
    internal static bool ConcernsOneItem(Exception error) => FailureScope.ConcernsOneItem(error) || error is ItemNotFoundException;

    /// <summary>
    /// Does one item's work on the pipeline thread. A failure that concerns only that item (<see cref="ConcernsOneItem"/>)
    /// is written as a non-terminating error for <paramref name="target"/> and false is returned, so the command goes on
    /// with the next item; any other failure goes on as it is, and ends the command.
    /// </summary>
    internal bool TryItem(Action work, object? target)
    {
        try
        {
            work();
            return true;
        }
        catch (Exception e) when (ConcernsOneItem(e))
        {
            WriteError(ErrorRecords.From(e, target));
            return false;
        }
    }

    /// <summary>As <see cref="TryItem(Action, object)"/>, for work that gives the item's value: null when it failed.</summary>
    internal T? TryItem<T>(Func<T> work, object? target) where T : class
    {
        T? value = null;
        return TryItem(() => { value = work(); }, target) ? value : null;
    }

    /// <summary>
    /// As <see cref="TryItem(Action, object)"/>, for one item's work inside <see cref="Run(Func{CancellationToken, Task}, bool)"/>:
    /// the error is written through <see cref="Output"/>.
    /// </summary>
    internal async Task<bool> TryItemAsync(Func<Task> work, object? target)
    {
        try
        {
            await work().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (ConcernsOneItem(e))
        {
            Output.Error(e, target);
            return false;
        }
    }

    /// <summary>
    /// Runs one request per item, up to <paramref name="throttleLimit"/> at a time, handing each result to
    /// <paramref name="emit"/> (which writes to <see cref="Output"/>) in the order of the items (a result waits for those
    /// before it).
    /// A failure of one item is a non-terminating error and the others go on; a failure that concerns the whole
    /// connection (authentication, permission) stops the command and the requests still running.
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
                        Task<T> request = running[i];
                        await TryItemAsync(async () => emit(await request.ConfigureAwait(false)), items[i]).ConfigureAwait(false);
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
            // The work ends cancelled (or failed) because of the cancellation just made: what is reported is the
            // failure that got here, not "a task was canceled" in its place.
        }
    }
}

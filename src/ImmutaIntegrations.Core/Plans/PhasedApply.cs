using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>Where applying a plan stands: its phase and how many of the phase's changes have settled.</summary>
public sealed class PhaseProgress
{
    public PhaseProgress(string phase, int number, int phases, int settled, int total)
    {
        Phase = phase;
        Number = number;
        Phases = phases;
        Settled = settled;
        Total = total;
    }

    /// <summary><c>updates and replacements</c>, <c>creations</c> or <c>deletions</c>.</summary>
    public string Phase { get; }

    public int Number { get; }

    public int Phases { get; }

    public int Settled { get; }

    public int Total { get; }
}

/// <summary>
/// Applies a plan's changes at the speed of the slowest: phase by phase in the safe order (updates and replacements, then
/// creations, then deletions, so a failure part way never leaves fewer integrations than before), and within a phase,
/// up to a limit at a time, each change independent of the others (one failing stops none). A failure of the whole
/// connection, or a stop, ends every change under way and is thrown.
/// </summary>
public static class PhasedApply
{
    private static readonly (string Name, IntegrationPlanAction[] Actions)[] Phases =
    {
        ("updates and replacements", new[] { IntegrationPlanAction.Update, IntegrationPlanAction.Replace }),
        ("creations", new[] { IntegrationPlanAction.Create }),
        ("deletions", new[] { IntegrationPlanAction.Delete }),
    };

    /// <param name="items">The changes to make, each once.</param>
    /// <param name="applied">Told of each change as it ends, with its position in <paramref name="items"/>; from any thread.</param>
    public static Task ApplyAsync(PlanApplier applier, IReadOnlyList<IntegrationPlanItem> items, int throttleLimit,
        Action<int, AppliedPlanItem> applied, Action<PhaseProgress>? progress, CancellationToken cancellationToken) =>
        ApplyAsync(applier, items, throttleLimit, applied, progress, journal: null, cancellationToken);

    /// <param name="items">The changes to make, each once.</param>
    /// <param name="applied">Told of each change as it ends, with its position in <paramref name="items"/>; from any thread.</param>
    /// <param name="journal">
    /// The journal of the change at a position in <paramref name="items"/>, told of its requests as they are sent and
    /// answered: what a stop part way reports.
    /// </param>
    public static async Task ApplyAsync(PlanApplier applier, IReadOnlyList<IntegrationPlanItem> items, int throttleLimit,
        Action<int, AppliedPlanItem> applied, Action<PhaseProgress>? progress, Func<int, IChangeJournal?>? journal, CancellationToken cancellationToken)
    {
        var positions = items.Select((item, index) => (item, index)).ToList();
        foreach ((IntegrationPlanItem item, int index) in positions.Where(p => p.item.Action == IntegrationPlanAction.NoChange))
        {
            applied(index, await applier.ApplyAsync(item, cancellationToken).ConfigureAwait(false));
        }
        var phases = Phases.Select(phase => (phase.Name, Items: positions.Where(p => phase.Actions.Contains(p.item.Action)).ToArray()))
            .Where(phase => phase.Items.Length > 0).ToArray();
        for (int number = 0; number < phases.Length; number++)
        {
            var (name, phaseItems) = phases[number];
            int settled = 0;
            int phaseNumber = number + 1;
            progress?.Invoke(new PhaseProgress(name, phaseNumber, phases.Length, 0, phaseItems.Length));
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            using (var slots = new SemaphoreSlim(Math.Max(1, throttleLimit)))
            {
                async Task One(IntegrationPlanItem item, int index)
                {
                    await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                    try
                    {
                        // A slot freed by a change ending as the phase stops can reach a waiter before its cancellation
                        // does (SemaphoreSlim hands it over first): the change must not start.
                        stop.Token.ThrowIfCancellationRequested();
                        AppliedPlanItem result = await applier.ApplyAsync(item, journal?.Invoke(index), stop.Token).ConfigureAwait(false);
                        applied(index, result);
                        progress?.Invoke(new PhaseProgress(name, phaseNumber, phases.Length, Interlocked.Increment(ref settled), phaseItems.Length));
                    }
                    catch
                    {
                        // The connection failed as a whole, or the user stopped: the other changes end too.
                        stop.Cancel();
                        throw;
                    }
                    finally
                    {
                        slots.Release();
                    }
                }

                // Started in plan order, so the slots go to the first items first.
                Task[] running = phaseItems.Select(p => One(p.item, p.index)).ToArray();
                try
                {
                    await Task.WhenAll(running).ConfigureAwait(false);
                }
                catch (Exception) when (!cancellationToken.IsCancellationRequested)
                {
                    // What ended the phase is the first failure, not the cancellations it caused.
                    Exception first = running.Where(t => t.IsFaulted).Select(t => t.Exception!.GetBaseException())
                        .FirstOrDefault(e => !(e is OperationCanceledException)) ?? new OperationCanceledException();
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
                }
            }
        }
    }
}

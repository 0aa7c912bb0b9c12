using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Errors;

namespace ImmutaIntegrations.Host;

/// <summary>
/// Sync-ImmutaIntegration's results, written in plan order however the changes finish: each waits for those before it.
/// Safe from any thread. Also what was made so far, for when the user stops.
/// </summary>
internal sealed class SyncResults
{
    private readonly PipelineOutput _output;
    private readonly IReadOnlyList<IntegrationPlanItem> _items;
    private readonly object _gate = new object();
    private readonly Slot[] _slots;
    private int _next;

    private sealed class Slot
    {
        public bool Done { get; set; }

        public IntegrationSyncResult? Result { get; set; }

        public Exception? Error { get; set; }
    }

    public SyncResults(PipelineOutput output, IReadOnlyList<IntegrationPlanItem> items)
    {
        _output = output;
        _items = items;
        _slots = items.Select(_ => new Slot()).ToArray();
    }

    /// <summary>The results written so far, in plan order.</summary>
    public IReadOnlyList<IntegrationSyncResult> Written
    {
        get
        {
            lock (_gate) return _slots.Take(_next).Where(s => s.Result != null).Select(s => s.Result!).ToArray();
        }
    }

    /// <summary>How many changes failed (their errors have been written).</summary>
    public int Failed { get; private set; }

    /// <summary>The result of the item at a position, and the error to write with it when it failed.</summary>
    public void Set(int position, IntegrationSyncResult result, Exception? error)
    {
        lock (_gate)
        {
            _slots[position].Result = result;
            _slots[position].Error = error;
            _slots[position].Done = true;
            Flush();
        }
    }

    /// <summary>An item that gets no result (declined, or said only under -WhatIf): the ones after it need not wait for it.</summary>
    public void Skip(int position)
    {
        lock (_gate)
        {
            _slots[position].Done = true;
            Flush();
        }
    }

    /// <summary>What the changes came to when the user stopped: made, failed, and what was not made or is not known.</summary>
    public string StopReport()
    {
        lock (_gate)
        {
            string[] made = _slots.Where(s => s.Result?.Outcome == IntegrationSyncOutcome.Done && s.Result.Action != IntegrationPlanAction.NoChange)
                .Select(s => $"{s.Result!.Action} {s.Result.Type} {s.Result.Target}" + (s.Result.Id is null ? string.Empty : $" (id {s.Result.Id})")).ToArray();
            int failed = _slots.Count(s => s.Result?.Outcome == IntegrationSyncOutcome.Failed);
            string[] open = _items.Where((item, i) => !_slots[i].Done && item.Action != IntegrationPlanAction.NoChange)
                .Select(item => $"{item.Action} {item.Type} {item.Target}").ToArray();
            return $"Sync-ImmutaIntegration was stopped. Made before the stop ({made.Length}): {List(made)}. Failed: {failed}. "
                + $"Stopped or not started, so not made or not known ({open.Length}; Compare-ImmutaIntegration tells where they stand): {List(open)}.";
        }
    }

    // The changes of a phase fail in any order and side by side, and an error of Immuta's (an integration's failed test,
    // a refused payload) names no file: each error says which file it is about, or for a deletion which integration.
    private static ErrorRecord Naming(ErrorRecord record, IntegrationPlanItem item)
    {
        string message = record.ErrorDetails?.Message ?? record.Exception.Message;
        record.ErrorDetails = new ErrorDetails($"{item.Source ?? SyncWords.Describe(item)}: {message}")
        {
            RecommendedAction = record.ErrorDetails?.RecommendedAction,
        };
        return record;
    }

    private static string List(string[] items) => items.Length == 0 ? "none" : string.Join("; ", items);

    // Writes every result that is ready and has none before it still running.
    private void Flush()
    {
        while (_next < _slots.Length && _slots[_next].Done)
        {
            Slot slot = _slots[_next];
            IntegrationPlanItem item = _items[_next];
            _next++;
            if (slot.Result is null) continue;
            if (slot.Error != null)
            {
                Failed++;
                _output.Error(Naming(ErrorRecords.From(slot.Error, item.Source ?? item.Id), item));
            }
            else if (item.Action != IntegrationPlanAction.NoChange)
            {
                _output.Verbose($"{SyncWords.Describe(item)}: {slot.Result.Message}.");
            }
            _output.Object(slot.Result);
        }
    }
}

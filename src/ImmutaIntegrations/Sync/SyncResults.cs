using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using ImmutaIntegrations.Core.Changes;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Errors;

namespace ImmutaIntegrations.Sync;

/// <summary>
/// Sync-ImmutaIntegration's results, written in plan order however the changes finish: each waits for those before it.
/// Safe from any thread. Also, for when the user stops, each change's journal: how far the changes that had not ended got.
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

        /// <summary>Declined (or only said, under -WhatIf): never asked for, so not among the changes a stop reports.</summary>
        public bool Skipped { get; set; }

        public RequestJournal Journal { get; } = new RequestJournal();

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
            _slots[position].Skipped = true;
            Flush();
        }
    }

    /// <summary>The journal the change at a position tells of its requests as they are sent and answered.</summary>
    public IChangeJournal Journal(int position) => _slots[position].Journal;

    /// <summary>
    /// Where every change asked for stood when the user stopped, in plan order: its result once it ended, otherwise how far
    /// its requests got. Items declined are left out.
    /// </summary>
    public IReadOnlyList<StoppedItem> AtStop()
    {
        lock (_gate)
        {
            return _items.Select((item, i) => (item, slot: _slots[i])).Where(p => !p.slot.Skipped)
                .Select(p => StoppedItem.Of(p.item, p.slot.Result, p.slot.Journal.Entries)).ToArray();
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

using System.Collections.Generic;
using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>One request of a change as far as it got: sent, and answered or not.</summary>
public sealed class JournalEntry
{
    public JournalEntry(ChangeRequest request, string? id, bool answered, string? status)
    {
        Request = request;
        Id = id;
        Answered = answered;
        Status = status;
    }

    public ChangeRequest Request { get; }

    /// <summary>The integration updated or deleted; a create's new one once answered (null until then).</summary>
    public string? Id { get; }

    /// <summary>Whether Immuta's answer was read: it took the request and goes on with it.</summary>
    public bool Answered { get; }

    /// <summary>The status Immuta's answer gave (creating, editing, deleting...); null until answered.</summary>
    public string? Status { get; }
}

/// <summary>
/// The requests of one plan item's change, in the order sent (a Replace: its delete, then its create), as the change engine
/// tells them (<see cref="IChangeJournal"/>). Written by the change's thread and read by the one that reports a stop.
/// </summary>
public sealed class RequestJournal : IChangeJournal
{
    private readonly object _gate = new object();
    private readonly List<JournalEntry> _entries = new List<JournalEntry>();

    /// <summary>The requests so far, oldest first.</summary>
    public IReadOnlyList<JournalEntry> Entries
    {
        get
        {
            lock (_gate) return _entries.ToArray();
        }
    }

    public void Sending(ChangeRequest request, string? id)
    {
        lock (_gate) _entries.Add(new JournalEntry(request, id, answered: false, status: null));
    }

    public void Accepted(ChangeRequest request, string id, string status)
    {
        var answered = new JournalEntry(request, id, answered: true, status);
        lock (_gate)
        {
            // The answer is to the last such request sent; one never told as sent is still recorded, as answered.
            int sent = _entries.FindLastIndex(entry => entry.Request == request && !entry.Answered);
            if (sent < 0) _entries.Add(answered);
            else _entries[sent] = answered;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using ImmutaIntegrations.Core.Changes;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>Where one change stood when a sync was stopped.</summary>
public enum StopStanding
{
    /// <summary>It ended as planned: made and settled, or nothing to do.</summary>
    Done,

    /// <summary>It ended failed (its error says why).</summary>
    Failed,

    /// <summary>Immuta answered its last request: the change is made, Immuta goes on with it, and it had not settled.</summary>
    Accepted,

    /// <summary>Its last request was sent and no answer was read: whether Immuta made it is not known.</summary>
    InFlight,

    /// <summary>No request of it was sent, so nothing of it was made.</summary>
    NotSent,
}

/// <summary>
/// One change of a sync stopped part way, as it stood: its result once it ended, otherwise how far its requests got
/// (<see cref="RequestJournal"/>). A request Immuta answered is a change made, whatever became of the wait for it.
/// </summary>
public sealed class StoppedItem
{
    private StoppedItem(IntegrationPlanItem item, IntegrationSyncResult? result, StopStanding standing, string? id, string? message)
    {
        Item = item;
        Result = result;
        Standing = standing;
        Id = id;
        Message = message;
    }

    public IntegrationPlanItem Item { get; }

    /// <summary>The result, when the change ended before the stop.</summary>
    public IntegrationSyncResult? Result { get; }

    public StopStanding Standing { get; }

    /// <summary>
    /// The integration the change is about as Immuta knows it: a creation's (or replacement's) new id once Immuta gave it,
    /// otherwise the plan's; null for a creation that got none.
    /// </summary>
    public string? Id { get; }

    /// <summary>What became of the change in words: its result's message, or how far its requests got.</summary>
    public string? Message { get; }

    /// <summary>The outcome as the run's summary shows it: Done, Failed, or where a change that had not ended stood.</summary>
    public string Outcome => Standing switch
    {
        StopStanding.Accepted => "accepted, not settled",
        StopStanding.InFlight => "in flight, not known",
        StopStanding.NotSent => "not sent",
        _ => Standing.ToString(),
    };

    /// <param name="result">The change's result when it ended; null when it had not.</param>
    /// <param name="requests">Its requests as its journal holds them, oldest first.</param>
    public static StoppedItem Of(IntegrationPlanItem item, IntegrationSyncResult? result, IReadOnlyList<JournalEntry> requests)
    {
        if (item is null) throw new ArgumentNullException(nameof(item));
        if (requests is null) throw new ArgumentNullException(nameof(requests));
        if (result != null)
        {
            bool done = result.Outcome == IntegrationSyncOutcome.Done;
            // A failed creation's result has no id; its journal has the one Immuta gave, which is worth looking at.
            string? id = result.Id ?? requests.LastOrDefault(r => r.Answered)?.Id;
            return new StoppedItem(item, result, done ? StopStanding.Done : StopStanding.Failed, id, result.Message);
        }
        JournalEntry? last = requests.LastOrDefault();
        if (last is null)
        {
            string unchanged = item.Id is null ? string.Empty : $"; integration {item.Id} is as it was";
            return new StoppedItem(item, null, StopStanding.NotSent, item.Id, "not sent, so not made" + unchanged);
        }
        bool replacing = item.Action == IntegrationPlanAction.Replace;
        // A Replace sends its create only once its delete has settled.
        string deleted = $"integration {item.Id} was deleted; ";
        if (last.Answered)
        {
            string accepted = $"accepted by Immuta ({last.Status}) and not settled when stopped; Immuta goes on with it";
            string message = !replacing ? accepted
                : last.Request == ChangeRequest.Delete
                    ? $"the delete of integration {item.Id} was {accepted}; the create of its replacement was not sent"
                    : deleted + $"its replacement, integration {last.Id}, was {accepted}";
            return new StoppedItem(item, null, StopStanding.Accepted, last.Id, message);
        }
        const string unknown = "sent, and no answer was read: whether Immuta made it is not known";
        string inFlight = !replacing ? unknown
            : last.Request == ChangeRequest.Delete
                ? $"the delete of integration {item.Id} was {unknown}; the create of its replacement was not sent"
                : deleted + "the create of its replacement was " + unknown;
        return new StoppedItem(item, null, StopStanding.InFlight, last.Id, inFlight);
    }
}

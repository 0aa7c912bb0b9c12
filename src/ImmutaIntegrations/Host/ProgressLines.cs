using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Management.Automation;

namespace ImmutaIntegrations.Host;

/// <summary>
/// Progress as plain lines, for a session no one watches: nothing for an activity that ends within a second;
/// then a line when what it says changes (at most every few seconds), and one when it ends.
/// </summary>
internal sealed class ProgressLines
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(5);

    private sealed class Activity
    {
        public Stopwatch Started { get; } = Stopwatch.StartNew();

        public Stopwatch? SinceLine { get; set; }

        public string Status { get; set; } = string.Empty;
    }

    private readonly Dictionary<int, Activity> _activities = new Dictionary<int, Activity>();

    /// <summary>The line to write for a progress record, or null when it adds nothing yet.</summary>
    public string? LineFor(ProgressRecord record)
    {
        string status = string.IsNullOrEmpty(record.StatusDescription) ? string.Empty : record.StatusDescription;
        if (!_activities.TryGetValue(record.ActivityId, out Activity? activity))
        {
            if (record.RecordType == ProgressRecordType.Completed) return null;
            _activities[record.ActivityId] = activity = new Activity();
        }
        if (record.RecordType == ProgressRecordType.Completed)
        {
            _activities.Remove(record.ActivityId);
            return activity.SinceLine is null ? null : $"{record.Activity}: done after {activity.Started.Elapsed:hh\\:mm\\:ss}.";
        }
        if (activity.Started.Elapsed < Quiet) return null;
        if (activity.SinceLine != null && (status == activity.Status || activity.SinceLine.Elapsed < Every)) return null;
        activity.SinceLine = Stopwatch.StartNew();
        activity.Status = status;
        string operation = string.IsNullOrEmpty(record.CurrentOperation) ? string.Empty : $" ({record.CurrentOperation})";
        return $"{record.Activity}: {status}{operation}";
    }
}

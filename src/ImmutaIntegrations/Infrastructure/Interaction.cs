using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;

namespace ImmutaIntegrations.Infrastructure;

/// <summary>
/// Whether anyone can answer here, and what the module does when no one can (a pipeline job, a scheduled
/// task): it never prompts, and progress becomes plain lines in the job's log instead of a progress bar.
/// </summary>
internal static class Interaction
{
    private static readonly Lazy<bool> StartedNonInteractive = new Lazy<bool>(() =>
        Environment.GetCommandLineArgs().Skip(1).Any(IsNonInteractiveSwitch));

    /// <summary>
    /// True in <c>pwsh -NonInteractive</c> (any abbreviation from <c>-noni</c>), in a console whose input is redirected
    /// (how CI agents run scripts), and in a host with no user interface at all.
    /// </summary>
    public static bool IsNonInteractive(PSHost? host)
    {
        if (StartedNonInteractive.Value) return true;
        if (host is null || host.UI is null || host.Name == "Default Host") return true;
        return host.Name == "ConsoleHost" && Console.IsInputRedirected;
    }

    private static bool IsNonInteractiveSwitch(string argument)
    {
        string name = argument.TrimStart('-', '/').ToLowerInvariant();
        return argument.Length > 1 && (argument[0] == '-' || argument[0] == '/') && name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal);
    }

    /// <summary>Whether ShouldProcess would ask the user to confirm (-Confirm, or the cmdlet's impact at or above $ConfirmPreference).</summary>
    public static bool WouldConfirm(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm)) return LanguagePrimitives.IsTrue(confirm);
        ConfirmImpact impact = cmdlet.GetType().GetCustomAttribute<CmdletAttribute>()?.ConfirmImpact ?? ConfirmImpact.Medium;
        object? preference = cmdlet.GetVariableValue("ConfirmPreference");
        ConfirmImpact wanted = preference is ConfirmImpact set ? set
            : preference != null && Enum.TryParse(preference.ToString(), true, out ConfirmImpact parsed) ? parsed
            : ConfirmImpact.High;
        return wanted != ConfirmImpact.None && impact >= wanted;
    }

    /// <summary>The error for a confirmation that cannot be asked: it says how to go ahead.</summary>
    public static ErrorRecord CannotPrompt(PSCmdlet cmdlet, string target, Exception? inner = null)
    {
        string command = cmdlet.MyInvocation.MyCommand?.Name ?? "The command";
        var error = new PSInvalidOperationException(
            $"{command} would ask to confirm a change to {target}, but no one can answer here (a non-interactive session). Nothing was changed: add -Force (or -Confirm:$false) to go ahead without asking.",
            inner);
        return new ErrorRecord(error, ImmutaErrorId.CannotPrompt, ErrorCategory.InvalidOperation, target);
    }
}

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

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>
/// What a sync stopped part way tells the user (a warning on the host, as the streams close): every change by where it
/// stood, each with its id where Immuta gave one, and how to follow or find out. A change Immuta answered is made; only
/// one never sent is not made; one in flight is not known. Holds types, targets, ids, statuses and the module's own
/// messages (redacted where they are made), never a payload's value.
/// </summary>
public static class StopReport
{
    /// <param name="command">The command stopped, e.g. <c>Sync-ImmutaIntegration</c>.</param>
    /// <param name="items">The changes asked for, in plan order.</param>
    public static string For(string command, IReadOnlyList<StoppedItem> items)
    {
        if (items is null) throw new ArgumentNullException(nameof(items));
        List<StoppedItem> changes = items.Where(i => i.Item.Action != IntegrationPlanAction.NoChange).ToList();
        List<StoppedItem> Standing(StopStanding standing) => changes.Where(i => i.Standing == standing).ToList();
        List<StoppedItem> accepted = Standing(StopStanding.Accepted);
        string follow = string.Join(",", accepted.Select(i => i.Id).Where(id => id != null).Distinct());

        var text = new StringBuilder($"{command} was stopped. Where each change stands:");
        Section(text, "Made and settled", null, Standing(StopStanding.Done));
        Section(text, "Made, not yet settled",
            $"Immuta accepted these and goes on with them; follow them with Wait-ImmutaIntegration -Id {follow}", accepted);
        Section(text, "Failed", "each error says why", Standing(StopStanding.Failed));
        Section(text, "In flight at the stop, so not known",
            "sent, but no answer was read; Get-ImmutaIntegration, or Compare-ImmutaIntegration on the same files, tells whether each was made",
            Standing(StopStanding.InFlight));
        Section(text, "Not sent, so not made", $"running {command} again makes them", Standing(StopStanding.NotSent));
        if (changes.Count == 0) text.Append("\nNo change had begun.");
        return text.ToString();
    }

    // A heading with the count and what to do, then a line per change; nothing for a standing no change has.
    private static void Section(StringBuilder text, string heading, string? advice, List<StoppedItem> items)
    {
        if (items.Count == 0) return;
        text.Append('\n').Append(heading).Append(" (").Append(items.Count).Append(')').Append(advice is null ? ":" : $": {advice}.");
        foreach (StoppedItem item in items) text.Append("\n  ").Append(Line(item));
    }

    // What the heading does not already say: a Replace's two steps, a failure's reason.
    private static string Line(StoppedItem item)
    {
        IntegrationPlanItem plan = item.Item;
        string line = $"{plan.Action} {plan.Type} {plan.Target}" + (item.Id is null ? string.Empty : $" (id {item.Id})");
        bool explained = item.Standing == StopStanding.Failed || plan.Action == IntegrationPlanAction.Replace;
        return explained && !string.IsNullOrEmpty(item.Message) ? $"{line}: {item.Message}" : line;
    }
}

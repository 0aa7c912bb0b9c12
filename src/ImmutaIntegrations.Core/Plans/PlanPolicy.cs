using System.Collections.Generic;
using System.Linq;

namespace ImmutaIntegrations.Core.Plans;

/// <summary>What a sync does with one item of its plan, before anything is asked or sent.</summary>
public enum PlanVerdict
{
    /// <summary>Nothing to change: applied (its result written) without asking.</summary>
    Apply = 0,

    /// <summary>A change: applied if the user confirms it (ShouldProcess), else skipped.</summary>
    Confirm = 1,

    /// <summary>Not allowed by the options (a Replace without -AllowReplace): a failed item, nothing changed for it.</summary>
    Refuse = 2,

    /// <summary>Would be refused, but this is a rehearsal (-WhatIf): a warning, and the item skipped.</summary>
    Warn = 3,
}

/// <summary>What a sync is allowed to do with its plan.</summary>
public sealed class PlanPolicyOptions
{
    /// <summary>Replace items may be applied (delete and create again): <c>-AllowReplace</c>.</summary>
    public bool AllowReplace { get; set; }

    /// <summary>Nothing is changed, only said (<c>-WhatIf</c>): what would be refused is a warning, not a failure.</summary>
    public bool Rehearsal { get; set; }
}

/// <summary>One item of a plan, in the order it is applied, with what the policy decided for it.</summary>
public sealed class PlanDecision
{
    internal PlanDecision(IntegrationPlanItem item, int position, PlanVerdict verdict, ImmutaRefusedException? refusal)
    {
        Item = item;
        Position = position;
        Verdict = verdict;
        Refusal = refusal;
    }

    /// <summary>The plan's item.</summary>
    public IntegrationPlanItem Item { get; }

    /// <summary>Its place in the safe order (<see cref="PlanApplier.InSafeOrder"/>), where its result is written.</summary>
    public int Position { get; }

    /// <summary>What is done with it.</summary>
    public PlanVerdict Verdict { get; }

    /// <summary>Why it is refused (for <see cref="PlanVerdict.Refuse"/> and <see cref="PlanVerdict.Warn"/>), else null.</summary>
    public ImmutaRefusedException? Refusal { get; }
}

/// <summary>
/// Sync's policy over a plan: the items in the safe order, and for each whether it is applied, asked about, or refused
/// (and why). The command only asks the questions and writes; the rules are here, beside the plan.
/// </summary>
public static class PlanPolicy
{
    /// <summary>Decides every item of <paramref name="plan"/>, in the order the items are applied.</summary>
    public static IReadOnlyList<PlanDecision> Decide(IEnumerable<IntegrationPlanItem> plan, PlanPolicyOptions options) =>
        PlanApplier.InSafeOrder(plan).Select((item, position) => Decide(item, position, options)).ToList();

    private static PlanDecision Decide(IntegrationPlanItem item, int position, PlanPolicyOptions options)
    {
        if (item.Action == IntegrationPlanAction.Replace && !options.AllowReplace)
        {
            var refused = new ImmutaRefusedException(
                $"The {item.Type} integration on {item.Target} (id {item.Id}) must be replaced: {item.Reason}. "
                + "Nothing was changed for it; run again with -AllowReplace to delete and create it.",
                ImmutaErrorId.ReplaceNotAllowed);
            return new PlanDecision(item, position, options.Rehearsal ? PlanVerdict.Warn : PlanVerdict.Refuse, refused);
        }
        return new PlanDecision(item, position, item.Action == IntegrationPlanAction.NoChange ? PlanVerdict.Apply : PlanVerdict.Confirm, null);
    }
}

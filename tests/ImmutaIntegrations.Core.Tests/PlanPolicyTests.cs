using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>Sync's policy over a plan: which items are applied, asked about, refused or only warned of, in the safe order.</summary>
public sealed class PlanPolicyTests
{
    private static IntegrationPlanItem Item(IntegrationPlanAction action, string target) => new IntegrationPlanItem
    {
        Action = action,
        Type = "Databricks",
        Target = target,
        Id = action == IntegrationPlanAction.Create ? null : $"id-{target}",
        Reason = action == IntegrationPlanAction.Replace ? "catalog changes from a to b" : null,
    };

    private static readonly IntegrationPlanItem[] Plan =
    [
        Item(IntegrationPlanAction.Delete, "gone"),
        Item(IntegrationPlanAction.Create, "new"),
        Item(IntegrationPlanAction.Replace, "moved"),
        Item(IntegrationPlanAction.NoChange, "same"),
        Item(IntegrationPlanAction.Update, "changed"),
    ];

    [Fact]
    public void Items_come_in_the_safe_order_with_their_positions()
    {
        IReadOnlyList<PlanDecision> decisions = PlanPolicy.Decide(Plan, new PlanPolicyOptions { AllowReplace = true });

        Assert.Equal(PlanApplier.InSafeOrder(Plan).Select(i => i.Target), decisions.Select(d => d.Item.Target));
        Assert.Equal(Enumerable.Range(0, Plan.Length), decisions.Select(d => d.Position));
    }

    [Fact]
    public void A_change_is_asked_about_and_no_change_is_applied_without_asking()
    {
        IReadOnlyList<PlanDecision> decisions = PlanPolicy.Decide(Plan, new PlanPolicyOptions { AllowReplace = true });

        foreach (PlanDecision decision in decisions)
        {
            Assert.Equal(decision.Item.Action == IntegrationPlanAction.NoChange ? PlanVerdict.Apply : PlanVerdict.Confirm, decision.Verdict);
            Assert.Null(decision.Refusal);
        }
    }

    [Fact]
    public void A_replacement_without_AllowReplace_is_refused_with_its_reason_and_the_rest_go_on()
    {
        IReadOnlyList<PlanDecision> decisions = PlanPolicy.Decide(Plan, new PlanPolicyOptions());

        PlanDecision replace = Assert.Single(decisions, d => d.Item.Action == IntegrationPlanAction.Replace);
        Assert.Equal(PlanVerdict.Refuse, replace.Verdict);
        Assert.Equal(ImmutaErrorId.ReplaceNotAllowed, replace.Refusal!.ErrorId);
        Assert.Contains("id-moved", replace.Refusal.Message);
        Assert.Contains("catalog changes from a to b", replace.Refusal.Message);
        Assert.Contains("-AllowReplace", replace.Refusal.Message);
        Assert.False(replace.Refusal.ConcernsConnection);
        Assert.All(decisions.Where(d => d != replace), d => Assert.NotEqual(PlanVerdict.Refuse, d.Verdict));
    }

    [Fact]
    public void Under_WhatIf_a_replacement_that_would_be_refused_is_a_warning()
    {
        IReadOnlyList<PlanDecision> decisions = PlanPolicy.Decide(Plan, new PlanPolicyOptions { Rehearsal = true });

        PlanDecision replace = Assert.Single(decisions, d => d.Item.Action == IntegrationPlanAction.Replace);
        Assert.Equal(PlanVerdict.Warn, replace.Verdict);
        Assert.Equal(ImmutaErrorId.ReplaceNotAllowed, replace.Refusal!.ErrorId);
    }

    [Fact]
    public void With_AllowReplace_a_replacement_is_asked_about_like_any_change()
    {
        foreach (bool rehearsal in new[] { false, true })
        {
            IReadOnlyList<PlanDecision> decisions = PlanPolicy.Decide(Plan, new PlanPolicyOptions { AllowReplace = true, Rehearsal = rehearsal });

            PlanDecision replace = Assert.Single(decisions, d => d.Item.Action == IntegrationPlanAction.Replace);
            Assert.Equal(PlanVerdict.Confirm, replace.Verdict);
        }
    }
}

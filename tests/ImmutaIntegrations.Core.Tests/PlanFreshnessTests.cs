using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.SavedPlans;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>Whether a saved plan still starts from what the tenant holds: what is stale, what drifted harmlessly, what is fresh.</summary>
public sealed class PlanFreshnessTests
{
    private static readonly PayloadValidationOptions Unchecked = new(checkSecretReferences: false, environment: _ => null);

    private static PreparedPayload Desired(IntegrationType type, Action<OrderedDictionary>? change = null)
    {
        OrderedDictionary root = Examples.Root(type);
        if (root["config"] is OrderedDictionary config) change?.Invoke(config);
        return PreparedPayload.From(new PayloadDocument(root, $"{type.Slug}.yaml"), Unchecked);
    }

    private static Integration Reading(PreparedPayload payload, string id, string status = "enabled", Action<OrderedDictionary>? change = null)
    {
        OrderedDictionary config = payload.DisplayConfig();
        change?.Invoke(config);
        return new Integration { Id = id, Type = payload.Type.Name, Status = status, AutoBootstrap = payload.AutoBootstrap, Config = config };
    }

    // A copy of a reading, as the tenant answers again later: a new object, changed as the test says.
    private static Integration Again(Integration then, string? status = null, Action<OrderedDictionary>? change = null)
    {
        var config = (OrderedDictionary)PlainValues.DeepCopy(then.Config)!;
        change?.Invoke(config);
        return new Integration { Id = then.Id, Type = then.Type, Status = status ?? then.Status, AutoBootstrap = then.AutoBootstrap, Config = config };
    }

    // The plan: Snowflake to update (its warehouse), Databricks unchanged, Redshift to create, Synapse to delete (pruned).
    private static (IReadOnlyList<IntegrationPlanItem> Plan, Integration[] Then) Planned()
    {
        PreparedPayload snowflake = Desired(IntegrationTypes.Snowflake, c => c["warehouse"] = "NEXT_WH");
        PreparedPayload databricks = Desired(IntegrationTypes.Databricks);
        PreparedPayload redshift = Desired(IntegrationTypes.Redshift);
        Integration[] then =
        [
            Reading(snowflake, "1", change: c => c["warehouse"] = "OLD_WH"),
            Reading(databricks, "2"),
            Reading(Desired(IntegrationTypes.Synapse), "3"),
        ];
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan([snowflake, databricks, redshift], then, prune: true);
        Assert.Equal("Update,NoChange,Create,Delete", string.Join(",", plan.Select(i => i.Action)));
        return (plan, then);
    }

    [Fact]
    public void A_tenant_that_has_not_moved_is_fresh_and_each_item_gets_the_integration_as_read_now()
    {
        var (plan, then) = Planned();
        Integration[] now = then.Select(i => Again(i)).ToArray();

        PlanFreshness freshness = PlanFreshness.Check(plan, now);

        Assert.Empty(freshness.Stale);
        Assert.Empty(freshness.Drifted);
        Assert.Same(now[0], plan[0].Current);
        Assert.Same(now[2], plan[3].Current);
    }

    [Fact]
    public void A_planned_change_to_an_integration_that_changed_is_stale_with_what_moved()
    {
        var (plan, then) = Planned();
        Integration[] now =
        [
            Again(then[0], "editError", c => c["role"] = "SYSADMIN"),
            Again(then[1]),
            Again(then[2], change: c =>
            {
                ((OrderedDictionary)c["metadataDelimiters"]!)["arrayDelimiter"] = ";";
                c.Remove("schema");
                c["newField"] = new object?[] { 1L };
            }),
        ];

        PlanFreshness freshness = PlanFreshness.Check(plan, now);

        Assert.Equal([plan[0], plan[3]], freshness.Stale.Select(s => s.Item));
        Assert.Equal(["status: 'enabled' -> 'editError'", "config.role: 'ACCOUNTADMIN' -> 'SYSADMIN'"],
            freshness.Stale[0].Moved.Select(c => c.ToString()));
        Assert.Equal("The plan updates the Snowflake integration on organization.us-east-1.snowflakecomputing.com (id 1), but it has changed since "
            + "the plan was made: status: 'enabled' -> 'editError'; config.role: 'ACCOUNTADMIN' -> 'SYSADMIN'. Make a new plan and have it reviewed.",
            freshness.Stale[0].Message);
        // In the earlier reading's order, a block field by field, then what is new.
        Assert.Equal(["config.schema: 'sample_schema' -> (none)", "config.metadataDelimiters.arrayDelimiter: ',' -> ';'", "config.newField: (none) -> [1]"],
            freshness.Stale[1].Moved.Select(c => c.ToString()));
        Assert.StartsWith("The plan deletes the Azure Synapse Analytics integration on ", freshness.Stale[1].Message);
        Assert.Same(then[0], plan[0].Current);
    }

    [Fact]
    public void A_planned_change_to_an_integration_that_is_gone_or_leaving_is_stale()
    {
        var (plan, then) = Planned();

        PlanFreshness freshness = PlanFreshness.Check(plan, [Again(then[0], "deleting"), Again(then[1])]);

        Assert.Equal(2, freshness.Stale.Count);
        Assert.Equal("The plan updates the Snowflake integration on organization.us-east-1.snowflakecomputing.com (id 1), but it is deleting now. "
            + "Make a new plan and have it reviewed.", freshness.Stale[0].Message);
        Assert.Contains("(id 3), but it has been deleted since the plan was made. The plan may have been applied already.", freshness.Stale[1].Message);
    }

    [Fact]
    public void A_creation_whose_target_now_has_an_integration_is_stale_unless_that_one_is_leaving()
    {
        var (plan, then) = Planned();
        Integration made = Reading((PreparedPayload)plan[2].Desired!, "9");

        PlanFreshness taken = PlanFreshness.Check(plan, [.. then.Select(i => Again(i)), made]);
        Assert.Equal([plan[2]], taken.Stale.Select(s => s.Item));
        Assert.Equal("The plan creates the Redshift integration on " + plan[2].Target + ", but integration 9 (enabled) has been made there since the plan "
            + "was made. It is already what the plan would create: the plan may have been applied already. Make a new plan and have it reviewed.",
            taken.Stale[0].Message);

        Integration other = Reading((PreparedPayload)plan[2].Desired!, "9", change: c => c["database"] = "another");
        Assert.DoesNotContain("applied already", PlanFreshness.Check(plan, [.. then.Select(i => Again(i)), other]).Stale[0].Message);

        Assert.Empty(PlanFreshness.Check(plan, [.. then.Select(i => Again(i)), Again(made, "deleting")]).Stale);
    }

    [Fact]
    public void An_update_already_applied_says_so()
    {
        var (plan, then) = Planned();

        PlanFreshness freshness = PlanFreshness.Check(plan, [Again(then[0], change: c => c["warehouse"] = "NEXT_WH"), Again(then[1]), Again(then[2])]);

        Assert.EndsWith("config.warehouse: 'OLD_WH' -> 'NEXT_WH'. It is already what the plan would make it: the plan may have been applied already. "
            + "Make a new plan and have it reviewed.", Assert.Single(freshness.Stale).Message);
    }

    [Fact]
    public void An_integration_planned_as_unchanged_that_moved_or_went_is_drift_not_staleness()
    {
        var (plan, then) = Planned();

        PlanFreshness moved = PlanFreshness.Check(plan, [Again(then[0]), Again(then[1], change: c => c["httpPath"] = "by-hand"), Again(then[2])]);
        PlanFreshness gone = PlanFreshness.Check(plan, [Again(then[0]), Again(then[2])]);

        Assert.Empty(moved.Stale);
        Assert.StartsWith("The plan leaves the Databricks integration on ", Assert.Single(moved.Drifted).Message);
        Assert.Contains("config.httpPath: '", moved.Drifted[0].Message);
        Assert.Empty(gone.Stale);
        Assert.Contains("it has been deleted since the plan was made. The plan leaves it so", Assert.Single(gone.Drifted).Message);
    }

    [Fact]
    public void Values_are_the_same_deep_whatever_the_order_of_a_blocks_keys()
    {
        Assert.True(PayloadMatch.Equal(Plain.Map(("a", 1L), ("b", Plain.Map(("c", true)))), Plain.Map(("B", Plain.Map(("c", true))), ("a", 1L))));
        Assert.True(PayloadMatch.Equal(new object?[] { Plain.Map(("x", "y")) }, new object?[] { Plain.Map(("x", "y")) }));
        Assert.False(PayloadMatch.Equal(new object?[] { Plain.Map(("x", "y")) }, new object?[] { Plain.Map(("x", "z")) }));
        Assert.False(PayloadMatch.Equal("1", new object?[] { "1" }));
        Assert.True(PayloadMatch.Equal(2L, 2.0));
    }
}

using System.Collections.Specialized;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The plan (files against what Immuta has), the matching of targets, and the export of integrations as files.</summary>
public sealed class PlanTests
{
    private static readonly PayloadValidationOptions Unchecked = new(checkSecretReferences: false, environment: _ => null);

    private static PreparedPayload Desired(IntegrationType type, Action<OrderedDictionary>? change = null, string origin = "desired.yaml")
    {
        OrderedDictionary root = Examples.Root(type);
        if (root["config"] is OrderedDictionary config) change?.Invoke(config);
        return PreparedPayload.From(new PayloadDocument(root, origin), Unchecked);
    }

    // What Immuta shows for a payload: the same config with defaults filled in and secrets as <REDACTED>.
    private static Integration Actual(IntegrationType type, string id, Action<OrderedDictionary>? change = null, string status = "enabled")
    {
        OrderedDictionary root = Examples.Root(type);
        var config = root["config"] as OrderedDictionary ?? ConfigDictionary.Create();
        config = PayloadRedaction.Redact(type, config);
        if (type.HasConfig) config["port"] ??= 443;
        change?.Invoke(config);
        return new Integration { Id = id, Type = type.Name, Status = status, AutoBootstrap = root["autoBootstrap"] as bool?, Config = config };
    }

    [Theory]
    [MemberData(nameof(Examples.Slugs), MemberType = typeof(Examples))]
    public void A_file_that_says_what_Immuta_has_is_no_change(string slug)
    {
        IntegrationType type = Examples.Type(slug);

        IntegrationPlanItem item = Assert.Single(IntegrationPlanner.Plan([Desired(type)], [Actual(type, "7")], prune: true));

        Assert.Equal((IntegrationPlanAction.NoChange, "7"), (item.Action, item.Id));
        Assert.Empty(item.Changes);
    }

    [Fact]
    public void A_changed_nested_field_is_an_update_with_its_path_and_values()
    {
        PreparedPayload desired = Desired(IntegrationTypes.Snowflake, c =>
        {
            c["impersonation"] = Plain.Map(("enabled", false), ("role", "IMMUTA_IMPERSONATION"));
            c["warehouse"] = "OTHER";
        });
        Integration actual = Actual(IntegrationTypes.Snowflake, "3", c => c["impersonation"] = Plain.Map(("enabled", true), ("role", "IMMUTA_IMPERSONATION")));

        IntegrationPlanItem item = Assert.Single(IntegrationPlanner.Plan([desired], [actual], prune: false));

        Assert.Equal(IntegrationPlanAction.Update, item.Action);
        Assert.Equal(
            ["config.warehouse: 'SAMPLE_WAREHOUSE' -> 'OTHER'", "config.impersonation.enabled: true -> false"],
            item.Changes.Select(c => c.ToString()));
        Assert.All(item.Changes, c => Assert.False(c.Immutable));
    }

    [Fact]
    public void Secrets_references_and_fields_the_file_leaves_out_are_not_changes()
    {
        // The file's password differs from anything Immuta could show, and it leaves port out (Immuta's default).
        PreparedPayload desired = Desired(IntegrationTypes.Snowflake, c =>
        {
            c["password"] = "a-new-password";
            c.Remove("port");
            c["role"] = "${env:SNOWFLAKE_ROLE}";
        });
        Integration actual = Actual(IntegrationTypes.Snowflake, "3", c => c["port"] = 443);

        IntegrationPlanItem item = Assert.Single(IntegrationPlanner.Plan([desired], [actual], prune: false));

        Assert.Equal(IntegrationPlanAction.NoChange, item.Action);
    }

    [Theory]
    [InlineData("snowflake", "database", "OTHER_DB")]
    [InlineData("databricks", "catalog", "other")]
    [InlineData("s3", "awsAccountId", "999999999999")]
    public void A_changed_field_fixed_at_creation_is_a_replace(string slug, string field, string value)
    {
        IntegrationType type = Examples.Type(slug);

        IntegrationPlanItem item = Assert.Single(IntegrationPlanner.Plan([Desired(type, c => c[field] = value)], [Actual(type, "4")], prune: false));

        Assert.Equal(IntegrationPlanAction.Replace, item.Action);
        IntegrationFieldChange change = Assert.Single(item.Changes);
        Assert.Equal(("config." + field, true), (change.Path, change.Immutable));
        Assert.StartsWith($"config.{field} cannot change", item.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Targets_match_ignoring_case_and_a_trailing_slash_and_a_new_target_is_a_create()
    {
        PreparedPayload same = Desired(IntegrationTypes.Databricks, c => c["workspaceUrl"] = "WWW.Example-Workspace.cloud.databricks.com/");
        PreparedPayload other = Desired(IntegrationTypes.Snowflake, c => c["host"] = "other.snowflakecomputing.com", "other.yaml");

        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(
            [same, other], [Actual(IntegrationTypes.Databricks, "2"), Actual(IntegrationTypes.Snowflake, "1")], prune: false);

        Assert.Equal([(IntegrationPlanAction.NoChange, "2"), (IntegrationPlanAction.Create, (string?)null)], plan.Select(i => (i.Action, i.Id)));
        Assert.Equal("other.snowflakecomputing.com", plan[1].Target);
    }

    [Fact]
    public void Pruning_deletes_only_known_integrations_in_no_file_that_are_not_already_leaving()
    {
        Integration[] actual =
        [
            Actual(IntegrationTypes.Snowflake, "1"),
            Actual(IntegrationTypes.Databricks, "2"),
            Actual(IntegrationTypes.Redshift, "3", status: "deleting"),
            new Integration { Id = "4", Type = "Some Future Platform", Status = "enabled" },
            Actual(IntegrationTypes.Trino, "5"),
        ];

        IReadOnlyList<IntegrationPlanItem> kept = IntegrationPlanner.Plan([Desired(IntegrationTypes.Snowflake)], actual, prune: false);
        IReadOnlyList<IntegrationPlanItem> pruned = IntegrationPlanner.Plan([Desired(IntegrationTypes.Snowflake)], actual, prune: true);

        Assert.Equal([IntegrationPlanAction.NoChange], kept.Select(i => i.Action));
        Assert.Equal(
            [(IntegrationPlanAction.NoChange, "1"), (IntegrationPlanAction.Delete, "2"), (IntegrationPlanAction.Delete, "5")],
            pruned.Select(i => (i.Action, i.Id)));
        Assert.Equal("the Trino integration", pruned[2].Target);
    }

    [Fact]
    public void Two_files_for_the_same_integration_are_an_error()
    {
        var error = Assert.Throws<ImmutaPayloadException>(() =>
            IntegrationPlanner.Plan(
                [Desired(IntegrationTypes.Snowflake, origin: "a.yaml"), Desired(IntegrationTypes.Snowflake, c => c["warehouse"] = "X", "b.yaml")],
                [], prune: false));

        Assert.StartsWith("a.yaml and b.yaml both describe the Snowflake integration on organization.us-east-1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("createError", IntegrationPlanAction.Update)]
    [InlineData("editError", IntegrationPlanAction.Update)]
    // Force-disabled (newer tenants): gone from Immuta as far as plans go, so the file creates it again.
    [InlineData("disabled", IntegrationPlanAction.Create)]
    public void An_integration_whose_last_change_failed_is_sent_again(string status, IntegrationPlanAction action)
    {
        IntegrationPlanItem item = Assert.Single(IntegrationPlanner.Plan(
            [Desired(IntegrationTypes.Databricks)], [Actual(IntegrationTypes.Databricks, "2", status: status)], prune: false));

        Assert.Equal(action, item.Action);
        Assert.Empty(item.Changes);
        if (action == IntegrationPlanAction.Update) Assert.Equal($"Immuta has it in status {status}: the file is sent again", item.Reason);
    }

    [Fact]
    public void A_change_of_autoBootstrap_is_a_change()
    {
        PreparedPayload desired = Desired(IntegrationTypes.Snowflake);
        Integration actual = Actual(IntegrationTypes.Snowflake, "1");
        actual.AutoBootstrap = false;

        IntegrationPlanItem item = Assert.Single(IntegrationPlanner.Plan([desired], [actual], prune: false));

        Assert.Equal("autoBootstrap: false -> true", Assert.Single(item.Changes).ToString());
    }

    [Theory]
    [InlineData("snowflake", "snowflake-organization.us-east-1.snowflakecomputing.com.yaml")]
    [InlineData("databricks", "databricks-www.example-workspace.cloud.databricks.com.yaml")]
    [InlineData("bigquery", "bigquery-immuta-us-east1.yaml")]
    [InlineData("s3", "s3-s3.yaml")]
    [InlineData("trino", "trino.yaml")]
    public void An_exported_file_is_named_after_its_type_and_target(string slug, string name)
    {
        IntegrationType type = Examples.Type(slug);

        ExportedIntegration exported = IntegrationExporter.Export(type, Actual(type, "1"));

        Assert.Equal(name, exported.FileName);
    }

    [Theory]
    [MemberData(nameof(Examples.Slugs), MemberType = typeof(Examples))]
    public void An_exported_file_has_every_secret_as_a_reference_names_its_schema_and_reads_back_as_no_change(string slug)
    {
        IntegrationType type = Examples.Type(slug);
        Integration integration = Actual(type, "1");

        ExportedIntegration exported = IntegrationExporter.Export(type, integration);

        Assert.StartsWith($"# yaml-language-server: $schema=./schemas/{slug}.schema.json\n", exported.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(PayloadRedaction.Redacted, exported.Text, StringComparison.Ordinal);
        Assert.Equal(exported.Text, IntegrationExporter.Export(type, integration).Text);
        Assert.All(exported.Variables, v => Assert.Matches("^IMMUTA_[A-Z0-9_]+$", v));
        Assert.All(exported.Variables, v => Assert.Contains("${env:" + v + "}", exported.Text, StringComparison.Ordinal));
        Assert.Equal(type.Secrets.Count(f => PlainValues.Get(integration.Config, f.Path) != null), exported.Variables.Count);
        PayloadDocument read = Assert.Single(Plain.Parse(exported.Text, $"{slug}.yaml"));
        PreparedPayload again = PreparedPayload.From(read, PayloadValidationOptions.Default.WithEnvironment(_ => "secret-value"));
        Assert.Equal(IntegrationPlanAction.NoChange, Assert.Single(IntegrationPlanner.Plan([again], [integration], prune: false)).Action);
    }

    [Fact]
    public void Exported_variable_names_say_type_target_and_field()
    {
        Integration integration = Actual(IntegrationTypes.Snowflake, "1");

        ExportedIntegration exported = IntegrationExporter.Export(IntegrationTypes.Snowflake, integration);

        Assert.Contains("IMMUTA_SNOWFLAKE_ORGANIZATION_US_EAST_1_SNOWFLAKECOMPUTING_COM_PASSWORD", exported.Variables);
    }
}

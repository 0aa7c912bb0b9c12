using System.Collections.Specialized;
using ImmutaIntegrations.Core.Ci;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Types;
using ImmutaIntegrations.Core.Payloads.Validation;
using ImmutaIntegrations.Core.Payloads.Writing;
using ImmutaIntegrations.Core.Plans;
using ImmutaIntegrations.Core.SavedPlans;
using ImmutaIntegrations.Core.Secrets;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>
/// A rotation (-RotateSecret): the plan sends again the secrets of the references a filter picks, to exactly the existing
/// integrations whose payloads refer to them, each such field a change shown as sent again, and a saved plan keeps it.
/// </summary>
public sealed class RotationTests : IDisposable
{
    private const string SentAgain = "(secret) -> (secret, sent again)";
    private static readonly PayloadValidationOptions FormOnly = PayloadValidationOptions.Default.WithoutSecretReferenceCheck().WithSecretsAsReferencesOnly();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rotation-{Guid.NewGuid():N}");

    public RotationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // A Databricks payload for a workspace, its token the given value, read from a file of the folder.
    private PreparedPayload Databricks(string workspace, string token, Action<OrderedDictionary>? change = null) =>
        FromFile(IntegrationTypes.Databricks, $"databricks-{workspace}.yaml", c =>
        {
            c["workspaceUrl"] = $"{workspace}.cloud.databricks.com";
            c["token"] = token;
            change?.Invoke(c);
        });

    private PreparedPayload FromFile(IntegrationType type, string name, Action<OrderedDictionary>? change = null)
    {
        OrderedDictionary root = Examples.Root(type);
        if (root["config"] is OrderedDictionary config) change?.Invoke(config);
        string file = Path.Combine(_folder, name);
        File.WriteAllText(file, PayloadWriter.ToYaml(root));
        return PreparedPayload.From(PayloadFiles.Read(file).Single(), FormOnly);
    }

    // What Immuta shows for a payload: its config, secrets redacted.
    private static Integration Shown(PreparedPayload payload, string id, string status = "enabled", Action<OrderedDictionary>? change = null)
    {
        var integration = new Integration { Id = id, Type = payload.Type.Name, Status = status, AutoBootstrap = payload.AutoBootstrap, Config = payload.DisplayConfig() };
        change?.Invoke(integration.Config);
        return integration;
    }

    private static Func<SecretReference, bool> Named(string name) =>
        reference => reference.Names().Contains(name, StringComparer.OrdinalIgnoreCase);

    // Four Databricks workspaces (three with one file's token, one with a variable's), a Snowflake whose OAuth client
    // secret is in a vault, a BigQuery whose key is a file found through a variable, and Trino; all as their files say.
    private (List<PreparedPayload> Desired, List<Integration> Actual) Tenant()
    {
        var desired = new List<PreparedPayload>
        {
            Databricks("sales", "${file:token.txt}"),
            Databricks("finance", "${file:token.txt}"),
            Databricks("ops", "${file:token.txt}"),
            Databricks("lab", "${env:LAB_TOKEN}"),
            FromFile(IntegrationTypes.Snowflake, "snowflake.yaml", c =>
            {
                c.Remove("password");
                c["authenticationType"] = "oAuthClientCredentials";
                c["oAuthClientConfig"] = Plain.Map(("provider", "okta"), ("clientId", "immuta"), ("clientSecret", "${secret:Vault/dbx-sf-client}"));
            }),
            FromFile(IntegrationTypes.BigQuery, "bigquery.yaml", c => c["credential"] = "${file:${env:KEYS}/bigquery.json}"),
            FromFile(IntegrationTypes.Trino, "trino.yaml"),
        };
        var actual = desired.Select((payload, i) => Shown(payload, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return (desired, actual);
    }

    private (IReadOnlyList<IntegrationPlanItem> Plan, string[] Updated) Rotate(Func<SecretReference, bool>? rotate)
    {
        (List<PreparedPayload> desired, List<Integration> actual) = Tenant();
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired, actual, prune: false, rotate);
        return (plan, plan.Where(item => item.Action == IntegrationPlanAction.Update).Select(item => item.Target).ToArray());
    }

    [Fact]
    public void Every_reference_is_sent_again_to_every_integration_with_a_configuration()
    {
        (IReadOnlyList<IntegrationPlanItem> plan, string[] updated) = Rotate(_ => true);

        Assert.Equal(
            ["sales.cloud.databricks.com", "finance.cloud.databricks.com", "ops.cloud.databricks.com", "lab.cloud.databricks.com",
             "organization.us-east-1.snowflakecomputing.com", "immuta in us-east1"],
            updated);
        IntegrationPlanItem trino = plan.Single(item => item.Type == IntegrationTypes.Trino.Name);
        Assert.Equal(IntegrationPlanAction.NoChange, trino.Action);
        Assert.Empty(trino.Changes);
        Assert.Null(trino.Reason);
    }

    [Fact]
    public void A_variable_by_name_picks_only_the_integration_that_refers_to_it()
    {
        (IReadOnlyList<IntegrationPlanItem> plan, string[] updated) = Rotate(Named("lab_token"));

        Assert.Equal(["lab.cloud.databricks.com"], updated);
        Assert.Equal(6, plan.Count(item => item.Action == IntegrationPlanAction.NoChange));
    }

    [Fact]
    public void A_file_by_its_reference_as_written_picks_the_three_integrations_that_share_it()
    {
        (_, string[] updated) = Rotate(reference => reference.Text == "${file:token.txt}");

        Assert.Equal(["sales.cloud.databricks.com", "finance.cloud.databricks.com", "ops.cloud.databricks.com"], updated);
    }

    [Fact]
    public void A_wildcard_sees_every_name_of_a_reference_the_vaults_too()
    {
        // dbx-* : the Snowflake client secret's name (dbx-sf-client) and its Vault/NAME; no Databricks reference is named so.
        var seen = new List<string>();
        (_, string[] updated) = Rotate(reference =>
        {
            seen.AddRange(reference.Names());
            return reference.Names().Any(name => name.StartsWith("dbx-", StringComparison.OrdinalIgnoreCase));
        });

        Assert.Equal(["organization.us-east-1.snowflakecomputing.com"], updated);
        Assert.Contains("Vault/dbx-sf-client", seen);
        Assert.Contains("${secret:Vault/dbx-sf-client}", seen);
        Assert.Contains("token.txt", seen);
    }

    [Fact]
    public void A_variable_inside_a_file_path_picks_the_file()
    {
        (IReadOnlyList<IntegrationPlanItem> plan, string[] updated) = Rotate(Named("KEYS"));

        Assert.Equal(["immuta in us-east1"], updated);
        IntegrationPlanItem bigQuery = plan.Single(item => item.Action == IntegrationPlanAction.Update);
        Assert.Equal(["config.credential: " + SentAgain], bigQuery.Changes.Select(c => c.ToString()));
        Assert.Equal("its secrets are sent again (${file:${env:KEYS}/bigquery.json})", bigQuery.Reason);
    }

    [Fact]
    public void An_unchanged_integration_becomes_an_update_with_one_line_per_field_its_value_never_shown()
    {
        (IReadOnlyList<IntegrationPlanItem> plan, _) = Rotate(_ => true);

        IntegrationPlanItem sales = plan[0];
        Assert.Equal((IntegrationPlanAction.Update, "1"), (sales.Action, sales.Id));
        IntegrationFieldChange change = Assert.Single(sales.Changes);
        Assert.Equal(("config.token", true, false, (object?)null, (object?)null), (change.Path, change.SentAgain, change.Immutable, change.Before, change.After));
        Assert.Equal("config.token: (secret) -> (secret, sent again)", change.ToString());
        Assert.Equal(("(secret)", "(secret, sent again)"), (change.ShowBefore(), change.ShowAfter()));
        Assert.Equal("its secrets are sent again (${file:token.txt})", sales.Reason);
        Assert.Equal("Update Databricks sales.cloud.databricks.com (id 1): config.token: " + SentAgain, sales.ToString());
        // A secret in a block: the block's field.
        IntegrationPlanItem snowflake = plan[4];
        Assert.Equal(["config.oAuthClientConfig.clientSecret: " + SentAgain], snowflake.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Without_a_filter_or_with_one_that_picks_nothing_a_changed_secret_is_no_change()
    {
        Assert.Empty(Rotate(null).Updated);
        Assert.Empty(Rotate(_ => false).Updated);
        Assert.All(Rotate(null).Plan, item => Assert.Empty(item.Changes));
    }

    [Fact]
    public void An_update_or_a_replace_keeps_its_action_and_gains_the_lines_and_creations_and_deletions_are_as_they_were()
    {
        PreparedPayload update = Databricks("sales", "${file:token.txt}", c => c["httpPath"] = "sql/next");
        PreparedPayload replace = Databricks("finance", "${file:token.txt}", c => c["catalog"] = "other");
        PreparedPayload failed = Databricks("ops", "${file:token.txt}");
        PreparedPayload created = Databricks("new", "${file:token.txt}");
        Integration gone = Shown(Databricks("gone", "${file:token.txt}"), "9");
        Integration[] actual =
        [
            Shown(update, "1", change: c => c["httpPath"] = "sql/old"),
            Shown(replace, "2", change: c => c["catalog"] = "immuta"),
            Shown(failed, "3", status: "editError"),
            gone,
        ];

        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan([update, replace, failed, created], actual, prune: true, _ => true);

        Assert.Equal(
            [IntegrationPlanAction.Update, IntegrationPlanAction.Replace, IntegrationPlanAction.Update, IntegrationPlanAction.Create, IntegrationPlanAction.Delete],
            plan.Select(item => item.Action));
        Assert.Equal(["config.httpPath: 'sql/old' -> 'sql/next'", "config.token: " + SentAgain], plan[0].Changes.Select(c => c.ToString()));
        Assert.Equal("its secrets are sent again (${file:token.txt})", plan[0].Reason);
        Assert.Equal(["config.catalog: 'immuta' -> 'other'", "config.token: " + SentAgain], plan[1].Changes.Select(c => c.ToString()));
        Assert.Equal("config.catalog cannot change once the integration is configured: it is deleted and created again; "
            + "its secrets are sent again (${file:token.txt})", plan[1].Reason);
        Assert.Equal("Immuta has it in status editError: the file is sent again; its secrets are sent again (${file:token.txt})", plan[2].Reason);
        Assert.Empty(plan[3].Changes);
        Assert.Null(plan[3].Reason);
        Assert.Empty(plan[4].Changes);
        Assert.Equal("it is in none of the files", plan[4].Reason);
    }

    [Fact]
    public void A_saved_plan_keeps_the_rotation_and_no_secret_and_is_read_back_as_planned()
    {
        (List<PreparedPayload> desired, List<Integration> actual) = Tenant();
        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan(desired, actual, prune: false, reference => reference.Text == "${file:token.txt}");
        string path = Path.Combine(_folder, "plan.json");

        SavedPlanFile.Write(path, new Uri("https://acme.immuta.com/"), prune: false, plan, _folder, DateTimeOffset.UtcNow);
        string text = File.ReadAllText(path);
        SavedPlan read = SavedPlanFile.Read(path);
        Assert.Empty(read.Prepare(PayloadValidationOptions.Default.WithoutSecretReferenceCheck(), _folder));

        Assert.Equal(3, text.Split("\"sentAgain\": true").Length - 1);
        Assert.Contains("\"token\": \"${file:token.txt}\"", text, StringComparison.Ordinal);
        Assert.Equal(plan.Select(item => item.ToString()), read.Items.Select(item => item.ToString()));
        Assert.Equal(plan.Select(item => item.Reason), read.Items.Select(item => item.Reason));
        Assert.Equal(
            plan.SelectMany(item => item.Changes).Select(c => (c.Path, c.SentAgain, c.Before, c.After)),
            read.Items.SelectMany(item => item.Changes).Select(c => (c.Path, c.SentAgain, c.Before, c.After)));
        Assert.Equal(3, read.Items.Count(item => item.Action == IntegrationPlanAction.Update));
        // Nothing moved: the rotation is applied as planned.
        PlanFreshness fresh = PlanFreshness.Check(read.Items, actual);
        Assert.Empty(fresh.Stale);
        Assert.Empty(fresh.Drifted);
    }

    [Fact]
    public void A_plan_without_a_rotation_is_written_as_before_it()
    {
        (List<PreparedPayload> desired, List<Integration> actual) = Tenant();
        string path = Path.Combine(_folder, "plain.json");

        SavedPlanFile.Write(path, new Uri("https://acme.immuta.com/"), prune: false, IntegrationPlanner.Plan(desired, actual, prune: false), _folder, DateTimeOffset.UtcNow);

        Assert.DoesNotContain("sentAgain", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void The_summary_shows_each_secret_sent_again()
    {
        (IReadOnlyList<IntegrationPlanItem> plan, _) = Rotate(Named("LAB_TOKEN"));

        string markdown = IntegrationSummaries.Plan(plan).ToMarkdown();

        Assert.Contains("0 to create, 1 to update, 0 to replace, 0 to delete, 6 unchanged", markdown, StringComparison.Ordinal);
        Assert.Contains("| config.token: (secret) -> (secret, sent again) |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_references_of_a_payload_are_found_in_blocks_and_lists_each_once()
    {
        OrderedDictionary config = Plain.Map(
            ("a", "${env:A}"),
            ("block", Plain.Map(("b", "x-${env:B}-y"), ("again", "${env:A}"))),
            ("list", new object?[] { "${file:c.txt}", Plain.Map(("d", "${secret:d}")) }),
            ("plain", "no reference"));

        Assert.Equal(["${env:A}", "${env:B}", "${file:c.txt}", "${secret:d}"], SecretRotation.References(config).Select(r => r.Text));
    }
}

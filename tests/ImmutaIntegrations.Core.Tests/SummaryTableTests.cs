using System.Text;
using System.Text.RegularExpressions;
using ImmutaIntegrations.Core.Ci;
using ImmutaIntegrations.Core.Payloads;
using ImmutaIntegrations.Core.Payloads.Reading;
using ImmutaIntegrations.Core.Payloads.Redaction;
using ImmutaIntegrations.Core.Plans;

namespace ImmutaIntegrations.Core.Tests;

/// <summary>The Markdown summaries of a plan and a sync, the general table they are built on, and where the agents read them.</summary>
public sealed class SummaryTableTests
{
    [Fact]
    public void A_summary_is_a_heading_a_line_of_counts_and_a_table()
    {
        var table = new SummaryTable("Health", "2 healthy, 1 failing", ["Id", "Status"], [["1", "enabled"], ["2", null], ["3"]]);

        Assert.Equal(
            "### Health\n\n2 healthy, 1 failing\n\n| Id | Status |\n| --- | --- |\n| 1 | enabled |\n| 2 |  |\n| 3 |  |\n",
            table.ToMarkdown());
    }

    [Fact]
    public void A_summary_without_rows_has_no_table() =>
        Assert.Equal("### Title\n\nnothing\n\n", new SummaryTable("Title", "nothing", ["A"], []).ToMarkdown());

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("`code`", "\\`code\\`")]
    [InlineData("one\r\ntwo\nthree\rfour", "one<br>two<br>three<br>four")]
    [InlineData("a\\|b", "a\\\\\\|b")]
    [InlineData("password: <REDACTED>", "password: &lt;REDACTED>")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("config.port: 443 -> 8443", "config.port: 443 -> 8443")]
    public void A_cell_is_escaped_so_that_it_stays_one_cell(string text, string cell) => Assert.Equal(cell, SummaryTable.Cell(text));

    [Fact]
    public void Hostile_cells_never_add_a_column_or_a_row()
    {
        string[] hostile = ["a|b", "x\\", "\\|", "`|`", "new\nline | row |", "\r\n| --- |", "<script>|</script>", "||||"];
        var table = new SummaryTable("T|t\n# heading", "c|\nc", ["One", "Two"], hostile.Select(h => (IReadOnlyList<string?>)[h, h]));

        string[] lines = table.ToMarkdown().TrimEnd('\n').Split('\n');

        Assert.Equal(4 + 2 + hostile.Length, lines.Length);
        Assert.StartsWith("### ", lines[0]);
        // Every row has exactly the three pipes that bound its two cells: none in a cell is left unescaped.
        Assert.All(lines.Skip(4), row => Assert.Equal(3, UnescapedPipes(row)));
    }

    [Fact]
    public void The_plan_counts_each_action_and_shows_every_change_as_old_to_new()
    {
        IntegrationPlanItem[] plan =
        [
            new() { Action = IntegrationPlanAction.Create, Type = "Snowflake", Target = "new.snowflakecomputing.com" },
            new()
            {
                Action = IntegrationPlanAction.Update, Type = "Snowflake", Target = "acme.snowflakecomputing.com", Id = "5",
                Changes =
                [
                    new() { Path = "config.warehouse", Before = "A", After = "B" },
                    new() { Path = "config.impersonation.enabled", Before = true, After = false },
                ],
            },
            new() { Action = IntegrationPlanAction.NoChange, Type = "Trino", Target = "the Trino integration", Id = "2" },
            new()
            {
                Action = IntegrationPlanAction.Delete, Type = "Databricks", Target = "w.cloud.databricks.com", Id = "3", Reason = "it is in none of the files",
            },
        ];

        string markdown = IntegrationSummaries.Plan(plan).ToMarkdown();

        Assert.StartsWith("### Compare-ImmutaIntegration: the plan\n\n1 to create, 1 to update, 0 to replace, 1 to delete, 1 unchanged\n\n", markdown);
        Assert.Contains("| Action | Type | Target | Id | Changes |\n", markdown);
        Assert.Contains("| Create | Snowflake | new.snowflakecomputing.com |  |  |\n", markdown);
        Assert.Contains(
            "| Update | Snowflake | acme.snowflakecomputing.com | 5 | config.warehouse: 'A' -> 'B'<br>config.impersonation.enabled: true -> false |\n",
            markdown);
        Assert.Contains("| Delete | Databricks | w.cloud.databricks.com | 3 |  |\n", markdown);
    }

    [Fact]
    public void The_sync_counts_what_was_done_and_what_failed_with_each_outcome_and_message()
    {
        IntegrationSyncResult[] results =
        [
            new()
            {
                Action = IntegrationPlanAction.Create, Type = "Trino", Target = "the Trino integration", Id = "4", Outcome = IntegrationSyncOutcome.Done,
                Message = "created",
            },
            new()
            {
                Action = IntegrationPlanAction.Update, Type = "Databricks", Target = "w", Id = "3", Outcome = IntegrationSyncOutcome.Failed,
                Message = "The integration failed: createError | see\nthe log", Changes = [new() { Path = "config.port", Before = 443L, After = 8443L }],
            },
            new()
            {
                Action = IntegrationPlanAction.NoChange, Type = "Snowflake", Target = "s", Id = "1", Outcome = IntegrationSyncOutcome.Done,
                Message = "no change",
            },
        ];

        string markdown = IntegrationSummaries.Sync(results).ToMarkdown();

        Assert.StartsWith("### Sync-ImmutaIntegration: the changes made\n\n1 created, 0 updated, 0 replaced, 0 deleted, 1 unchanged, 1 failed\n\n", markdown);
        Assert.Contains("| Action | Type | Target | Id | Changes | Outcome | Message |\n", markdown);
        Assert.Contains("| Create | Trino | the Trino integration | 4 |  | Done | created |\n", markdown);
        Assert.Contains(
            "| Update | Databricks | w | 3 | config.port: 443 -> 8443 | Failed | The integration failed: createError \\| see<br>the log |\n", markdown);
    }

    [Fact]
    public void A_health_summary_counts_the_healthy_and_unhealthy_and_lists_each_failed_test_on_a_line_of_its_own()
    {
        IntegrationHealth[] report =
        [
            new() { Id = "7", Type = "Snowflake", Target = "a.snowflakecomputing.com", Status = "createError", Problem = "error state",
                FailedTests = [new() { Name = "Basic", Status = "failed", Message = "refused" }, new() { Name = "Role", Status = "failed" }] },
            new() { Id = "2", Type = "Trino", Target = "the Trino integration", Status = "enabled", Healthy = true },
        ];

        string markdown = IntegrationSummaries.Health(report, unreadable: 1).ToMarkdown();

        Assert.StartsWith("### Test-ImmutaIntegrationHealth: the integrations' health\n\n1 healthy, 1 unhealthy, 1 could not be read\n\n", markdown);
        Assert.Contains("| Health | Type | Target | Id | Status | Problem | Failed tests |\n", markdown);
        Assert.Contains("| Unhealthy | Snowflake | a.snowflakecomputing.com | 7 | createError | error state | Basic: failed (refused)<br>Role: failed |\n", markdown);
        Assert.Contains("| Healthy | Trino | the Trino integration | 2 | enabled |  |  |\n", markdown);
        Assert.True(markdown.IndexOf("| Unhealthy", StringComparison.Ordinal) < markdown.IndexOf("| Healthy", StringComparison.Ordinal));
        Assert.DoesNotContain("could not be read", IntegrationSummaries.Health(report, unreadable: 0).ToMarkdown());
    }

    [Fact]
    public void A_plan_from_files_with_secrets_never_shows_a_secret()
    {
        const string secret = "summary-Zq7-secret";
        string yaml = "type: Snowflake\nautoBootstrap: true\nconfig:\n  host: acme.snowflakecomputing.com\n  warehouse: NEXT\n  database: D\n"
            + $"  authenticationType: userPassword\n  username: u\n  password: {secret}\n  role: R\n";
        PreparedPayload desired = PreparedPayload.From(PayloadFiles.Parse(Encoding.UTF8.GetBytes(yaml), "snowflake.yaml")[0]);
        var config = PayloadRedaction.Redact(desired.Type, desired.Config);
        config["warehouse"] = "OLD";
        var actual = new Integration { Id = "1", Type = "Snowflake", Status = "enabled", AutoBootstrap = true, Config = config };

        IReadOnlyList<IntegrationPlanItem> plan = IntegrationPlanner.Plan([desired], [actual], prune: false);
        string markdown = IntegrationSummaries.Plan(plan).ToMarkdown();

        Assert.Contains("config.warehouse: 'OLD' -> 'NEXT'", markdown);
        Assert.DoesNotContain(secret, markdown);
        Assert.DoesNotContain("password", markdown);
    }

    [Fact]
    public void GitHub_summaries_are_appended_to_the_step_summary_file_a_blank_line_apart()
    {
        string folder = Path.Combine(Path.GetTempPath(), "summary-" + Guid.NewGuid().ToString("N"));
        string file = Path.Combine(folder, "step_summary.md");
        try
        {
            PipelineAgent agent = Agent(("GITHUB_ACTIONS", "true"), ("GITHUB_STEP_SUMMARY", file));

            Assert.Null(SummaryFiles.Write(agent, "plan", "### One\n"));
            Assert.Null(SummaryFiles.Write(agent, "plan", "### Two\n"));
            File.AppendAllText(file, "the user's own line");
            Assert.Null(SummaryFiles.Write(agent, "sync", "### Three\n"));

            Assert.Equal("### One\n\n### Two\nthe user's own line\n\n### Three\n", File.ReadAllText(file));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void GitHub_without_a_step_summary_file_writes_nothing() =>
        Assert.Null(SummaryFiles.Write(Agent(("GITHUB_ACTIONS", "true")), "plan", "### One\n"));

    [Fact]
    public void Azure_DevOps_summaries_are_files_of_their_own_attached_by_path()
    {
        string folder = Path.Combine(Path.GetTempPath(), "summary-" + Guid.NewGuid().ToString("N"));
        try
        {
            PipelineAgent agent = Agent(("TF_BUILD", "True"), ("AGENT_TEMPDIRECTORY", folder));

            string first = SummaryFiles.Write(agent, "plan", "### One\n")!;
            string second = SummaryFiles.Write(agent, "plan", "### Two\n")!;

            string[] paths =
                [.. new[] { first, second }.Select(line => Regex.Match(line, @"^##vso\[task\.uploadsummary\](?<path>.+)$").Groups["path"].Value)];
            Assert.All(paths, path => Assert.Matches(@"immuta-plan-\d{8}-\d{6}-\d+\.md$", path));
            Assert.All(paths, path => Assert.True(Path.IsPathRooted(path) && Path.GetDirectoryName(path) == Path.GetFullPath(folder), path));
            Assert.NotEqual(paths[0], paths[1]);
            Assert.Equal(["### One\n", "### Two\n"], paths.Select(File.ReadAllText));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static PipelineAgent Agent(params (string Name, string Value)[] variables)
    {
        var environment = variables.ToDictionary(v => v.Name, v => v.Value);
        return PipelineAgent.Detect(name => environment.TryGetValue(name, out string? value) ? value : null, Path.GetTempPath())!;
    }

    // The pipes that delimit cells: those not escaped by an odd number of backslashes before them.
    private static int UnescapedPipes(string row)
    {
        int count = 0;
        for (int i = 0; i < row.Length; i++)
        {
            if (row[i] == '\\') i++;
            else if (row[i] == '|') count++;
        }
        return count;
    }

    [Fact]
    public void A_saved_plan_is_named_under_the_counts_of_its_plan_its_apply_and_a_stopped_apply()
    {
        var file = new IntegrationPlanFile
        {
            Path = Path.Combine(Path.GetTempPath(), "reviewed", "plan.json"),
            Tenant = "https://acme.immuta.com/",
            CreatedAt = new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero),
            ModuleVersion = "1.2.3",
            Checksum = "sha256:" + new string('a', 64),
        };
        string named = "plan.json, made 2026-12-07 09:30:00 UTC for https://acme.immuta.com/ by ImmutaIntegrations 1.2.3, checksum sha256:" + new string('a', 64);

        Assert.Contains($"\n\nSaved plan {named}: Sync-ImmutaIntegration -Plan applies exactly this, or refuses it if the tenant has moved.\n\n",
            IntegrationSummaries.Plan([], file).ToMarkdown());
        Assert.Contains($"\n\nApplied the saved plan {named}.\n\n", IntegrationSummaries.Sync([], file).ToMarkdown());
        Assert.Contains($"\n\nApplying the saved plan {named}.\n\n", IntegrationSummaries.Stopped([], file).ToMarkdown());
        Assert.DoesNotContain("saved plan", IntegrationSummaries.Plan([]).ToMarkdown());
    }
}
